// Summaries and observation tables called directly, each answer checked against an oracle that
// applies the documented rules in plain JavaScript to the tables: on the test database, and on a
// copy with figures added for what the dataset lacks (cells that contain others in every way, two
// units in a group, a county directly under its province, thousands of figures at the limits).
import t, { type Test } from 'tap'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import Database from 'better-sqlite3'
import { openDatabase } from '../../src/db/client.js'
import {
  QueryContext, SUMMARY_KEYS, ROLLUP_LEVELS, checkSummaryRequest, summarizeIndicators, storedSummaryBody, precomputedRequests,
  precomputeSummaries, listObservations, type IndicatorFilter, type SummaryKey, type RollupLevel, type Summary, type SummaryRow,
  type SummaryOmission, type Observations,
} from '../../src/queries/index.js'
import { DIMENSION_NAMES, NON_ADDITIVE_UNITS, dimensionValue } from '../../src/domain/index.js'
import { LIMITS } from '../../src/limits.js'
import { testDatabasePath } from '../database.js'
import { tempDir } from '../temp.js'

type Row = Record<string, any>

const databasePath = await testDatabasePath()
const handle = openDatabase(databasePath)
t.teardown(() => handle.close())
const ctx = new QueryContext(handle.sqlite)

// ---- the copy with added figures ----

const BULK = 10_001
const scratch = tempDir('cf-summary-')

/** A figure to add: what the loader would have written, reduced to what summaries read. */
interface Added { id: string, metric: string, region: string, value: number, date?: string, organ?: string, dims?: Record<string, string>, unit?: string, phase?: string, periodStart?: string, document?: string }

const ADDED_METRICS: Array<[string, string]> = [
  ['zz.contain.regions', 'cases'], ['zz.contain.organs', 'cases'], ['zz.contain.dims', 'cases'], ['zz.mixed.basis', 'cases'],
  ['zz.twice.cells', 'cases'], ['zz.share.parts', 'percent'], ['zz.units.mixed', 'persons'], ['zz.wide.reports', 'cases'],
  ['zz.comparable.ties', 'cases'], ['zz.bulk.items', 'items'],
]
const REPORT = 'report_meeting'
const ADDED: Added[] = [
  // A province holds its prefectures, a prefecture its counties; siblings hold nothing of each other.
  { id: 'zz-r1', metric: 'zz.contain.regions', region: '430000', value: 100 },
  { id: 'zz-r2', metric: 'zz.contain.regions', region: '430700', value: 30 },
  { id: 'zz-r3', metric: 'zz.contain.regions', region: '430100', value: 20 },
  { id: 'zz-r4', metric: 'zz.contain.regions', region: '430112', value: 5, organ: 'wangcheng-psb' },
  { id: 'zz-r5', metric: 'zz.contain.regions', region: 'CN', value: 900 },
  // One region: the whole region holds its organs, organs are disjoint, an organ holds no whole.
  { id: 'zz-o1', metric: 'zz.contain.organs', region: '210000', value: 50 },
  { id: 'zz-o2', metric: 'zz.contain.organs', region: '210000', value: 20, organ: 'liaoning-high-peoples-court' },
  { id: 'zz-o3', metric: 'zz.contain.organs', region: '210000', value: 10, organ: 'liaoning-peoples-procuratorate' },
  { id: 'zz-o4', metric: 'zz.contain.organs', region: '430000', value: 7, organ: 'hunan-high-peoples-court' },
  { id: 'zz-o5', metric: 'zz.contain.organs', region: '430700', value: 3, organ: 'changde-intermediate-court' },
  // Totals of two dimensions: `all` holds each of its values, a value holds no other.
  { id: 'zz-d1', metric: 'zz.contain.dims', region: '440000', value: 90, dims: { activity: 'all', area: 'all' } },
  { id: 'zz-d2', metric: 'zz.contain.dims', region: '440000', value: 30, dims: { activity: REPORT, area: 'all' } },
  { id: 'zz-d3', metric: 'zz.contain.dims', region: '440000', value: 40, dims: { activity: 'all', area: 'rural' } },
  { id: 'zz-d4', metric: 'zz.contain.dims', region: '440000', value: 12, dims: { activity: REPORT, area: 'rural' } },
  { id: 'zz-d5', metric: 'zz.contain.dims', region: '440100', value: 4, dims: { activity: 'film_screening', area: 'rural' } },
  { id: 'zz-d6', metric: 'zz.contain.dims', region: '450000', value: 10, dims: { activity: 'all', area: 'rural' } },
  { id: 'zz-d7', metric: 'zz.contain.dims', region: '450000', value: 20, dims: { activity: REPORT, area: 'all' } },
  { id: 'zz-d8', metric: 'zz.contain.dims', region: '450000', value: 6, dims: { activity: 'film_screening', area: 'all' }, organ: 'hunan-high-peoples-court' },
  { id: 'zz-d9', metric: 'zz.contain.dims', region: '450000', value: 2, dims: { activity: 'all', area: 'all' }, organ: 'hunan-peoples-procuratorate' },
  // A province's own figure for one value, its prefecture's for another: both, mixed.
  { id: 'zz-m1', metric: 'zz.mixed.basis', region: '460000', value: 6, dims: { activity: REPORT } },
  { id: 'zz-m2', metric: 'zz.mixed.basis', region: '460100', value: 2, dims: { activity: 'film_screening' } },
  { id: 'zz-m3', metric: 'zz.mixed.basis', region: '460100', value: 1, dims: { activity: REPORT } },
  // Cells of several figures: the first of them (by region) is named.
  { id: 'zz-t1', metric: 'zz.twice.cells', region: '430000', value: 4, dims: { activity: REPORT }, organ: 'hunan-high-peoples-court', date: '2021-03' },
  { id: 'zz-t2', metric: 'zz.twice.cells', region: '430000', value: 5, dims: { activity: REPORT }, organ: 'hunan-high-peoples-court', date: '2021-09' },
  { id: 'zz-t3', metric: 'zz.twice.cells', region: '410000', value: 1, dims: { activity: 'film_screening' }, date: '2021-01' },
  { id: 'zz-t4', metric: 'zz.twice.cells', region: '410000', value: 2, dims: { activity: 'film_screening' }, date: '2021-02' },
  { id: 'zz-t5', metric: 'zz.twice.cells', region: '410000', value: 3, dims: { activity: 'film_screening' }, date: '2021-04' },
  { id: 'zz-t6', metric: 'zz.twice.cells', region: '430000', value: 11, dims: { activity: 'all' }, date: '2021-12' },
  // Shares: one adds to nothing, two do not add up.
  { id: 'zz-s1', metric: 'zz.share.parts', region: '430000', value: 60, dims: { form: '1' }, unit: 'percent' },
  { id: 'zz-s2', metric: 'zz.share.parts', region: '430000', value: 40, dims: { form: '2' }, unit: 'percent' },
  // Units: two in one cell, or one per cell but two in a group.
  { id: 'zz-u1', metric: 'zz.units.mixed', region: '210000', value: 1, unit: 'persons' },
  { id: 'zz-u2', metric: 'zz.units.mixed', region: '210000', value: 2, unit: 'sessions' },
  { id: 'zz-u3', metric: 'zz.units.mixed', region: '430000', value: 3, unit: 'persons' },
  { id: 'zz-u4', metric: 'zz.units.mixed', region: '430700', value: 4, unit: 'person_times' },
  // Two reports of one figure: wide rows take it once if they agree, refuse if they do not.
  { id: 'zz-w1', metric: 'zz.wide.reports', region: '430000', value: 5, date: '2021-06', periodStart: '2021-02', document: 'first-batch-results-2021' },
  { id: 'zz-w2', metric: 'zz.wide.reports', region: '430000', value: 5, date: '2021-06', periodStart: '2021-02', document: 'hunan-political-legal-2021' },
  { id: 'zz-w3', metric: 'zz.wide.reports', region: '430000', value: 6, date: '2021-06', periodStart: '2021-02', document: 'liaoning-second-batch-2022' },
  { id: 'zz-w4', metric: 'zz.wide.reports', region: '210000', value: 8, date: '2021-06' },
  { id: 'zz-w5', metric: 'zz.wide.reports', region: '210000', value: 9, date: '2021-06', document: 'liaoning-second-batch-2022' },
  { id: 'zz-w6', metric: 'zz.wide.reports', region: '210000', value: 1, date: '2021-06', organ: 'liaoning-high-peoples-court' },
  { id: 'zz-w7', metric: 'zz.wide.reports', region: '210000', value: 2, date: '2021-05', phase: 'second-batch' },
  // Periods that tie on regions (then the later date is kept), and on date (then the phase first by id, none first of all).
  { id: 'zz-c1', metric: 'zz.comparable.ties', region: '430000', value: 1, date: '2021-06' },
  { id: 'zz-c2', metric: 'zz.comparable.ties', region: '210000', value: 2, date: '2021-09' },
  { id: 'zz-c3', metric: 'zz.comparable.ties', region: '430000', value: 3, date: '2021-09', phase: 'second-batch' },
  { id: 'zz-c4', metric: 'zz.comparable.ties', region: '440000', value: 4, date: '2021-09', phase: 'first-batch' },
  { id: 'zz-c5', metric: 'zz.comparable.ties', region: '430000', value: 5, date: '2021-06', dims: { activity: REPORT }, phase: 'second-batch' },
  { id: 'zz-c6', metric: 'zz.comparable.ties', region: '210000', value: 6, date: '2021-06', dims: { activity: REPORT }, phase: 'first-batch' },
  { id: 'zz-c7', metric: 'zz.comparable.ties', region: '440000', value: 7, date: '2021-06', dims: { activity: REPORT }, phase: 'first-batch', periodStart: '2021-01' },
]
// Thousands of figures for a county directly under its province (Dongcheng, Beijing), a month
// each, valued by their number: the limits on rows, ids and figures, and a county no prefecture holds.
const BULK_FIGURES: Added[] = []
for (let i = 0; i < BULK; i++) {
  BULK_FIGURES.push({ id: `zz-b${String(i).padStart(5, '0')}`, metric: 'zz.bulk.items', region: '110101', value: i, date: `${1000 + (i >> 1)}-0${1 + (i & 1)}` })
}

