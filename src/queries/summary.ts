// The indicator summary dashboards ask for: groups of figures by up to two keys, always split by
// metric (and so by unit), optionally rolled up to one level of the gazetteer, with what a bar
// needs to link to its sources (documents and indicator ids).
//
// A sum never adds unlike things, nor one thing twice. SQL aggregates the figures by group and by
// cell (a region, an organ and the figure's dimension values); this module then adds, in each
// group, only the cells that no other cell of the group contains: a figure stated for a province
// stands for its prefectures' and counties', a figure for `activity: all` for those of single
// activities, and a region's figure of no organ for those of its organs.
// Where what is left still holds two figures for one cell (two periods, two organs, two reports),
// or the unit does not add up (a percentage, a rank), the sum is withheld and the row says why.
// The cells are over indexed columns (metric, the region's ancestors, phase, date, dimensions), so
// the first step is what a precomputed table can hold.
import { badParameter } from '../errors.js'
import { LIMITS } from '../limits.js'
import { DIMENSION_NAMES, dimension, dimensionValue, NON_ADDITIVE_UNITS } from '../domain/index.js'
import type { QueryContext } from './context.js'
import { indicatorWhere, type IndicatorFilter } from './indicators.js'

export const SUMMARY_KEYS = ['region', 'metric', 'category', 'organ', 'organKind', 'document', 'year', 'month', 'phase', ...DIMENSION_NAMES] as const
export type SummaryKey = typeof SUMMARY_KEYS[number]
export const ROLLUP_LEVELS = ['province', 'prefecture', 'county'] as const
export type RollupLevel = typeof ROLLUP_LEVELS[number]

export interface SummaryRequest { groupBy: string[], rollup?: string | undefined }

export interface SummaryRow {
  /** The group's keys joined: unique within a summary. */
  key: string
  metric: { code: string, name: string, category: string }
  unit: string
  region?: { code: string, name: string, nameZh: string, level: string }
  category?: string
  organ?: { id: string, name: string } | null
  organKind?: string | null
  document?: { id: string, title: string }
  year?: string
  month?: string | null
  phase?: { id: string, title: string } | null
  /** The values of the dimensions grouped by; null where the metric does not declare one. */
  dimensions?: Record<string, string | null>
  count: number
  /** Figures added up in `sum`: those no other figure of the group contains. */
  summed: number
  sum: number | null
  /** Why `sum` is null. */
  sumNote: string | null
  min: number
  max: number
  /**
   * With region in the key: whether the row's figures are stated for the region itself (its parts,
   * if any, are not added to it), are its parts added up (no figure for the region itself), or
   * both (the region's own figure covers some dimension values, its parts others).
   */
  basis: 'stated' | 'parts' | 'mixed' | null
  documents: string[]
  /** The ids of the figures behind the row (the first LIMITS.summaryIds; `count` says how many). */
  indicators: string[]
}

export interface SummaryOmission { reason: 'above_level' | 'no_region_at_level', detail: string, count: number, indicators: string[] }

export interface Summary { groupBy: SummaryKey[], rollup: RollupLevel | null, rows: SummaryRow[], omitted: SummaryOmission[] }

interface KeyDef { select: string[], join?: string, order: string }

const ROLLUP_COLUMN: Record<RollupLevel, string> = { province: 'i.province_code', prefecture: 'i.prefecture_code', county: 'i.county_code' }
const LEVEL_DEPTH: Record<string, number> = { country: 0, province: 1, prefecture: 2, county: 3 }

