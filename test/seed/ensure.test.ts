// The service builds its database when it is missing or older than the seed data, and only then.
import t from 'tap'
import { cpSync, readFileSync, writeFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ensureDatabase, storedVersion } from '../../seed/ensure.js'
import { loadConfig } from '../../src/config.js'
import { tempDir } from '../temp.js'

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'seed')

t.test('missing → built; current → kept; seed changed → rebuilt', async (t) => {
  const dir = tempDir('cf-ensure-')
  const seed = join(dir, 'seed')
  cpSync(FIXTURE, seed, { recursive: true })
  const db = join(dir, 'data', 'facts.db')

  const first = await ensureDatabase(db, { seedDir: seed })
  t.equal(first.rebuilt, true, 'a missing database is built')
  t.equal(storedVersion(db), first.version)
  const built = statSync(db).mtimeMs

  const second = await ensureDatabase(db, { seedDir: seed })
  t.equal(second.rebuilt, false, 'a current database is kept')
  t.equal(statSync(db).mtimeMs, built)

  const facts = join(seed, 'facts', 'fixture-report.yaml')
  writeFileSync(facts, readFileSync(facts, 'utf8').replace('reason: date of the figures', 'reason: the date of the figures'))
  const third = await ensureDatabase(db, { seedDir: seed })
  t.equal(third.rebuilt, true, 'a change to the seed data makes it stale')
  t.not(third.version, first.version)
  t.equal(storedVersion(db), third.version)
})

t.test('a file that is not a database counts as missing', async (t) => {
  const dir = tempDir('cf-ensure-')
  const db = join(dir, 'facts.db')
  writeFileSync(db, 'not a database')
  t.equal(storedVersion(db), null)
  const r = await ensureDatabase(db, { seedDir: FIXTURE })
  t.equal(r.rebuilt, true)
})

t.test('configuration from the environment', async (t) => {
  const c = loadConfig({})
  t.same({ PORT: c.PORT, HOST: c.HOST, DATABASE_PATH: c.DATABASE_PATH, LOG_LEVEL: c.LOG_LEVEL }, { PORT: 3000, HOST: '127.0.0.1', DATABASE_PATH: 'data/campaign-facts.db', LOG_LEVEL: 'info' })
  t.equal(loadConfig({ PORT: '8080' }).PORT, 8080)
  t.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/)
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/)
})

t.test('the dataset version, and so the cached test database, covers the code that builds it', async (t) => {
  const { datasetVersion, buildCodeFiles } = await import('../../seed/version.js')
  const { projectRoot } = await import('../../src/paths.js')
  const files = buildCodeFiles().map((f) => f.slice(projectRoot.length + 1))
  for (const f of ['seed/loader.ts', 'seed/numbers.ts', 'seed/build.ts', 'seed/gazetteer.ts', 'seed/text.ts', 'src/domain/text.ts', 'src/domain/vocabulary.ts', 'src/db/schema.ts', 'src/queries/summary.ts', 'src/queries/indicators.ts', 'src/limits.ts']) {
    t.ok(files.includes(f), `${f} is part of the version`)
  }
  // A copy of the code: a change to the number parser alone makes a new version.
  const root = tempDir('cf-code-')
  for (const dir of ['seed', 'src/domain', 'src/db']) cpSync(join(projectRoot, dir), join(root, dir), { recursive: true, filter: (src) => !src.includes('/documents') && !src.includes('/facts') && !src.includes('/catalog') })
  const seed = join(projectRoot, 'test', 'fixtures', 'seed')
  const { migrationsDir } = await import('../../src/paths.js')
  const before = datasetVersion(seed, migrationsDir, root)
  t.equal(datasetVersion(seed, migrationsDir, root), before, 'the same code, the same version')
  const numbers = join(root, 'seed', 'numbers.ts')
  writeFileSync(numbers, readFileSync(numbers, 'utf8').replace('const more = ', 'const more  = '))
  t.not(datasetVersion(seed, migrationsDir, root), before, 'a change to seed/numbers.ts changes it')
})
