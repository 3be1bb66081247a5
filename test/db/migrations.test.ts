// The committed migrations are what drizzle-kit generates from src/db/schema.ts: a schema change
// without its migration fails here.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { cpSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { projectRoot, migrationsDir } from '../../src/paths.js'
import { tempDir } from '../temp.js'

t.test('drizzle-kit finds nothing to migrate', async (t) => {
  const out = join(tempDir('cf-migrations-'), 'migrations')
  cpSync(migrationsDir, out, { recursive: true })
  const before = readdirSync(out).sort()
  const r = spawnSync(join(projectRoot, 'node_modules', '.bin', 'drizzle-kit'),
    // drizzle-kit resolves --out against the working folder, so it is given relative to it.
    ['generate', '--dialect', 'sqlite', '--schema', 'src/db/schema.ts', '--out', relative(projectRoot, out)], { cwd: projectRoot, encoding: 'utf8' })
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /No schema changes/)
  t.same(readdirSync(out).sort(), before, 'no new migration file')
})