function keyDef (key: SummaryKey, rollup: RollupLevel | null, n: number, params: unknown[]): KeyDef {
  const a = `k${n}`
  switch (key) {
    case 'region': {
      const code = rollup ? ROLLUP_COLUMN[rollup] : 'i.region_code'
      return {
        select: [`${code} AS ${a}`, `${a}r.name AS ${a}_name`, `${a}r.name_zh AS ${a}_zh`, `${a}r.level AS ${a}_level`],
        join: `LEFT JOIN regions ${a}r ON ${a}r.code = ${code}`,
        order: `${a}`,
      }
    }
    case 'metric': return { select: [`i.metric_code AS ${a}`], order: a }
    case 'category': return { select: [`i.category AS ${a}`], order: a }
    case 'organ': return { select: [`i.organ_id AS ${a}`, `${a}o.name AS ${a}_name`], join: `LEFT JOIN organs ${a}o ON ${a}o.id = i.organ_id`, order: `COALESCE(${a}, '')` }
    case 'organKind': return { select: [`i.organ_kind AS ${a}`], order: `COALESCE(${a}, '')` }
    case 'document': return { select: [`i.document_id AS ${a}`, `${a}d.title AS ${a}_name`], join: `JOIN documents ${a}d ON ${a}d.id = i.document_id`, order: a }
    case 'year': return { select: [`substr(i.date, 1, 4) AS ${a}`], order: a }
    case 'month': return { select: [`CASE WHEN length(i.date) >= 7 THEN substr(i.date, 1, 7) END AS ${a}`], order: `COALESCE(${a}, '')` }
    case 'phase': return { select: [`i.phase_id AS ${a}`, `${a}p.title AS ${a}_name`], join: `LEFT JOIN events ${a}p ON ${a}p.id = i.phase_id`, order: `COALESCE(${a}, '')` }
    default: {
      // A dimension of the metrics: the value, or NULL for a metric that does not declare it.
      params.push(key)
      return {
        select: [`${a}v.value AS ${a}`],
        join: `LEFT JOIN indicator_dimensions ${a}v ON ${a}v.indicator_id = i.id AND ${a}v.dimension = ?`,
        order: `COALESCE(${a}, '')`,
      }
    }
  }
}

/** Validates `groupBy` and `rollup`: one or two known keys, a roll-up only with region among them. */
export function checkSummaryRequest (req: SummaryRequest): { keys: SummaryKey[], rollup: RollupLevel | null } {
  const keys = req.groupBy
  if (keys.length === 0) throw badParameter('groupBy', `required: one or two of ${SUMMARY_KEYS.join(', ')}`)
  if (keys.length > 2) throw badParameter('groupBy', `at most two keys (rows are always split by metric as well); got ${keys.length}`)
  for (const k of keys) {
    if (!(SUMMARY_KEYS as readonly string[]).includes(k)) throw badParameter('groupBy', `unknown key '${k}'; keys: ${SUMMARY_KEYS.join(', ')}`)
  }
  if (keys.length === 2 && keys[0] === keys[1]) throw badParameter('groupBy', `'${keys[0]}' is given twice`)
  let rollup: RollupLevel | null = null
  if (req.rollup !== undefined) {
    if (!(ROLLUP_LEVELS as readonly string[]).includes(req.rollup)) throw badParameter('rollup', `unknown level '${req.rollup}'; one of ${ROLLUP_LEVELS.join(', ')}`)
    if (!keys.includes('region')) throw badParameter('rollup', 'a roll-up groups regions: put region in groupBy (e.g. groupBy=region,phase)')
    rollup = req.rollup as RollupLevel
  }
  return { keys: keys as SummaryKey[], rollup }
}

interface CellRow extends Record<string, unknown> {
  metric: string, metric_name: string, metric_category: string, unit: string, units: number
  region: string, path: string, level: string, dims: string, organ: string | null, rolled: string | null
  n: number, sum: number, min: number, max: number, docs: string, ids: string
}

interface Cell { region: string, path: string, dims: Record<string, string>, organ: string | null, n: number, sum: number }

/**
 * Whether cell `a` contains cell `b`: each of a's dimension values is b's or stands for all, and
 * either b's region lies inside a's (whatever the organs: a figure stated for a province stands for
 * its parts, never beside them), or the region is the same and a is b's organ or the whole region.
 */