function addFigures (path: string, figures: Added[]): void {
  const db = new Database(path)
  const regions = new Map((db.prepare('SELECT code, level, path FROM regions').all() as Row[]).map((r) => [r.code as string, r]))
  const organKind = db.prepare('SELECT kind FROM organs WHERE id = ?')
  const metric = db.prepare("INSERT INTO metrics (code, name, unit, category, description, search_text) VALUES (?, ?, ?, 'zz', '', '')")
  const insert = db.prepare(`INSERT INTO indicators (id, metric_code, category, value, value_text, unit, qualifier, date, date_precision, period_start,
      period_start_precision, region_code, organ_id, organ_kind, document_id, quote, start_offset, end_offset, search_text, dimensions, phase_id,
      region_level, province_code, prefecture_code, county_code)
    VALUES (?, ?, 'zz', ?, ?, ?, 'exact', ?, 'month', ?, ?, ?, ?, ?, ?, '', 0, 0, '', ?, ?, ?, ?, ?, ?)`)
  const dimension = db.prepare('INSERT INTO indicator_dimensions (indicator_id, dimension, value) VALUES (?, ?, ?)')
  db.transaction(() => {
    for (const [code, unit] of ADDED_METRICS) metric.run(code, `Added ${code}`, unit)
    for (const a of figures) {
      const r = regions.get(a.region)!
      const at: Record<string, string> = {}
      for (const code of (r.path as string).split('/')) at[regions.get(code)!.level] = code
      const dims = a.dims ?? {}
      insert.run(a.id, a.metric, a.value, String(a.value), a.unit ?? ADDED_METRICS.find(([m]) => m === a.metric)![1], a.date ?? '2021-07',
        a.periodStart ?? null, a.periodStart ? 'month' : null, a.region, a.organ ?? null,
        a.organ ? (organKind.get(a.organ) as { kind: string }).kind : null, a.document ?? 'first-batch-results-2021',
        JSON.stringify(Object.fromEntries(DIMENSION_NAMES.filter((d) => dims[d] !== undefined).map((d) => [d, dims[d]]))), a.phase ?? null,
        r.level, at.province ?? null, at.prefecture ?? null, at.county ?? null)
      for (const [d, v] of Object.entries(dims)) dimension.run(a.id, d, v)
    }
  })()
  db.close()
}

/** A copy of the test database with the figures added, open. */
function withFigures (name: string, figures: Added[]): { path: string, db: Database.Database, ctx: QueryContext } {
  const path = join(scratch, name)
  copyFileSync(databasePath, path)
  addFigures(path, figures)
  const h = openDatabase(path)
  t.teardown(() => h.close())
  return { path, db: h.sqlite, ctx: new QueryContext(h.sqlite) }
}
const added = withFigures('added.db', ADDED)
const actx = added.ctx
// Made by the first test that needs it: a mutant that an earlier test kills costs no more.
let bulkContext: QueryContext | undefined
const bulk = (): QueryContext => (bulkContext ??= withFigures('bulk.db', [...ADDED.filter((a) => a.metric === 'zz.contain.regions'), ...BULK_FIGURES]).ctx)

