// What a build of the explorer is made from, and a build made on demand: the tests and the
// screenshot script build web/ when dist/web is missing or was built from other sources.
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const webDir = fileURLToPath(new URL('.', import.meta.url))
export const projectDir = join(webDir, '..')
export const outDir = join(projectDir, 'dist', 'web')
/** Written into the build by the Vite config: the hash of the sources it was built from. */
export const STAMP = '.source-hash'

function files (dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'generated' || name === 'node_modules') return []
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

/** A hash of web/ (but for generated files), the API contract its types come from and the lockfile. */
export function sourceHash (): string {
  const hash = createHash('sha256')
  for (const path of [...files(webDir), join(projectDir, 'openapi.yaml'), join(projectDir, 'package-lock.json')].sort()) {
    hash.update(relative(projectDir, path)).update('\0').update(readFileSync(path)).update('\0')
  }
  return hash.digest('hex').slice(0, 32)
}

const isCurrent = (): boolean => {
  const stamp = join(outDir, STAMP)
  return existsSync(join(outDir, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourceHash()
}

/**
 * Builds the explorer unless dist/web holds a build of the sources as they are. Test files run in
 * parallel: one builds (in a folder of its own, moved into place whole) while the others wait.
 */
export async function ensureBuilt (): Promise<void> {
  if (isCurrent()) return
  const lock = join(projectDir, 'dist', '.web-build.lock')
  mkdirSync(dirname(lock), { recursive: true })
  for (const started = Date.now(); ;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // A lock older than the longest build is left over from a killed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true })
      if (Date.now() - started > 300_000) throw new Error(`the explorer build lock ${lock} is held`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    if (isCurrent()) return
    const tmp = join(projectDir, 'dist', `.web-${process.pid}`)
    execFileSync('npm', ['run', '-s', 'web:types'], { cwd: projectDir, stdio: ['ignore', 'ignore', 'inherit'] })
    execFileSync(join(projectDir, 'node_modules', '.bin', 'vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn', '--outDir', tmp],
      { cwd: projectDir, stdio: ['ignore', 'ignore', 'inherit'] })
    rmSync(outDir, { recursive: true, force: true })
    renameSync(tmp, outDir)
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
