// `kill -9` of the seed build at random moments: the database it would replace is left byte for
// byte, and the next build removes what the killed one left behind. 6 kills here; 100 with
// RELIABILITY_LONG=1 (npm run test:reliability:long).
import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { projectRoot } from '../../src/paths.js'
import { tempDir } from '../temp.js'

const LONG = process.env.RELIABILITY_LONG === '1'
const KILLS = LONG ? 100 : 6
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'seed')
const CLI = join(projectRoot, 'seed', 'cli.ts')
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex')
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

// A deterministic sequence of kill moments, so that a failure can be replayed.
let seed = 20261201
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)

t.test(`${KILLS} kill -9 during seed builds leave the old database intact`, async (t) => {
  const dir = tempDir('cf-kill-')
  const seedDir = join(dir, 'seed')
  cpSync(FIXTURE, seedDir, { recursive: true })
  const db = join(dir, 'facts.db')
  // node itself runs the CLI (through tsx's loader), so that the kill reaches the builder and not a wrapper.
  const args = ['--import', 'tsx', CLI, '--seed', seedDir, '--db', db]
  const t0 = Date.now()
  const ok = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8' })
  const runtime = Date.now() - t0
  t.equal(ok.status, 0, ok.stderr)
  let before = sha(db)
  // Every killed build would have written a different dataset.
  const facts = join(seedDir, 'facts', 'fixture-report.yaml')
  writeFileSync(facts, readFileSync(facts, 'utf8').replace('reason: date of the figures', 'reason: the date of the figures'))
  const temporaries = (): string[] => readdirSync(dir).filter((n) => n.startsWith('.facts.db.'))

  let killedWhileWriting = 0
  for (let i = 0; i < KILLS; i++) {
    const left = new Set(temporaries())
    const fresh = (): string[] => temporaries().filter((n) => !left.has(n))
    const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: 'ignore' })
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
    // Half the kills at any moment of the run, half while the temporary database is being written.
    const whileWriting = i % 2 === 1
    const started = Date.now()
    if (whileWriting) {
      while (fresh().length === 0 && Date.now() - started < 10_000) await sleep(2)
      await sleep(random() * 60)
    } else {
      await sleep(random() * runtime * 0.7)
    }
    const writing = fresh().length > 0
    // The build may have finished on its own; only runs killed before the rename count.
    child.kill('SIGKILL')
    await exited
    if (sha(db) !== before) {
      // It finished before the kill came: then the new database must be whole, and is the one to keep.
      const conn = new Database(db, { readonly: true })
      t.equal((conn.pragma('integrity_check', { simple: true })), 'ok', `run ${i}: the build finished before the kill, and its database is whole`)
      conn.close()
      before = sha(db)
      continue
    }
    if (writing) killedWhileWriting++
    // What is left is the killed build's own, and perhaps its predecessor's (if this one died before tidying up).
    const builders = new Set(temporaries().map((n) => n.split('.')[3]))
    t.ok(builders.size <= 2, `run ${i}: left by at most the last two builds (${temporaries().join(', ') || 'none'})`)
  }
  t.ok(killedWhileWriting >= Math.floor(KILLS / 3), `${killedWhileWriting} of ${KILLS} kills hit a build while it wrote the database`)
  const conn = new Database(db, { readonly: true })
  t.equal(conn.pragma('integrity_check', { simple: true }), 'ok', 'the old database is whole')
  conn.close()
  t.equal(sha(db), before, 'and byte for byte as it was')

  // The next build tidies up and replaces the database whole.
  const next = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8' })
  t.equal(next.status, 0, next.stderr)
  t.same(temporaries(), [], 'no temporary file is left behind')
  t.not(sha(db), before, 'the database was rebuilt')
})