// ---- the oracle ----

interface Tables { indicators: Row[], regions: Map<string, Row>, metrics: Map<string, Row>, organs: Map<string, Row>, events: Map<string, Row>, documents: Map<string, Row> }

function tables (db: Database.Database): Tables {
  const all = (sql: string): Row[] => db.prepare(sql).all() as Row[]
  const by = (rows: Row[], key: string): Map<string, Row> => new Map(rows.map((r) => [r[key] as string, r]))
  return {
    indicators: all('SELECT * FROM indicators'),
    regions: by(all('SELECT code, name, name_zh, level, path FROM regions'), 'code'),
    metrics: by(all('SELECT code, name, category FROM metrics'), 'code'),
    organs: by(all('SELECT id, name FROM organs'), 'id'),
    events: by(all('SELECT id, title FROM events'), 'id'),
    documents: by(all('SELECT id, title FROM documents'), 'id'),
  }
}
const REAL = tables(handle.sqlite)
const WITH_ADDED = tables(added.db)

/** Arrays compared element by element, as SQLite compares text (these are ASCII). */
function compare (a: Array<string | number>, b: Array<string | number>): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
  return 0
}

const inside = (T: Tables, code: string, ancestor: string): boolean =>
  code === ancestor || (T.regions.get(code)!.path as string).startsWith(`${T.regions.get(ancestor)!.path as string}/`)

const DEPTH: Record<string, number> = { country: 0, province: 1, prefecture: 2, county: 3 }
const DETAIL: Record<SummaryOmission['reason'], (level: string) => string> = {
  above_level: (l) => `figures for a region above the ${l} level (such as the whole country) belong to no ${l}`,
  no_region_at_level: (l) => `figures for a region that the gazetteer places under no ${l} (a county directly under its province)`,
}

function keyValue (r: Row, key: SummaryKey, rollup: RollupLevel | null): string | null {
  switch (key) {
    case 'region': return rollup ? r[`${rollup}_code`] : r.region_code
    case 'metric': return r.metric_code
    case 'category': return r.category
    case 'organ': return r.organ_id
    case 'organKind': return r.organ_kind
    case 'document': return r.document_id
    case 'year': return r.date.slice(0, 4)
    case 'month': return r.date.length >= 7 ? r.date.slice(0, 7) : null
    case 'phase': return r.phase_id
    default: return JSON.parse(r.dimensions)[key] ?? null
  }
}

function keyFields (T: Tables, key: SummaryKey, v: string | null): Partial<SummaryRow> {
  switch (key) {
    case 'region': {
      const g = T.regions.get(v!)!
      return { region: { code: g.code, name: g.name, nameZh: g.name_zh, level: g.level } }
    }
    case 'metric': return {}
    case 'category': return { category: v! }
    case 'organ': return { organ: v === null ? null : { id: v, name: T.organs.get(v)!.name } }
    case 'organKind': return { organKind: v }
    case 'document': return { document: { id: v!, title: T.documents.get(v!)!.title } }
    case 'year': return { year: v! }
    case 'month': return { month: v }
    case 'phase': return { phase: v === null ? null : { id: v, title: T.events.get(v)!.title } }
    default: return { dimensions: { [key]: v } }
  }
}

interface OracleCell { region: string, path: string, dimsText: string, dims: Record<string, string>, organ: string | null, n: number, sum: number }

/**
 * The documented rule: a cell contains another when each of its dimension values is the other's
 * or a total, and its region holds the other's, or the region is the same and it is the whole
 * region where the other is an organ, or it totals a dimension the other gives a value of.
 */
function holds (a: OracleCell, b: OracleCell): boolean {
  const names = Object.keys(b.dims)
  if (!names.every((d) => a.dims[d] === b.dims[d] || dimensionValue(d, a.dims[d] ?? '')?.total === true)) return false
  if (b.path.startsWith(`${a.path}/`)) return true
  if (a.path !== b.path) return false
  if (a.organ !== null && a.organ !== b.organ) return false
  return (a.organ === null && b.organ !== null) || names.some((d) => a.dims[d] !== b.dims[d])
}

const describeCell = (c: OracleCell): string => {
  const parts = Object.entries(c.dims).map(([d, v]) => `${d}: ${v}`)
  if (c.organ !== null) parts.push(`organ ${c.organ}`)
  return parts.length === 0 ? c.region : `${c.region} (${parts.join(', ')})`
}

