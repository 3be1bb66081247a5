// Indicators: the figures, with their metric, region, organ, event and source, and the summary
// aggregates dashboards ask for.
import { runList, iterateList, inList, textFilter, type ListShape, type ListRequest, type Page } from './core.js'
import type { QueryContext } from './context.js'
import { badParameter } from '../errors.js'
import { compareReducedDates, foldForSearch } from '../domain/index.js'

export interface IndicatorFilter {
  id?: string[]
  region?: string[]
  regionScope?: 'descendants' | 'exact'
  metric?: string[]
  category?: string[]
  organ?: string[]
  organKind?: string[]
  event?: string[]
  document?: string[]
  from?: string
  to?: string
  qualifier?: string[]
  unit?: string[]
  minValue?: number
  maxValue?: number
  q?: string
  /** `name:value` pairs, e.g. form:1; values of one dimension are alternatives, dimensions all apply. */
  dimension?: string[]
  phase?: string[]
  valueBasis?: string[]
  dateBasis?: string[]
  regionBasis?: string[]
  inferred?: boolean
  /** Levels of the figure's own region (country, province, prefecture, county). */
  regionLevel?: string[]
}

export interface Indicator {
  id: string
  metric: { code: string, name: string, unit: string, category: string }
  value: number
  valueText: string
  unit: string
  qualifier: string
  /** The value of each dimension the metric declares ({} when it declares none). */
  dimensions: Record<string, string>
  date: string
  datePrecision: string
  periodStart: string | null
  periodStartPrecision: string | null
  region: { code: string, name: string, nameZh: string, level: string }
  organ: { id: string, name: string, kind: string } | null
  event: { id: string, title: string } | null
  phase: { id: string, title: string } | null
  source: { documentId: string, quote: string, start: number, end: number }
  valueBasis: string
  valueNote: string | null
  dateBasis: string
  dateNote: string | null
  regionBasis: string
  regionNote: string | null
  inferred: boolean
  note: string | null
}

const COLUMNS = `i.id, i.metric_code, m.name AS metric_name, m.unit AS metric_unit, i.category, i.value, i.value_text,
  i.unit, i.qualifier, i.dimensions, i.date, i.date_precision, i.period_start, i.period_start_precision,
  i.region_code, r.name AS region_name, r.name_zh AS region_name_zh, r.level AS region_level,
  i.organ_id, o.name AS organ_name, o.kind AS organ_kind, i.event_id, e.title AS event_title,
  i.phase_id, ph.title AS phase_title,
  i.document_id, i.quote, i.start_offset, i.end_offset, i.value_basis, i.value_note, i.date_basis, i.date_note,
  i.region_basis, i.region_note, i.inferred, i.note`

const FROM = `indicators i
  JOIN metrics m ON m.code = i.metric_code
  JOIN regions r ON r.code = i.region_code
  LEFT JOIN organs o ON o.id = i.organ_id
  LEFT JOIN events e ON e.id = i.event_id
  LEFT JOIN events ph ON ph.id = i.phase_id`

export const INDICATOR_SORTABLE = {
  id: { expr: 'i.id' },
  date: { expr: 'i.date' },
  value: { expr: 'i.value' },
  metric: { expr: 'i.metric_code' },
  region: { expr: 'i.region_code' },
  document: { expr: 'i.document_id' },
  category: { expr: 'i.category' },
  position: { expr: 'i.start_offset' },
} as const

export interface IndicatorRowRaw {
  id: string, metric_code: string, metric_name: string, metric_unit: string, category: string, value: number,
  value_text: string, unit: string, qualifier: string, dimensions: string, date: string, date_precision: string,
  period_start: string | null, period_start_precision: string | null, region_code: string,
  region_name: string, region_name_zh: string, region_level: string, organ_id: string | null,
  organ_name: string | null, organ_kind: string | null, event_id: string | null, event_title: string | null,
  phase_id: string | null, phase_title: string | null,
  document_id: string, quote: string, start_offset: number, end_offset: number,
  value_basis: string, value_note: string | null, date_basis: string, date_note: string | null,
  region_basis: string, region_note: string | null, inferred: number, note: string | null
}