function contains (a: Cell, b: Cell): boolean {
  if (a === b) return false
  const inside = b.path.startsWith(`${a.path}/`)
  if (!inside && b.path !== a.path) return false
  let wider = inside
  for (const [d, v] of Object.entries(b.dims)) {
    const av = a.dims[d]
    if (av === v) continue
    if (av === undefined || !dimensionValue(d, av)?.total) return false
    wider = true
  }
  if (!inside) {
    if (a.organ !== null && a.organ !== b.organ) return false
    if (a.organ === null && b.organ !== null) wider = true
  }
  return wider
}

/**
 * The cells that no other cell contains. A cell can only be contained by one of its own region or
 * of a region above it, so each is compared with the cells at its path and at its ancestors' (a
 * few), not with every cell of the group: linear in the cells, where comparing all pairs made a
 * summary of a million figures take half a minute.
 */
function outermost (cells: Cell[]): Cell[] {
  const byPath = new Map<string, Cell[]>()
  for (const c of cells) {
    const list = byPath.get(c.path)
    if (list) list.push(c)
    else byPath.set(c.path, [c])
  }
  return cells.filter((c) => {
    for (let end = c.path.length; end > 0; end = c.path.lastIndexOf('/', end - 1)) {
      const around = byPath.get(end === c.path.length ? c.path : c.path.slice(0, end))
      if (around?.some((o) => contains(o, c))) return false
    }
    return true
  })
}

const describeCell = (c: Cell): string => {
  const parts = [...Object.entries(c.dims).map(([d, v]) => `${d}: ${v}`), ...(c.organ ? [`organ ${c.organ}`] : [])]
  return `${c.region}${parts.length ? ` (${parts.join(', ')})` : ''}`
}

/** Whether a filter selects every figure (a region scope alone selects nothing). */
function selectsAll (f: IndicatorFilter): boolean {
  return Object.entries(f).every(([k, v]) => k === 'regionScope' || v === undefined || (Array.isArray(v) && v.length === 0))
}

/** The summaries the seed computes ahead (summary_answers): no filter, one key, each roll-up of region. */
export function precomputedRequests (): Array<{ groupBy: [SummaryKey], rollup: RollupLevel | null }> {
  return SUMMARY_KEYS.flatMap((k) => [
    { groupBy: [k] as [SummaryKey], rollup: null },
    ...(k === 'region' ? ROLLUP_LEVELS.map((rollup) => ({ groupBy: [k] as [SummaryKey], rollup })) : []),
  ])
}

/** A stored answer: the body REST sends, or the refusal. */
type StoredAnswer = { data: SummaryRow[], groupBy: SummaryKey[], rollup: RollupLevel | null, omitted: SummaryOmission[] } | { refused: { parameter: string, detail: string } }

/** A summary as the body of REST's answer. */
function answerOf (s: Summary): Exclude<StoredAnswer, { refused: unknown }> {
  return { data: s.rows, groupBy: s.groupBy, rollup: s.rollup, omitted: s.omitted }
}

/**
 * The JSON body REST sends for a summary, as UTF-8 bytes (a worker thread sends them back as one
 * buffer, not as rows): the stored answer, or the computed one serialized as the seed serializes
 * those it stores.
 */
export function summaryBody (ctx: QueryContext, f: IndicatorFilter, req: SummaryRequest): Uint8Array {
  const stored = storedSummaryBody(ctx, f, req)
  return stored !== null ? new Uint8Array(stored) : new TextEncoder().encode(JSON.stringify(answerOf(computeSummary(ctx, f, req))))
}

/** Computes the answers precomputedRequests() lists, as summary_answers stores them. */
export function precomputeSummaries (ctx: QueryContext): Array<{ groupBy: string, rollup: string, answer: string }> {
  return precomputedRequests().map(({ groupBy, rollup }) => {
    let stored: StoredAnswer
    try {
      stored = answerOf(computeSummary(ctx, {}, { groupBy, rollup: rollup ?? undefined }))
    } catch (err) {
      const { parameter, detail } = err as { parameter?: string, detail?: string }
      if (parameter === undefined || detail === undefined) throw err
      stored = { refused: { parameter, detail } }
    }
    return { groupBy: groupBy[0], rollup: rollup ?? '', answer: JSON.stringify(stored) }
  })
}