function oracleSummary (T: Tables, selected: Row[], keys: SummaryKey[], rollup: RollupLevel | null): Summary {
  const order = (r: Row): string[] => [r.metric_code, ...keys.map((k) => keyValue(r, k, rollup) ?? ''), T.regions.get(r.region_code)!.path, r.dimensions, r.organ_id ?? '', r.id]
  const sorted = selected.map((r) => ({ r, o: order(r) })).sort((a, b) => compare(a.o, b.o)).map((x) => x.r)
  const omitted: SummaryOmission[] = []
  const groups: Array<{ key: string, values: Array<string | null>, rows: Row[] }> = []
  for (const r of sorted) {
    if (rollup && r[`${rollup}_code`] === null) {
      const reason = DEPTH[r.region_level]! < DEPTH[rollup]! ? 'above_level' : 'no_region_at_level'
      let o = omitted.find((x) => x.reason === reason)
      if (!o) omitted.push(o = { reason, detail: DETAIL[reason](rollup), count: 0, indicators: [] })
      o.count++
      if (o.indicators.length < LIMITS.summaryIds) o.indicators.push(r.id)
      continue
    }
    const values = keys.map((k) => keyValue(r, k, rollup))
    const key = [r.metric_code, ...values.map((v) => v ?? '')].join('|')
    const last = groups[groups.length - 1]
    if (last?.key === key) last.rows.push(r)
    else groups.push({ key, values, rows: [r] })
  }
  const rows = groups.map(({ key, values, rows: figures }): SummaryRow => {
    const units = new Set(figures.map((r) => r.unit))
    if (units.size !== 1) throw new Error(`the oracle was given a group of two units: ${key}`)
    const unit = figures[0]!.unit as string
    const cells: OracleCell[] = []
    for (const r of figures) {
      let c = cells.find((x) => x.region === r.region_code && x.dimsText === r.dimensions && x.organ === r.organ_id)
      if (!c) cells.push(c = { region: r.region_code, path: T.regions.get(r.region_code)!.path, dimsText: r.dimensions, dims: JSON.parse(r.dimensions), organ: r.organ_id, n: 0, sum: 0 })
      c.n++
      c.sum += r.value
    }
    const outer = cells.filter((c) => !cells.some((o) => o !== c && holds(o, c)))
    const summed = outer.reduce((n, c) => n + c.n, 0)
    const twice = outer.find((c) => c.n > 1)
    let sum: number | null = null
    let sumNote: string | null = null
    if (twice) sumNote = `${twice.n} figures for ${describeCell(twice)} in one group may count the same things (other periods or reports): group or filter by phase, year or document`
    else if ((NON_ADDITIVE_UNITS as readonly string[]).includes(unit) && summed > 1) sumNote = `figures in ${unit} do not add up`
    else sum = outer.reduce((s, c) => s + c.sum, 0)
    let basis: SummaryRow['basis'] = null
    const at = keys.indexOf('region')
    if (at >= 0) {
      const own = outer.filter((c) => c.region === values[at]).length
      basis = own === outer.length ? 'stated' : own === 0 ? 'parts' : 'mixed'
    }
    const metric = T.metrics.get(figures[0]!.metric_code)!
    const fields: Partial<SummaryRow> = {}
    keys.forEach((k, n) => {
      const f = keyFields(T, k, values[n]!)
      Object.assign(fields, f, f.dimensions ? { dimensions: { ...fields.dimensions, ...f.dimensions } } : {})
    })
    const numbers = figures.map((r) => r.value as number)
    return {
      key, metric: { code: metric.code, name: metric.name, category: metric.category }, unit, ...fields,
      count: figures.length, summed, sum, sumNote, min: Math.min(...numbers), max: Math.max(...numbers), basis,
      documents: [...new Set(figures.map((r) => r.document_id as string))].sort(),
      indicators: figures.slice(0, LIMITS.summaryIds).map((r) => r.id),
    }
  })
  return { groupBy: keys, rollup, rows, omitted }
}

/** Deep strict equality, compared natively: tap's own comparison of every summary took seconds. */
function same (t: Test, got: unknown, expected: unknown, name: string): void {
  if (isDeepStrictEqual(got, expected)) t.pass(name)
  else t.strictSame(got, expected, name)
}

/** The refusal a call makes: its parameter and what it says. */
function refusal (fn: () => unknown): { parameter?: string, detail?: string, message?: string } | null {
  try {
    fn()
    return null
  } catch (err) {
    const e = err as { parameter?: string, detail?: string, message: string }
    return { parameter: e.parameter, detail: e.detail, message: e.message }
  }
}
const refused = (parameter: string, detail: string): { parameter: string, detail: string, message: string } =>
  ({ parameter, detail, message: `Invalid value for parameter ${parameter}: ${detail}` })

// Every level of region: a filter that selects every figure, so that the answer is computed, not looked up.
const EVERY_LEVEL: IndicatorFilter = { regionLevel: ['country', 'province', 'prefecture', 'county'] }
const requestName = (keys: string[], rollup: string | null, filter: IndicatorFilter): string =>
  `groupBy=${keys.join(',')}${rollup ? ` rollup=${rollup}` : ''} ${JSON.stringify(filter)}`

t.test('summaries by every key and roll-up are the oracle\'s, on every figure', async (t) => {
  const requests: Array<[SummaryKey[], RollupLevel | null]> = [
    ...SUMMARY_KEYS.map((k): [SummaryKey[], null] => [[k], null]),
    ...ROLLUP_LEVELS.map((l): [SummaryKey[], RollupLevel] => [['region'], l]),
  ]
  for (const k of ['metric', 'category', 'organ', 'organKind', 'document', 'year', 'month', 'phase', 'activity'] as const) requests.push([['region', k], null], [[k, 'region'], null])
  requests.push([['organ', 'phase'], null], [['month', 'organKind'], null], [['form', 'activity'], null], [['activity', 'area'], null], [['document', 'scope'], null])
  for (const l of ROLLUP_LEVELS) requests.push([['region', 'phase'], l], [['organ', 'region'], l], [['activity', 'region'], l])
  let omissions = 0
  for (const [keys, rollup] of requests) {
    const got = summarizeIndicators(ctx, EVERY_LEVEL, { groupBy: keys, rollup: rollup ?? undefined })
    const expected = oracleSummary(REAL, REAL.indicators, keys, rollup)
    same(t, got, expected, requestName(keys, rollup, EVERY_LEVEL))
    omissions += got.omitted.length
  }
  t.ok(omissions > 0, 'roll-ups leave figures out, and say so')
})

/** Filters of the oracle's own: what each selects. */
const FILTERS: Array<[IndicatorFilter, (T: Tables, r: Row) => boolean]> = [
  [{ region: ['430000'] }, (T, r) => inside(T, r.region_code, '430000')],
  [{ phase: ['first-batch'] }, (_, r) => r.phase_id === 'first-batch'],
  [{ metric: ['education.*', 'heroes.*'] }, (_, r) => /^(education|heroes)\./.test(r.metric_code)],
  [{ regionLevel: ['prefecture', 'county'] }, (_, r) => r.region_level === 'prefecture' || r.region_level === 'county'],
]

t.test('filtered summaries are the oracle\'s over the figures the filter selects', async (t) => {
  for (const [filter, keep] of FILTERS) {
    const selected = REAL.indicators.filter((r) => keep(REAL, r))
    t.ok(selected.length > 0 && selected.length < REAL.indicators.length, `${JSON.stringify(filter)} selects some figures`)
    for (const [keys, rollup] of [[['region'], 'province'], [['region'], 'prefecture'], [['metric'], null], [['phase', 'region'], 'county'], [['year'], null]] as Array<[SummaryKey[], RollupLevel | null]>) {
      same(t, summarizeIndicators(ctx, filter, { groupBy: keys, rollup: rollup ?? undefined }), oracleSummary(REAL, selected, keys, rollup), requestName(keys, rollup, filter))
    }
  }
})

const ADDED_CODES = ADDED_METRICS.map(([m]) => m).filter((m) => m !== 'zz.units.mixed' && m !== 'zz.bulk.items')

