// Synthetic datasets for benchmarks and query-plan tests: N indicators, each a copy of a real one
// (its metric, unit, dimensions, organ, event, document, quote and offsets, so that every reference
// and citation is real) moved to a region drawn from the whole gazetteer, a date drawn from
// 2019–2023 at a drawn precision, and a drawn value. Deterministic for a given N and seed.
import type { Dataset, LoadedIndicator } from '../seed/loader.js'

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