/**
 * The stored answer of a summary with no filter and one key, as the JSON body REST sends (a point
 * lookup: the answer is neither computed nor parsed); null when the request has no stored answer.
 * A stored refusal is thrown.
 */
export function storedSummaryBody (ctx: QueryContext, f: IndicatorFilter, req: SummaryRequest): Buffer | null {
  const { keys, rollup } = checkSummaryRequest(req)
  if (keys.length !== 1 || !selectsAll(f) || !ctx.hasTable('summary_answers')) return null
  // As bytes: sent as they are, never decoded into a string and encoded again.
  const row = ctx.cache.one<{ answer: Buffer }>('SELECT CAST(answer AS BLOB) AS answer FROM summary_answers WHERE group_by = ? AND rollup = ?', [keys[0], rollup ?? ''])
  if (!row) return null
  if (row.answer.subarray(0, REFUSED.length).equals(REFUSED)) {
    const { refused } = JSON.parse(row.answer.toString('utf8')) as { refused: { parameter: string, detail: string } }
    throw badParameter(refused.parameter, refused.detail)
  }
  return row.answer
}

const REFUSED = Buffer.from('{"refused":')

/**
 * The summary of the figures `f` selects. With no filter and one key, the answer the seed stored
 * (summary_answers), so that the summaries that read every figure cost a lookup at any size.
 */
export function summarizeIndicators (ctx: QueryContext, f: IndicatorFilter, req: SummaryRequest): Summary {
  const body = storedSummaryBody(ctx, f, req)
  if (body !== null) {
    const stored = JSON.parse(body.toString('utf8')) as Exclude<StoredAnswer, { refused: unknown }>
    return { groupBy: stored.groupBy, rollup: stored.rollup, rows: stored.data, omitted: stored.omitted }
  }
  return computeSummary(ctx, f, req)
}

