// Temporary files of database builds: one unique name per build, and the removal of those that
// killed builds left behind (their builder process no longer runs). Only fs imports, so that the
// service can tidy up at start without loading the seed builder.
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

/** `.NAME.PID.RANDOM.tmp` (and SQLite's `-journal`, `-wal`, `-shm` beside it): one name per build. */
export function temporaryName (databasePath: string): string {
  return join(dirname(databasePath), `.${basename(databasePath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes what builds of this database left behind when they were killed: temporary files whose
 * builder process no longer runs. A build still running (another process) keeps its own.
 * Returns the names removed.
 */
export function removeStaleTemporaries (databasePath: string): string[] {
  const dir = dirname(databasePath)
  if (!existsSync(dir)) return []
  const prefix = `.${basename(databasePath)}.`
  const removed: string[] = []
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue
    const m = /^\.(?:.+)\.(\d+)\.[0-9a-f]{8}\.tmp(?:-journal|-wal|-shm)?$/.exec(name)
    if (!m) continue
    const pid = Number(m[1])
    if (pid !== process.pid && isAlive(pid)) continue
    rmSync(join(dir, name), { force: true })
    removed.push(name)
  }
  return removed
}