export function mapIndicator (r: IndicatorRowRaw): Indicator {
  return {
    id: r.id,
    metric: { code: r.metric_code, name: r.metric_name, unit: r.metric_unit, category: r.category },
    value: r.value,
    valueText: r.value_text,
    unit: r.unit,
    qualifier: r.qualifier,
    dimensions: JSON.parse(r.dimensions) as Record<string, string>,
    date: r.date,
    datePrecision: r.date_precision,
    periodStart: r.period_start,
    periodStartPrecision: r.period_start_precision,
    region: { code: r.region_code, name: r.region_name, nameZh: r.region_name_zh, level: r.region_level },
    organ: r.organ_id ? { id: r.organ_id, name: r.organ_name!, kind: r.organ_kind! } : null,
    event: r.event_id ? { id: r.event_id, title: r.event_title! } : null,
    phase: r.phase_id ? { id: r.phase_id, title: r.phase_title! } : null,
    source: { documentId: r.document_id, quote: r.quote, start: r.start_offset, end: r.end_offset },
    valueBasis: r.value_basis,
    valueNote: r.value_note,
    dateBasis: r.date_basis,
    dateNote: r.date_note,
    regionBasis: r.region_basis,
    regionNote: r.region_note,
    inferred: r.inferred === 1,
    note: r.note,
  }
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/

export function checkDateParam (value: string, parameter: string): string {
  if (!DATE.test(value)) throw badParameter(parameter, `'${value}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD`)
  const [y, m, d] = value.split('-').map(Number)
  if (m !== undefined && (m < 1 || m > 12)) throw badParameter(parameter, `'${value}' has no month ${m}`)
  if (d !== undefined && (d < 1 || d > new Date(Date.UTC(y!, m!, 0)).getUTCDate())) throw badParameter(parameter, `'${value}' is not a calendar date`)
  return value
}

/** Validates a `from`/`to` pair: each a date of reduced precision, and `from` not after `to`. */
export function checkDateRange (f: { from?: string | undefined, to?: string | undefined }): void {
  if (f.from !== undefined) checkDateParam(f.from, 'from')
  if (f.to !== undefined) checkDateParam(f.to, 'to')
  // At the coarser of the two precisions: from=2021-07-15 is not after to=2021-07.
  if (f.from !== undefined && f.to !== undefined && compareReducedDates(f.from, f.to) > 0) {
    throw badParameter('from', `from '${f.from}' is after to '${f.to}'`)
  }
}

const ANCESTOR_COLUMN: Record<string, string> = { province: 'i.province_code', prefecture: 'i.prefecture_code', county: 'i.county_code' }

/**
 * Regions with the regions inside them, as the indicators' ancestor columns hold them: a province's
 * figures are `province_code = ?`, one index range, however many prefectures and counties it has.
 */
function regionTree (ctx: QueryContext, codes: string[], where: string[], params: unknown[]): void {
  const byLevel = new Map<string, string[]>()
  for (const code of codes) {
    const r = ctx.region(code)
    if (!r) throw badParameter('region', `unknown region code '${code}' (use a GB/T 2260 code such as 430000, or CN)`)
    if (r.level === 'country') return // the whole country: every figure
    byLevel.set(r.level, [...(byLevel.get(r.level) ?? []), code])
  }
  const ors: string[] = []
  for (const [level, list] of byLevel) {
    if (list.length === 1) {
      ors.push(`${ANCESTOR_COLUMN[level]} = ?`)
      params.push(list[0])
    } else {
      ors.push(`${ANCESTOR_COLUMN[level]} IN (SELECT value FROM json_each(?))`)
      params.push(JSON.stringify(list))
    }
  }
  where.push(ors.length === 1 ? ors[0]! : `(${ors.join(' OR ')})`)
}

/** The filters indicator_counts holds, by the name the query layer knows them under. */
const COUNTED = ['region', 'metric', 'category', 'document', 'organ', 'event', 'phase'] as const

/**
 * The entry of indicator_counts that answers a count of this filter, when it has one: no filter at
 * all, or exactly one of COUNTED with one value (a region with its descendants, a metric code
 * without wildcard, an event with its children).
 */
export function countedBy (f: IndicatorFilter): { filter: string, value: string } | null {
  const given = Object.entries(f).filter(([k, v]) => v !== undefined && !(k === 'regionScope' && v === 'descendants'))
  if (given.length === 0) return { filter: '', value: '' }
  if (given.length !== 1) return null
  const [name, value] = given[0]!
  if (!(COUNTED as readonly string[]).includes(name) || !Array.isArray(value) || value.length !== 1) return null
  const v = String(value[0])
  if (name === 'metric' && v.endsWith('.*')) return null
  return { filter: name, value: v }
}

/** Turns a filter into WHERE fragments; validates every code and id against the catalogs. */
export function indicatorWhere (ctx: QueryContext, f: IndicatorFilter): { where: string[], params: unknown[] } {
  const where: string[] = []
  const params: unknown[] = []
  if (f.id?.length) inList('i.id', f.id, where, params)
  if (f.region?.length) {
    if (f.regionScope === 'exact') inList('i.region_code', ctx.regionCodes(f.region, true), where, params)
    else regionTree(ctx, f.region, where, params)
  }
  if (f.metric?.length) inList('i.metric_code', ctx.metricCodesFor(f.metric), where, params)
  if (f.category?.length) inList('i.category', ctx.checkCategories(f.category), where, params)
  if (f.organ?.length) inList('i.organ_id', ctx.checkOrgans(f.organ), where, params)
  if (f.organKind?.length) inList('i.organ_kind', ctx.checkOrganKinds(f.organKind), where, params)
  if (f.event?.length) inList('i.event_id', ctx.eventIds(f.event, false), where, params)
  if (f.document?.length) inList('i.document_id', ctx.checkDocuments(f.document), where, params)
  if (f.qualifier?.length) inList('i.qualifier', f.qualifier, where, params)
  if (f.unit?.length) inList('i.unit', f.unit, where, params)
  if (f.phase?.length) inList('i.phase_id', ctx.checkPhases(f.phase), where, params)
  if (f.valueBasis?.length) inList('i.value_basis', ctx.checkBases(f.valueBasis, 'valueBasis'), where, params)
  if (f.dateBasis?.length) inList('i.date_basis', ctx.checkBases(f.dateBasis, 'dateBasis'), where, params)
  if (f.regionBasis?.length) inList('i.region_basis', ctx.checkBases(f.regionBasis, 'regionBasis'), where, params)
  if (f.regionLevel?.length) inList('i.region_level', ctx.checkRegionLevels(f.regionLevel), where, params)
  if (f.inferred !== undefined) {
    where.push('i.inferred = ?')
    params.push(f.inferred ? 1 : 0)
  }
  if (f.dimension?.length) {
    for (const [name, values] of ctx.dimensionFilter(f.dimension)) {
      where.push('i.id IN (SELECT d.indicator_id FROM indicator_dimensions d WHERE d.dimension = ? AND d.value IN (SELECT value FROM json_each(?)))')
      params.push(name, JSON.stringify(values))
    }
  }
  // Dates of reduced precision are ranges: "2021" overlaps from=2021-07. The first conjunct of
  // each pair is the indexable bound; the second makes the comparison exact.
  checkDateRange(f)
  if (f.from !== undefined) {
    where.push("i.date >= ? AND i.date || '\uffff' >= ?")
    params.push(f.from.slice(0, 4), f.from)
  }
  if (f.to !== undefined) {
    where.push('i.date <= ?')
    params.push(`${f.to}\uffff`)
  }
  for (const [name, v] of [['minValue', f.minValue], ['maxValue', f.maxValue]] as const) {
    if (v !== undefined && !Number.isFinite(v)) throw badParameter(name, `${v} is not a finite number`)
  }
  if (f.minValue !== undefined) {
    where.push('i.value >= ?')
    params.push(f.minValue)
  }
  if (f.maxValue !== undefined) {
    where.push('i.value <= ?')
    params.push(f.maxValue)
  }
  if (f.minValue !== undefined && f.maxValue !== undefined && f.minValue > f.maxValue) {
    throw badParameter('minValue', `minValue ${f.minValue} is greater than maxValue ${f.maxValue}`)
  }
  if (f.q !== undefined) textFilter('i.search_text', searchWords(f.q), where, params)
  return { where, params }
}

export function searchWords (q: string): string[] {
  const words = foldForSearch(q).split(/\s+/).filter(Boolean)
  if (words.length === 0) throw badParameter('q', 'the search text is empty')
  if (words.length > 10) throw badParameter('q', 'at most 10 words')
  return words
}

function shape (ctx: QueryContext, f: IndicatorFilter): ListShape {
  const { where, params } = indicatorWhere(ctx, f)
  return {
    resource: 'indicators', columns: COLUMNS, from: FROM, where, params,
    sortable: INDICATOR_SORTABLE, defaultSort: 'id', tiebreak: INDICATOR_SORTABLE.id,
    // Every filter is on the indicators' own columns: a count needs none of the joins.
    countFrom: 'indicators i',
    counted: countedBy(f),
  }
}

export function listIndicators (ctx: QueryContext, f: IndicatorFilter, req: ListRequest): Page<Indicator> {
  return runList(ctx.cache, shape(ctx, f), req, mapIndicator)
}

export function iterateIndicators (ctx: QueryContext, f: IndicatorFilter, req: ListRequest): Generator<Indicator> {
  return iterateList(ctx.cache, shape(ctx, f), req, mapIndicator)
}

export function getIndicator (ctx: QueryContext, id: string): Indicator | null {
  const row = ctx.cache.one<OwnRow>(`SELECT ${OWN_COLUMNS} FROM indicators i WHERE i.id = ?`, [id])
  const named = row ? namedRow(ctx, row) : null
  return named ? mapIndicator(named) : null
}

/** Figures by id (GraphQL's loaders), in one statement and no particular order; unknown ids are absent. */
export function getIndicators (ctx: QueryContext, ids: readonly string[]): Indicator[] {
  const rows = ctx.cache.all<OwnRow>(`SELECT ${OWN_COLUMNS} FROM indicators i WHERE i.id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)])
  const out: Indicator[] = []
  for (const row of rows) {
    const named = namedRow(ctx, row)
    if (named) out.push(mapIndicator(named))
  }
  return out
}

/** A figure's own columns: COLUMNS without the names the joins of FROM add. */
const OWN_COLUMNS = `i.id, i.metric_code, i.category, i.value, i.value_text, i.unit, i.qualifier, i.dimensions, i.date,
  i.date_precision, i.period_start, i.period_start_precision, i.region_code, i.organ_id, i.event_id, i.phase_id,
  i.document_id, i.quote, i.start_offset, i.end_offset, i.value_basis, i.value_note, i.date_basis, i.date_note,
  i.region_basis, i.region_note, i.inferred, i.note`

type OwnRow = Omit<IndicatorRowRaw, 'metric_name' | 'metric_unit' | 'region_name' | 'region_name_zh' | 'region_level' | 'organ_name' | 'organ_kind' | 'event_title' | 'phase_title'>

/**
 * A figure looked up by id, named from the context's catalogs instead of by FROM's five joins
 * (on a million figures the joins cost about three times the row itself). As the joins do, a
 * figure whose metric or region is missing is dropped, and a missing organ or event is a null name.
 */
function namedRow (ctx: QueryContext, row: OwnRow): IndicatorRowRaw | null {
  const metric = ctx.metricName(row.metric_code)
  const region = ctx.region(row.region_code)
  if (metric === undefined || region === undefined) return null
  const organ = row.organ_id === null ? undefined : ctx.organName(row.organ_id)
  // The names are added to the row itself, which is the statement's fresh object for this call:
  // copying its 28 columns into a new object (a spread) took 29 µs a row here, adding them 0.5 µs.
  const named = row as IndicatorRowRaw
  named.metric_name = metric.name
  named.metric_unit = metric.unit
  named.region_name = region.name
  named.region_name_zh = region.nameZh
  named.region_level = region.level
  named.organ_name = organ?.name ?? null
  named.organ_kind = organ?.kind ?? null
  named.event_title = row.event_id === null ? null : ctx.eventTitle(row.event_id) ?? null
  named.phase_title = row.phase_id === null ? null : ctx.eventTitle(row.phase_id) ?? null
  return named
}

/** The list shape REST pages through, for the batched reads in batched.ts. */
export function indicatorListShape (ctx: QueryContext, f: IndicatorFilter): ListShape {
  return shape(ctx, f)
}