t.test('added figures: cells that contain others by region, organ and dimension are summed once, and the row says why not', async (t) => {
  const zz = WITH_ADDED.indicators.filter((r) => ADDED_CODES.includes(r.metric_code))
  for (const [keys, rollup] of [
    [['metric'], null], [['region'], null], [['region'], 'province'], [['region'], 'prefecture'], [['region'], 'county'], [['organ'], null],
    [['activity'], null], [['area', 'region'], 'province'], [['organKind', 'activity'], null], [['month'], null], [['document'], null], [['form'], null],
  ] as Array<[SummaryKey[], RollupLevel | null]>) {
    same(t, summarizeIndicators(actx, { metric: ADDED_CODES }, { groupBy: keys, rollup: rollup ?? undefined }), oracleSummary(WITH_ADDED, zz, keys, rollup), requestName(keys, rollup, {}))
  }
  // Subsets: what is left when the containing cells are filtered away.
  for (const [filter, keep] of [
    [{ organ: ['liaoning-high-peoples-court', 'liaoning-peoples-procuratorate'] }, (r: Row) => ['liaoning-high-peoples-court', 'liaoning-peoples-procuratorate'].includes(r.organ_id)],
    [{ dimension: ['area:rural'] }, (r: Row) => JSON.parse(r.dimensions).area === 'rural'],
    [{ dimension: [`activity:${REPORT}`] }, (r: Row) => JSON.parse(r.dimensions).activity === REPORT],
    [{ region: ['430100', '430700'] }, (r: Row) => ['430100', '430700', '430112'].includes(r.region_code)],
    [{ id: ['zz-t1', 'zz-t2', 'zz-t3', 'zz-t4', 'zz-t5', 'zz-s1', 'zz-m2', 'zz-m3'] }, (r: Row) => ['zz-t1', 'zz-t2', 'zz-t3', 'zz-t4', 'zz-t5', 'zz-s1', 'zz-m2', 'zz-m3'].includes(r.id)],
  ] as Array<[IndicatorFilter, (r: Row) => boolean]>) {
    const selected = zz.filter(keep)
    for (const [keys, rollup] of [[['metric'], null], [['region'], 'province'], [['organ'], null]] as Array<[SummaryKey[], RollupLevel | null]>) {
      same(t, summarizeIndicators(actx, { ...filter, metric: ADDED_CODES }, { groupBy: keys, rollup: rollup ?? undefined }), oracleSummary(WITH_ADDED, selected, keys, rollup), requestName(keys, rollup, filter))
    }
  }
  // The cases themselves, spelled out.
  const byMetric = new Map(summarizeIndicators(actx, { metric: ADDED_CODES }, { groupBy: ['metric'] }).rows.map((r) => [r.metric.code, r]))
  const cell = (code: string): Array<unknown> => { const r = byMetric.get(code)!; return [r.count, r.summed, r.sum, r.sumNote] }
  t.same(cell('zz.contain.regions'), [5, 1, 900, null], 'the country holds every region')
  t.same(cell('zz.contain.organs'), [5, 2, 57, null], 'Liaoning holds its organs; Hunan\'s court holds Changde\'s, whatever its organ')
  t.same(cell('zz.contain.dims'), [9, 5, 128, null], 'all of both dimensions holds each value in the region and below it, a value no other value')
  t.same(cell('zz.share.parts'), [2, 2, null, 'figures in percent do not add up'])
  t.same(cell('zz.twice.cells'), [6, 4, null, '3 figures for 410000 (activity: film_screening) in one group may count the same things (other periods or reports): group or filter by phase, year or document'])
  const hunan = summarizeIndicators(actx, { id: ['zz-t1', 'zz-t2', 'zz-s1'] }, { groupBy: ['metric'] }).rows.map((r) => [r.metric.code, r.sum, r.sumNote])
  t.same(hunan, [
    ['zz.share.parts', 60, null],
    ['zz.twice.cells', null, '2 figures for 430000 (activity: report_meeting, organ hunan-high-peoples-court) in one group may count the same things (other periods or reports): group or filter by phase, year or document'],
  ], 'one share adds up to itself; a cell of an organ and a value, named with both')
  const bases = summarizeIndicators(actx, { metric: ['zz.mixed.basis', 'zz.contain.regions'] }, { groupBy: ['region'], rollup: 'province' }).rows.map((r) => [r.metric.code, r.region!.code, r.basis, r.sum])
  t.same(bases, [['zz.contain.regions', '430000', 'stated', 100], ['zz.mixed.basis', '460000', 'mixed', 8]])
  t.same(summarizeIndicators(actx, { metric: ['zz.contain.regions'], region: ['430100'] }, { groupBy: ['region'], rollup: 'province' }).rows.map((r) => [r.basis, r.sum, r.summed]), [['parts', 20, 1]])
})

t.test('a roll-up leaves out, counted and listed, the figures above its level and those of no region at it', async (t) => {
  const s = summarizeIndicators(bulk(), { metric: ['zz.bulk.items', 'zz.contain.regions'] }, { groupBy: ['region'], rollup: 'prefecture' })
  const ids = BULK_FIGURES.map((r) => r.id).sort()
  t.strictSame(s.omitted, [
    { reason: 'no_region_at_level', detail: 'figures for a region that the gazetteer places under no prefecture (a county directly under its province)', count: BULK, indicators: ids.slice(0, LIMITS.summaryIds) },
    { reason: 'above_level', detail: 'figures for a region above the prefecture level (such as the whole country) belong to no prefecture', count: 2, indicators: ['zz-r5', 'zz-r1'] },
  ])
  t.same(s.rows.map((r) => [r.region!.code, r.sum, r.basis]), [['430100', 20, 'stated'], ['430700', 30, 'stated']])
  const county = summarizeIndicators(bulk(), { metric: ['zz.bulk.items'] }, { groupBy: ['region'], rollup: 'county' })
  t.same(county.omitted, [])
  t.same(county.rows.map((r) => [r.region!.code, r.count, r.indicators.length]), [['110101', BULK, LIMITS.summaryIds]])
  t.equal(county.rows[0]!.sumNote, `${BULK} figures for 110101 in one group may count the same things (other periods or reports): group or filter by phase, year or document`)
  t.same(county.rows[0]!.indicators, ids.slice(0, LIMITS.summaryIds), 'the first ids, in order')
  t.same([county.rows[0]!.min, county.rows[0]!.max], [0, BULK - 1])
})

