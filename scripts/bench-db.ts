// `npm run bench:db -- --rows 1000000 --out data/bench-1m.db`: a synthetic database of N indicators,
// built the way the seed builds the real one (the same loader output, the same buildDatabase, so
// the same tables, indexes, precomputed tables and ANALYZE). Every synthetic indicator is a copy of
// a real one (its metric, unit, dimensions, organ, event, document, quote and offsets, so every
// reference and citation is real) moved to a region drawn from the whole gazetteer, a date drawn
// from 2019–2023 at a drawn precision, and a drawn value. Deterministic for a given --rows and
// --seed. Serve it with: DATABASE_PATH=<file> REBUILD_DATABASE=never npm start
import { parseArgs } from 'node:util'
import { loadSeed, type Dataset, type LoadedIndicator } from '../seed/loader.js'
import { buildDatabase } from '../seed/build.js'
import { migrationsDir, seedDir, resolveFromRoot } from '../src/paths.js'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string', default: 'data/bench.db' },
    seed: { type: 'string', default: '1' },
  },
})
const rows = Number(values.rows)
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer')

/** A small deterministic generator (mulberry32), so that two builds of N rows are the same data. */
function generator (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function synthesize (real: Dataset, n: number, seed: number): Dataset {
  const random = generator(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  const regions = real.regions.filter((r) => r.level !== 'country')
  const pad = (x: number): string => String(x).padStart(2, '0')
  const indicators: LoadedIndicator[] = []
  for (let i = 0; i < n; i++) {
    const base = real.indicators[i % real.indicators.length]!
    const year = 2019 + Math.floor(random() * 5)
    const month = 1 + Math.floor(random() * 12)
    const day = 1 + Math.floor(random() * 28)
    const precision = pick(['year', 'month', 'day', 'day'] as const)
    const date = precision === 'year' ? String(year) : precision === 'month' ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`
    const value = base.unit === 'percent' ? Math.round(random() * 10000) / 100 : Math.floor(random() ** 3 * 1_000_000)
    indicators.push({
      ...base,
      id: `syn-${String(i).padStart(7, '0')}`,
      regionCode: pick(regions).code,
      date,
      datePrecision: precision,
      periodStart: null,
      periodStartPrecision: null,
      value,
      valueText: String(value),
    })
  }
  return { ...real, version: `synthetic-${n}-${seed}`, indicators: [...real.indicators, ...indicators] }
}

const started = Date.now()
const real = loadSeed({ seedDir, migrationsDir })
const data = synthesize(real, rows, Number(values.seed))
const out = resolveFromRoot(values.out)
buildDatabase(data, { databasePath: out, migrationsDir })
console.log(`bench:db: wrote ${out}: ${data.indicators.length} indicators (${rows} synthetic + ${real.indicators.length} real) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
