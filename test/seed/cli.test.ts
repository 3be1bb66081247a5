// The seed CLI as a user runs it: a bad quote makes it exit non-zero naming the file and entry,
// and the database it would have replaced is left byte for byte as it was.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { loadSeed } from '../../seed/loader.js'
import { buildDatabase } from '../../seed/build.js'
import { migrationsDir, projectRoot } from '../../src/paths.js'
import { tempDir } from '../temp.js'

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'seed')
// The CLI through tsx's loader in one process (the tsx command would start a second one to run it).
const NODE = process.execPath
const TS = ['--import', 'tsx']
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex')

function seedCli (args: string[]): { status: number | null, stdout: string, stderr: string } {
  const r = spawnSync(NODE, [...TS, join(projectRoot, 'seed', 'cli.ts'), ...args], { cwd: projectRoot, encoding: 'utf8' })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

t.test('a quote that no longer matches fails the seed and leaves the database as it was', async (t) => {
  const dir = tempDir('cf-cli-')
  cpSync(FIXTURE, join(dir, 'seed'), { recursive: true })
  const db = join(dir, 'facts.db')
  const ok = seedCli(['--seed', join(dir, 'seed'), '--db', db])
  t.equal(ok.status, 0, ok.stderr)
  const before = sha(db)

  const facts = join(dir, 'seed', 'facts', 'fixture-report.yaml')
  writeFileSync(facts, readFileSync(facts, 'utf8').replace('recovered 2.07 million yuan', 'recovered 2.07 million dollars'))
  const bad = seedCli(['--seed', join(dir, 'seed'), '--db', db])
  t.not(bad.status, 0, 'exits non-zero')
  t.match(bad.stderr, /fixture-report\.yaml/, 'names the file')
  t.match(bad.stderr, /id=fx-money-million/, 'names the entry')
  t.match(bad.stderr, /not in the document/, 'says what is wrong')
  t.equal(sha(db), before, 'the database is byte for byte unchanged')
  t.same(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file is left behind')
})

t.test('a build that fails before the rename leaves the old database and no temporary file', async (t) => {
  const dir = tempDir('cf-atomic-')
  const db = join(dir, 'facts.db')
  const data = loadSeed({ seedDir: FIXTURE, migrationsDir })
  buildDatabase(data, { databasePath: db, migrationsDir })
  const before = sha(db)
  t.throws(() => buildDatabase({ ...data, version: 'other' }, {
    databasePath: db, migrationsDir, beforeRename: () => { throw new Error('simulated crash') },
  }), /simulated crash/)
  t.equal(sha(db), before)
  t.same(readdirSync(dir), ['facts.db'])
  // And a successful rebuild replaces it whole.
  buildDatabase({ ...data, version: 'v2' }, { databasePath: db, migrationsDir })
  const conn = new Database(db, { readonly: true })
  t.equal((conn.prepare("SELECT value FROM dataset_info WHERE key='version'").get() as { value: string }).value, 'v2')
  t.equal((conn.prepare('SELECT count(*) AS n FROM indicators').get() as { n: number }).n, 7)
  conn.close()
})

t.test('--check writes nothing; --coverage reports and gates', async (t) => {
  const dir = tempDir('cf-check-')
  const db = join(dir, 'x.db')
  const r = seedCli(['--seed', FIXTURE, '--db', db, '--check'])
  t.equal(r.status, 0)
  t.notOk(existsSync(db))
  const cov = seedCli(['--seed', FIXTURE, '--coverage'])
  t.equal(cov.status, 0)
  t.match(cov.stdout, /unexplained: 0/)
  cpSync(FIXTURE, join(dir, 'seed'), { recursive: true })
  const facts = join(dir, 'seed', 'facts', 'fixture-report.yaml')
  writeFileSync(facts, readFileSync(facts, 'utf8').replace(/ignore:[\s\S]*$/, ''))
  const gap = seedCli(['--seed', join(dir, 'seed'), '--coverage'])
  t.equal(gap.status, 1, 'an unexplained number fails the coverage report')
  t.match(gap.stdout, /UNEXPLAINED "26"/)
})


t.test('--report lists revisions, dropped indicators, bases, inferred indicators and coverage', async (t) => {
  const r = seedCli(['--seed', FIXTURE, '--report'])
  t.equal(r.status, 0, r.stderr)
  const section = (title: string): string => {
    const at = r.stdout.indexOf(`## ${title}`)
    t.ok(at >= 0, `has a section "${title}"`)
    const next = r.stdout.indexOf('\n## ', at + 3)
    return r.stdout.slice(at, next === -1 ? undefined : next)
  }
  t.match(section('Revisions of the metrics catalog'), /enforcement\.money_executed → services\.livelihood_cases\.money_executed: The fixture's money is executed in livelihood cases\./)
  t.match(section('Dropped indicators'), /fx-old-duration \(fixture-report\): A phase's length is its event's dates\./)
  const bases = section('Bases other than stated')
  t.match(bases, /fx-talks .*: context: Not dated in its sentence; the report's date\./)
  t.match(bases, /fx-form-2 \(discipline\.four_forms\.share \[form=2\] = 14 .*: inferred: The sentence names no place; Changde from the report\./)
  const inferred = section('Inferred indicators')
  t.match(inferred, /fx-form-2 .*region inferred: The sentence names no place/)
  t.notMatch(inferred, /fx-talks/, 'a date from the framing is not an inference')
  t.match(section('Metrics and their coverage'), /discipline\.four_forms\.share \[percent\] \{form: 1\|2\|3\|4\} .*: 2 indicators, 2021-07-26\.\.2021-07-26; regions 430700 Changde \(2\); documents fixture-report \(2\)/)
})