function computeSummary (ctx: QueryContext, f: IndicatorFilter, req: SummaryRequest): Summary {
  const { keys, rollup } = checkSummaryRequest(req)
  const params: unknown[] = []
  const defs = keys.map((k, n) => keyDef(k, rollup, n, params))
  const { where, params: whereParams } = indicatorWhere(ctx, f)
  params.push(...whereParams)
  const rolled = rollup ? ROLLUP_COLUMN[rollup] : 'NULL'
  const keyCols = defs.map((_, n) => `k${n}`)
  const sql = `SELECT i.metric_code AS metric, m.name AS metric_name, m.category AS metric_category,
      min(i.unit) AS unit, count(DISTINCT i.unit) AS units, ${defs.flatMap((d) => d.select).join(', ')},
      i.region_code AS region, r.path AS path, r.level AS level, i.dimensions AS dims, i.organ_id AS organ, ${rolled} AS rolled,
      count(*) AS n, sum(i.value) AS sum, min(i.value) AS min, max(i.value) AS max,
      json_group_array(DISTINCT i.document_id) AS docs, json_group_array(i.id ORDER BY i.id) AS ids
    FROM indicators i JOIN metrics m ON m.code = i.metric_code JOIN regions r ON r.code = i.region_code
    ${defs.map((d) => d.join ?? '').join(' ')}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    GROUP BY i.metric_code, ${[...keyCols, 'i.region_code', 'i.dimensions', 'i.organ_id'].join(', ')}
    ORDER BY i.metric_code, ${defs.map((d) => d.order).join(', ')}, r.path, i.dimensions, COALESCE(i.organ_id, '')`
  const cells = ctx.cache.all<CellRow>(sql, params)

  const rows: SummaryRow[] = []
  const omitted = new Map<SummaryOmission['reason'], SummaryOmission>()
  let current: { row: SummaryRow, cells: Cell[], docs: Set<string> } | null = null
  const finish = (): void => {
    if (!current) return
    const { row } = current
    row.documents = [...current.docs].sort()
    const outer = outermost(current.cells)
    row.summed = outer.reduce((n, c) => n + c.n, 0)
    const twice = outer.find((c) => c.n > 1)
    if (twice) {
      row.sumNote = `${twice.n} figures for ${describeCell(twice)} in one group may count the same things (other periods or reports): group or filter by phase, year or document`
    } else if ((NON_ADDITIVE_UNITS as readonly string[]).includes(row.unit) && row.summed > 1) {
      row.sumNote = `figures in ${row.unit} do not add up`
    } else {
      row.sum = outer.reduce((s, c) => s + c.sum, 0)
    }
    if (row.region) {
      const own = outer.filter((c) => c.region === row.region!.code).length
      row.basis = own === outer.length ? 'stated' : own === 0 ? 'parts' : 'mixed'
    }
    rows.push(row)
    current = null
  }

  for (const c of cells) {
    if (c.units > 1) {
      throw badParameter('groupBy', `the figures of metric ${c.metric} come in more than one unit; a group would mix them (filter by unit)`)
    }
    if (rollup && c.rolled === null) {
      const reason = LEVEL_DEPTH[c.level]! < LEVEL_DEPTH[rollup]! ? 'above_level' : 'no_region_at_level'
      const o = omitted.get(reason) ?? {
        reason,
        detail: reason === 'above_level'
          ? `figures for a region above the ${rollup} level (such as the whole country) belong to no ${rollup}`
          : `figures for a region that the gazetteer places under no ${rollup} (a county directly under its province)`,
        count: 0,
        indicators: [],
      }
      o.count += c.n
      for (const id of JSON.parse(c.ids) as string[]) if (o.indicators.length < LIMITS.summaryIds) o.indicators.push(id)
      omitted.set(reason, o)
      continue
    }
    const keyValues = keyCols.map((k) => c[k] as string | null)
    const key = [c.metric, ...keyValues.map((v) => v ?? '')].join('|')
    if (!current || current.row.key !== key) {
      finish()
      if (rows.length >= LIMITS.summaryRows) {
        throw badParameter('groupBy', `more than ${LIMITS.summaryRows} groups; narrow the filter or group by fewer keys`)
      }
      const row: SummaryRow = {
        key, metric: { code: c.metric, name: c.metric_name, category: c.metric_category }, unit: c.unit,
        count: 0, summed: 0, sum: null, sumNote: null, min: c.min, max: c.max, basis: null, documents: [], indicators: [],
      }
      keys.forEach((k, n) => setKey(row, k, c, `k${n}`))
      current = { row, cells: [], docs: new Set() }
    }
    const row = current.row
    if (c.unit !== row.unit) {
      throw badParameter('groupBy', `the figures of metric ${c.metric} come in more than one unit (${row.unit}, ${c.unit}); a group would mix them (filter by unit)`)
    }
    row.count += c.n
    row.min = Math.min(row.min, c.min)
    row.max = Math.max(row.max, c.max)
    for (const d of JSON.parse(c.docs) as string[]) current.docs.add(d)
    for (const id of JSON.parse(c.ids) as string[]) if (row.indicators.length < LIMITS.summaryIds) row.indicators.push(id)
    current.cells.push({ region: c.region, path: c.path, dims: JSON.parse(c.dims) as Record<string, string>, organ: c.organ, n: c.n, sum: c.sum })
  }
  finish()
  return { groupBy: keys, rollup, rows, omitted: [...omitted.values()] }
}

function setKey (row: SummaryRow, key: SummaryKey, c: CellRow, a: string): void {
  const v = c[a] as string | null
  const name = c[`${a}_name`] as string | null
  switch (key) {
    case 'region': row.region = { code: v!, name: name!, nameZh: c[`${a}_zh`] as string, level: c[`${a}_level`] as string }; break
    case 'metric': break
    case 'category': row.category = v!; break
    case 'organ': row.organ = v === null ? null : { id: v, name: name! }; break
    case 'organKind': row.organKind = v; break
    case 'document': row.document = { id: v!, title: name! }; break
    case 'year': row.year = v!; break
    case 'month': row.month = v; break
    case 'phase': row.phase = v === null ? null : { id: v, title: name! }; break
    default:
      if (dimension(key)) row.dimensions = { ...row.dimensions, [key]: v }
  }
}