t.test('summaries are refused beyond their number of rows and where a group would mix units', async (t) => {
  const byMonth = (maxValue: number): Summary => summarizeIndicators(bulk(), { metric: ['zz.bulk.items'], maxValue }, { groupBy: ['month'] })
  t.equal(byMonth(LIMITS.summaryRows - 1).rows.length, LIMITS.summaryRows, 'as many groups as allowed')
  t.strictSame(refusal(() => byMonth(LIMITS.summaryRows)), refused('groupBy', `more than ${LIMITS.summaryRows} groups; narrow the filter or group by fewer keys`))
  const units = { metric: ['zz.units.mixed'] }
  t.strictSame(refusal(() => summarizeIndicators(actx, units, { groupBy: ['region'] })),
    refused('groupBy', 'the figures of metric zz.units.mixed come in more than one unit; a group would mix them (filter by unit)'), 'two units in one cell')
  t.strictSame(refusal(() => summarizeIndicators(actx, { ...units, region: ['430000'] }, { groupBy: ['phase'] })),
    refused('groupBy', 'the figures of metric zz.units.mixed come in more than one unit (persons, person_times); a group would mix them (filter by unit)'), 'two units in one group')
  t.strictSame(summarizeIndicators(actx, { ...units, region: ['430000'] }, { groupBy: ['region'] }).rows.map((r) => [r.region!.code, r.unit, r.sum]),
    [['430000', 'persons', 3], ['430700', 'person_times', 4]], 'apart, each in its own unit')
  t.strictSame(refusal(() => summarizeIndicators(actx, units, { groupBy: ['region'], rollup: 'prefecture' })),
    refused('groupBy', 'the figures of metric zz.units.mixed come in more than one unit; a group would mix them (filter by unit)'), 'even where the cell is left out of the roll-up')
})

t.test('requests are checked: one or two known keys, a known roll-up with region', async (t) => {
  const keys = SUMMARY_KEYS.join(', ')
  for (const [groupBy, rollup, parameter, detail] of [
    [[], undefined, 'groupBy', `required: one or two of ${keys}`],
    [['region', 'metric', 'year'], undefined, 'groupBy', 'at most two keys (rows are always split by metric as well); got 3'],
    [['colour'], undefined, 'groupBy', `unknown key 'colour'; keys: ${keys}`],
    [['year', 'colour'], undefined, 'groupBy', `unknown key 'colour'; keys: ${keys}`],
    [['year', 'year'], undefined, 'groupBy', '\'year\' is given twice'],
    [['region'], 'township', 'rollup', 'unknown level \'township\'; one of province, prefecture, county'],
    [['year'], 'province', 'rollup', 'a roll-up groups regions: put region in groupBy (e.g. groupBy=region,phase)'],
    [['year', 'phase'], '', 'rollup', 'unknown level \'\'; one of province, prefecture, county'],
  ] as Array<[string[], string | undefined, string, string]>) {
    t.strictSame(refusal(() => checkSummaryRequest({ groupBy, rollup })), refused(parameter, detail), `${groupBy.join(',')} ${rollup}`)
    t.strictSame(refusal(() => summarizeIndicators(ctx, EVERY_LEVEL, { groupBy, rollup })), refused(parameter, detail), `computed: ${groupBy.join(',')} ${rollup}`)
  }
  t.strictSame(checkSummaryRequest({ groupBy: ['phase', 'region'], rollup: 'county' }), { keys: ['phase', 'region'], rollup: 'county' })
  t.strictSame(checkSummaryRequest({ groupBy: ['year', 'month'] }), { keys: ['year', 'month'], rollup: null })
  t.strictSame(checkSummaryRequest({ groupBy: ['postLevel'], rollup: undefined }), { keys: ['postLevel'], rollup: null })
})

t.test('the answers the seed stores: every key alone and region at each level, computed as asked, served as stored', async (t) => {
  const expected = [
    { groupBy: ['region'], rollup: null }, { groupBy: ['region'], rollup: 'province' }, { groupBy: ['region'], rollup: 'prefecture' }, { groupBy: ['region'], rollup: 'county' },
    ...SUMMARY_KEYS.slice(1).map((k) => ({ groupBy: [k], rollup: null })),
  ]
  t.strictSame(precomputedRequests(), expected)
  const stored = handle.sqlite.prepare('SELECT group_by AS groupBy, rollup, answer FROM summary_answers').all() as Array<{ groupBy: string, rollup: string, answer: string }>
  const computed = precomputeSummaries(ctx)
  t.strictSame(computed.map((a) => [a.groupBy, a.rollup]), expected.map((r) => [r.groupBy[0], r.rollup ?? '']))
  same(t, computed, expected.map((r) => stored.find((s) => s.groupBy === r.groupBy[0] && s.rollup === (r.rollup ?? ''))), 'the stored answers are these')
  for (const { groupBy, rollup } of precomputedRequests()) {
    const answer = computed.find((a) => a.groupBy === groupBy[0] && a.rollup === (rollup ?? ''))!.answer
    const body = storedSummaryBody(ctx, {}, { groupBy, rollup: rollup ?? undefined })
    t.ok(body?.equals(Buffer.from(answer)), `served as stored: ${groupBy[0]} ${rollup ?? ''}`)
  }
  for (const [groupBy, rollup] of [[['region'], 'prefecture'], [['activity'], null]] as Array<[SummaryKey[], RollupLevel | null]>) {
    const oracle = oracleSummary(REAL, REAL.indicators, groupBy, rollup)
    same(t, summarizeIndicators(ctx, {}, { groupBy, rollup: rollup ?? undefined }), oracle, `read back: ${groupBy[0]} ${rollup ?? ''}`)
  }
  // A group that mixes units is stored as the refusal it is; any other error is no answer to store.
  const refusals = precomputeSummaries(actx)
  t.equal(refusals.length, expected.length)
  t.ok(refusals.every((a) => a.answer === JSON.stringify({ refused: { parameter: 'groupBy', detail: 'the figures of metric zz.units.mixed come in more than one unit; a group would mix them (filter by unit)' } })))
  const closed = new Database(added.path, { readonly: true })
  const closedCtx = new QueryContext(closed)
  closed.close()
  t.throws(() => precomputeSummaries(closedCtx), /not open/)
})

t.test('a stored answer is served only with no filter and one key, as the bytes stored; a stored refusal is thrown', async (t) => {
  const path = join(scratch, 'stored.db')
  copyFileSync(databasePath, path)
  const db = new Database(path)
  const answer = JSON.parse((db.prepare("SELECT answer FROM summary_answers WHERE group_by = 'metric'").get() as { answer: string }).answer)
  answer.data[0].count = 999_999
  db.prepare("UPDATE summary_answers SET answer = ? WHERE group_by = 'metric'").run(JSON.stringify(answer))
  db.prepare("UPDATE summary_answers SET answer = ? WHERE group_by = 'year'").run(JSON.stringify({ refused: { parameter: 'year', detail: 'stored refusal' } }))
  db.prepare("DELETE FROM summary_answers WHERE group_by = 'month'").run()
  db.close()
  const doctored = openDatabase(path)
  t.teardown(() => doctored.close())
  const dctx = new QueryContext(doctored.sqlite)
  const metric = { groupBy: ['metric'] }
  for (const filter of [{}, { regionScope: 'exact' }, { region: [], metric: undefined }, { dimension: [], regionScope: 'descendants' }] as IndicatorFilter[]) {
    t.equal(summarizeIndicators(dctx, filter, metric).rows[0]!.count, 999_999, `stored: ${JSON.stringify(filter)}`)
  }
  t.strictSame(summarizeIndicators(dctx, {}, metric), { groupBy: ['metric'], rollup: null, rows: answer.data, omitted: [] })
  for (const filter of [{ inferred: false }, { minValue: -1e9 }, { region: ['CN'] }, { q: 'the' }, { q: '' }, { region: [], inferred: false }, EVERY_LEVEL] as IndicatorFilter[]) {
    t.equal(storedSummaryBody(dctx, filter, metric), null, `a filter: computed (${JSON.stringify(filter)})`)
  }
  t.not(summarizeIndicators(dctx, { inferred: false }, metric).rows[0]!.count, 999_999)
  t.equal(storedSummaryBody(dctx, {}, { groupBy: ['metric', 'year'] }), null, 'two keys: computed')
  t.strictSame(refusal(() => summarizeIndicators(dctx, {}, { groupBy: ['year'] })), refused('year', 'stored refusal'))
  t.strictSame(refusal(() => storedSummaryBody(dctx, {}, { groupBy: ['year'] })), refused('year', 'stored refusal'))
  t.equal(storedSummaryBody(dctx, {}, { groupBy: ['month'] }), null, 'no stored answer: computed')
  same(t, summarizeIndicators(dctx, {}, { groupBy: ['month'] }), oracleSummary(REAL, REAL.indicators, ['month'], null), 'computed where none is stored')
  t.strictSame(refusal(() => storedSummaryBody(dctx, {}, { groupBy: ['month', 'month'] })), refused('groupBy', '\'month\' is given twice'), 'the request is checked first')
  // A database built before the table existed: every answer computed.
  const older = join(scratch, 'older.db')
  copyFileSync(databasePath, older)
  const o = new Database(older)
  o.exec('DROP TABLE summary_answers')
  o.close()
  const oh = openDatabase(older)
  t.teardown(() => oh.close())
  const octx = new QueryContext(oh.sqlite)
  t.equal(storedSummaryBody(octx, {}, metric), null)
  same(t, summarizeIndicators(octx, {}, { groupBy: ['region'], rollup: 'province' }), oracleSummary(REAL, REAL.indicators, ['region'], 'province'), 'computed without the table')
})

// ---- observations ----

const seriesName = (metric: string, dims: Record<string, string>): string => {
  const pairs = Object.entries(dims).map(([d, v]) => `${d}=${v}`)
  return pairs.length === 0 ? metric : `${metric}|${pairs.join(',')}`
}

function oracleObservations (T: Tables, selected: Row[], shape: 'long' | 'wide', comparable: boolean): Observations {
  let rows = selected.map((r) => ({ r, o: [r.metric_code, r.dimensions, r.region_code, r.date, r.id] })).sort((a, b) => compare(a.o, b.o)).map((x) => x.r)
  let chosen: Observations['comparable'] = null
  if (comparable) {
    chosen = []
    const kept: Row[] = []
    const series = new Map<string, Row[]>()
    for (const r of rows) series.set(`${r.metric_code} ${r.dimensions}`, [...(series.get(`${r.metric_code} ${r.dimensions}`) ?? []), r])
    for (const list of series.values()) {
      const periods: Array<{ phase: string | null, start: string | null, date: string, rows: Row[], regions: Set<string> }> = []
      for (const r of list) {
        let p = periods.find((x) => x.phase === r.phase_id && x.start === r.period_start && x.date === r.date)
        if (!p) periods.push(p = { phase: r.phase_id, start: r.period_start, date: r.date, rows: [], regions: new Set() })
        p.rows.push(r)
        p.regions.add(r.region_code)
      }
      // Most regions; then the latest; then the phase first by id, none before any.
      let best = periods[0]!
      for (const p of periods.slice(1)) {
        const better = p.regions.size !== best.regions.size ? p.regions.size > best.regions.size
          : p.date !== best.date ? p.date > best.date
            : (p.phase ?? '') < (best.phase ?? '')
        if (better) best = p
      }
      chosen.push({ metric: list[0]!.metric_code, dimensions: JSON.parse(list[0]!.dimensions), phase: best.phase, periodStart: best.start, date: best.date, regions: best.regions.size, excluded: list.length - best.rows.length })
      kept.push(...best.rows)
    }
    rows = kept
  }
  const metricName = (code: string): string => T.metrics.get(code)!.name
  const region = (code: string): Row => T.regions.get(code)!
  if (shape === 'long') {
    const data = rows.map((r) => ({
      region: r.region_code, regionName: region(r.region_code).name, regionLevel: region(r.region_code).level, organ: r.organ_id, phase: r.phase_id,
      periodStart: r.period_start, date: r.date, datePrecision: r.date_precision, metric: r.metric_code, metricName: metricName(r.metric_code),
      unit: r.unit, ...JSON.parse(r.dimensions), value: r.value, valueText: r.value_text, qualifier: r.qualifier, indicator: r.id, document: r.document_id,
    }))
    const used = DIMENSION_NAMES.filter((d) => rows.some((r) => d in JSON.parse(r.dimensions)))
    return { shape, data, columns: [], comparable: chosen, dimensions: used }
  }
  const columns = new Map<string, Observations['columns'][number]>()
  const wide: Row[] = []
  for (const r of rows) {
    const dims = JSON.parse(r.dimensions)
    const name = seriesName(r.metric_code, dims)
    if (!columns.has(name)) columns.set(name, { name, metric: r.metric_code, metricName: metricName(r.metric_code), unit: r.unit, dimensions: dims })
    let w = wide.find((x) => x.region === r.region_code && x.organ === r.organ_id && x.phase === r.phase_id && x.periodStart === r.period_start && x.date === r.date)
    if (!w) wide.push(w = { region: r.region_code, regionName: region(r.region_code).name, regionLevel: region(r.region_code).level, organ: r.organ_id, phase: r.phase_id, periodStart: r.period_start, date: r.date, values: {}, indicators: [] })
    if (name in w.values && w.values[name] !== r.value) {
      throw Object.assign(new Error('refused'), { refusal: refused('shape', `two figures for ${name} in ${r.region_code} for ${r.period_start ?? ''}..${r.date} (${w.indicators.join(', ')} and ${r.id}) disagree; use the long shape, or filter by document`) })
    }
    w.values[name] = r.value
    w.indicators.push(r.id)
  }
  const names = [...columns.keys()].sort()
  const data = wide
    .map((w, i) => ({ w, o: [w.region, w.organ ?? '', w.date, i] }))
    .sort((a, b) => compare(a.o, b.o))
    .map(({ w }) => {
      const { values, indicators, ...keys } = w
      return { ...keys, ...Object.fromEntries(names.map((n) => [n, values[n] ?? null])), indicators }
    })
  return { shape, data: data as Observations['data'], columns: names.map((n) => columns.get(n)!), comparable: chosen, dimensions: [] }
}

/** What listObservations answers, or the refusal it makes. */
function observed (c: QueryContext, filter: IndicatorFilter, shape: 'long' | 'wide' | undefined, comparable: boolean | undefined): unknown {
  try {
    return listObservations(c, filter, { shape, comparable })
  } catch (err) {
    return refusal(() => { throw err })
  }
}
function expectedObservations (T: Tables, selected: Row[], shape: 'long' | 'wide', comparable: boolean): unknown {
  try {
    return oracleObservations(T, selected, shape, comparable)
  } catch (err) {
    return (err as { refusal: unknown }).refusal
  }
}

t.test('observations, long and wide, every figure or comparable ones, are the oracle\'s', async (t) => {
  const cases: Array<[IndicatorFilter, (r: Row) => boolean]> = [
    [{}, () => true],
    [{ metric: ['heroes.*'] }, (r) => r.metric_code.startsWith('heroes.')],
    [{ metric: ['discipline.*', 'education.*'] }, (r) => /^(discipline|education)\./.test(r.metric_code)],
    [{ region: ['430000'] }, (r) => inside(REAL, r.region_code, '430000')],
    [{ phase: ['first-batch'] }, (r) => r.phase_id === 'first-batch'],
  ]
  for (const [filter, keep] of cases) {
    const selected = REAL.indicators.filter(keep)
    for (const shape of ['long', 'wide'] as const) {
      for (const comparable of [false, true]) {
        const expected = expectedObservations(REAL, selected, shape, comparable)
        same(t, observed(ctx, filter, shape === 'long' && !comparable ? undefined : shape, comparable || undefined), expected, `${JSON.stringify(filter)} ${shape}${comparable ? ' comparable' : ''}`)
      }
    }
  }
  const zz = WITH_ADDED.indicators.filter((r) => r.metric_code.startsWith('zz.') && r.metric_code !== 'zz.wide.reports')
  for (const shape of ['long', 'wide'] as const) {
    for (const comparable of [false, true]) {
      same(t, observed(actx, { category: ['zz'], id: zz.map((r) => r.id) }, shape, comparable), expectedObservations(WITH_ADDED, zz, shape, comparable), `added figures ${shape}${comparable ? ' comparable' : ''}`)
    }
  }
})

t.test('a wide row takes two reports of a figure once if they agree, and is refused if they do not', async (t) => {
  const wide = (id: string[]): unknown => observed(actx, { id }, 'wide', false)
  const rows = listObservations(actx, { id: ['zz-w1', 'zz-w2', 'zz-w4', 'zz-w6', 'zz-w7'] }, { shape: 'wide' }).data
  t.strictSame(rows.map((r) => [r.region, r.organ, r.phase, r.periodStart, r.date, r['zz.wide.reports'], r.indicators]), [
    ['210000', null, 'second-batch', null, '2021-05', 2, ['zz-w7']],
    ['210000', null, null, null, '2021-06', 8, ['zz-w4']],
    ['210000', 'liaoning-high-peoples-court', null, null, '2021-06', 1, ['zz-w6']],
    ['430000', null, null, '2021-02', '2021-06', 5, ['zz-w1', 'zz-w2']],
  ])
  const disagree = (detail: string): unknown => refused('shape', `${detail} disagree; use the long shape, or filter by document`)
  t.strictSame(wide(['zz-w1', 'zz-w3']), disagree('two figures for zz.wide.reports in 430000 for 2021-02..2021-06 (zz-w1 and zz-w3)'))
  t.strictSame(wide(['zz-w1', 'zz-w2', 'zz-w3']), disagree('two figures for zz.wide.reports in 430000 for 2021-02..2021-06 (zz-w1, zz-w2 and zz-w3)'))
  t.strictSame(wide(['zz-w4', 'zz-w5']), disagree('two figures for zz.wide.reports in 210000 for ..2021-06 (zz-w4 and zz-w5)'))
  t.equal(listObservations(actx, { id: ['zz-w4', 'zz-w5'] }, {}).data.length, 2, 'the long shape holds both')
})

t.test('comparable observations keep, per series, the period most regions share, then the latest, then the phase first by id', async (t) => {
  const c = listObservations(actx, { metric: ['zz.comparable.ties'] }, { comparable: true })
  t.strictSame(c.comparable, [
    { metric: 'zz.comparable.ties', dimensions: { activity: REPORT }, phase: 'first-batch', periodStart: null, date: '2021-06', regions: 1, excluded: 2 },
    { metric: 'zz.comparable.ties', dimensions: {}, phase: null, periodStart: null, date: '2021-09', regions: 1, excluded: 3 },
  ])
  t.strictSame(c.data.map((r) => r.indicator), ['zz-c6', 'zz-c2'])
  t.strictSame(c.dimensions, ['activity'])
  const w = listObservations(actx, { metric: ['zz.comparable.ties'] }, { comparable: true, shape: 'wide' })
  t.strictSame(w.comparable, c.comparable)
  t.strictSame(w.columns.map((col) => col.name), ['zz.comparable.ties', 'zz.comparable.ties|activity=report_meeting'])
})

t.test('an observations table holds at most its number of figures', async (t) => {
  const long = listObservations(bulk(), { metric: ['zz.bulk.items'], maxValue: LIMITS.observations - 1 }, {})
  t.equal(long.data.length, LIMITS.observations)
  t.strictSame([long.data[0]!.indicator, long.data.at(-1)!.indicator], ['zz-b00000', `zz-b${String(LIMITS.observations - 1).padStart(5, '0')}`])
  t.strictSame(observed(bulk(), { metric: ['zz.bulk.items'] }, 'wide', true), refused('metric', `more than ${LIMITS.observations} figures; narrow the filter (metric, region, phase, ...)`))
})
