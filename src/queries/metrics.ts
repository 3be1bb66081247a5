// Metrics: the catalog of comparable measures, each with its declared dimensions and its coverage
// (how many indicators, over which regions, documents and dates), computed when the database is built.
import { runList, iterateList, inList, textFilter, type ListShape, type ListRequest, type Page } from './core.js'
import type { QueryContext } from './context.js'
import { searchWords } from './indicators.js'
import { badParameter } from '../errors.js'

export interface MetricFilter {
  code?: string[], category?: string[], dimension?: string[], q?: string
  /** Metrics with figures for these regions or regions inside them. */
  coveredIn?: string[]
  /** Metrics with figures for at least this many distinct regions (within coveredIn and regionLevel, when given). */
  minRegions?: number
  /** Count only the regions of these levels (country, province, prefecture, county). */
  regionLevel?: string[]
}

export interface MetricDimension {
  name: string
  label: string
  description: string
  /** The values the metric allows, in order; `total` marks a value standing for all the others together. */
  values: Array<{ value: string, label: string, total: boolean }>
}

export interface MetricCoverage {
  count: number
  firstDate: string | null
  lastDate: string | null
  regions: Array<{ code: string, name: string, nameZh: string, level: string, count: number }>
  documents: Array<{ id: string, title: string, count: number }>
}

export interface Metric {
  code: string, name: string, unit: string, category: string, description: string, indicatorCount: number,
  dimensions: MetricDimension[], coverage: MetricCoverage
}

// The dimensions and the coverage come as JSON from correlated subqueries, so that a page of
// metrics is still one statement (and GraphQL's batched pages too).
const COLUMNS = `m.code, m.name, m.unit, m.category, m.description, m.indicator_count AS indicatorCount,
  m.first_date AS firstDate, m.last_date AS lastDate,
  (SELECT json_group_array(json_object('name', md.dimension, 'label', dm.label, 'description', dm.description, 'position', md.position,
      'values', json((SELECT json_group_array(json_object('value', mv.value, 'label', dv.label, 'total', dv.total, 'position', mv.position))
        FROM metric_dimension_values mv JOIN dimension_values dv ON dv.dimension = mv.dimension AND dv.value = mv.value
        WHERE mv.metric_code = md.metric_code AND mv.dimension = md.dimension))))
    FROM metric_dimensions md JOIN dimensions dm ON dm.name = md.dimension WHERE md.metric_code = m.code) AS dimensionsJson,
  (SELECT json_group_array(json_object('code', mr.region_code, 'name', g.name, 'nameZh', g.name_zh, 'level', g.level, 'count', mr.indicator_count))
    FROM metric_regions mr JOIN regions g ON g.code = mr.region_code WHERE mr.metric_code = m.code) AS regionsJson,
  (SELECT json_group_array(json_object('id', mdoc.document_id, 'title', d.title, 'count', mdoc.indicator_count))
    FROM metric_documents mdoc JOIN documents d ON d.id = mdoc.document_id WHERE mdoc.metric_code = m.code) AS documentsJson`
const SORTABLE = { code: { expr: 'm.code' }, name: { expr: 'm.name' }, category: { expr: 'm.category' } }

interface MetricRaw {
  code: string, name: string, unit: string, category: string, description: string, indicatorCount: number,
  firstDate: string | null, lastDate: string | null, dimensionsJson: string, regionsJson: string, documentsJson: string
}

const byPosition = (a: { position: number }, b: { position: number }): number => a.position - b.position
const byKey = <T>(key: (t: T) => string) => (a: T, b: T): number => {
  if (key(a) < key(b)) return -1
  // Stryker disable next-line ConditionalExpression,EqualityOperator: 1 or 0 for equal keys: V8's sort keeps equal keys in their order either way
  return key(a) > key(b) ? 1 : 0
}

export function mapMetric (r: MetricRaw): Metric {
  type RawDim = Omit<MetricDimension, 'values'> & { position: number, values: Array<{ value: string, label: string, total: number, position: number }> }
  const dims = (JSON.parse(r.dimensionsJson) as RawDim[]).sort(byPosition)
  return {
    code: r.code, name: r.name, unit: r.unit, category: r.category, description: r.description, indicatorCount: r.indicatorCount,
    dimensions: dims.map((d) => ({
      name: d.name, label: d.label, description: d.description,
      values: d.values.sort(byPosition).map((v) => ({ value: v.value, label: v.label, total: v.total === 1 })),
    })),
    coverage: {
      count: r.indicatorCount,
      firstDate: r.firstDate,
      lastDate: r.lastDate,
      regions: (JSON.parse(r.regionsJson) as MetricCoverage['regions']).sort(byKey((x) => x.code)),
      documents: (JSON.parse(r.documentsJson) as MetricCoverage['documents']).sort(byKey((x) => x.id)),
    },
  }
}

function shape (ctx: QueryContext, f: MetricFilter): ListShape {
  const where: string[] = []
  const params: unknown[] = []
  if (f.code?.length) inList('m.code', f.code, where, params)
  if (f.category?.length) inList('m.category', ctx.checkCategories(f.category), where, params)
  if (f.dimension?.length) {
    where.push('m.code IN (SELECT md.metric_code FROM metric_dimensions md WHERE md.dimension IN (SELECT value FROM json_each(?)))')
    params.push(JSON.stringify(ctx.checkDimensionNames(f.dimension)))
  }
  if (f.q !== undefined) textFilter('m.search_text', searchWords(f.q), where, params)
  // Coverage filters read metric_regions, written when the database is built.
  if (f.coveredIn?.length || f.regionLevel?.length || f.minRegions !== undefined) {
    const cond: string[] = ['mr.metric_code = m.code']
    const sub: unknown[] = []
    if (f.coveredIn?.length) inList('mr.region_code', ctx.regionCodes(f.coveredIn, false, 'coveredIn'), cond, sub)
    if (f.regionLevel?.length) inList('g.level', ctx.checkRegionLevels(f.regionLevel), cond, sub)
    const min = f.minRegions ?? 1
    if (!Number.isInteger(min) || min < 1 || min > 100_000) throw badParameter('minRegions', `must be an integer from 1 to 100000; got ${min}`)
    where.push(`(SELECT count(*) FROM metric_regions mr JOIN regions g ON g.code = mr.region_code WHERE ${cond.join(' AND ')}) >= ?`)
    params.push(...sub, min)
  }
  return { resource: 'metrics', columns: COLUMNS, from: 'metrics m', where, params, sortable: SORTABLE, defaultSort: 'code', tiebreak: SORTABLE.code }
}

export function listMetrics (ctx: QueryContext, f: MetricFilter, req: ListRequest): Page<Metric> {
  return runList(ctx.cache, shape(ctx, f), req, mapMetric)
}

export function iterateMetrics (ctx: QueryContext, f: MetricFilter, req: ListRequest): Generator<Metric> {
  return iterateList(ctx.cache, shape(ctx, f), req, mapMetric)
}

// A metric as a reference (an indicator's metric): what the metric is, without the regions and
// documents of its coverage, which at a million figures are thousands of rows per metric. GraphQL
// reads those (metricCoverageLists) only when a query selects them.
// Stryker disable next-line MethodExpression: all the columns would answer the same (the NULLs named alike come last and win); only slower
const REF_COLUMNS = COLUMNS.slice(0, COLUMNS.indexOf(',\n  (SELECT json_group_array(json_object(\'code\', mr.region_code'))

/** The metrics as references: coverage without `regions` and `documents`, which name the metric instead. */
export function getMetricRefs (ctx: QueryContext, codes: readonly string[]): Metric[] {
  return ctx.cache.all<MetricRaw>(`SELECT ${REF_COLUMNS}, NULL AS regionsJson, NULL AS documentsJson FROM metrics m WHERE m.code IN (SELECT value FROM json_each(?))`, [JSON.stringify(codes)])
    .map((r) => {
      const m = mapMetric({ ...r, regionsJson: '[]', documentsJson: '[]' })
      return { ...m, coverage: { count: m.coverage.count, firstDate: m.coverage.firstDate, lastDate: m.coverage.lastDate, metricCode: m.code } as unknown as MetricCoverage }
    })
}

/** The regions or the documents of the coverage of each metric: one statement for all of them. */
export function metricCoverageLists<P extends 'regions' | 'documents'> (ctx: QueryContext, codes: readonly string[], part: P): Map<string, MetricCoverage[P]> {
  const out = new Map(codes.map((c) => [c, [] as Array<MetricCoverage[P][number]>]))
  const sql = part === 'regions'
    ? `SELECT mr.metric_code AS metric, mr.region_code AS code, g.name, g.name_zh AS nameZh, g.level, mr.indicator_count AS count
      FROM metric_regions mr JOIN regions g ON g.code = mr.region_code WHERE mr.metric_code IN (SELECT value FROM json_each(?)) ORDER BY mr.metric_code, mr.region_code`
    : `SELECT mdoc.metric_code AS metric, mdoc.document_id AS id, d.title, mdoc.indicator_count AS count
      FROM metric_documents mdoc JOIN documents d ON d.id = mdoc.document_id WHERE mdoc.metric_code IN (SELECT value FROM json_each(?)) ORDER BY mdoc.metric_code, mdoc.document_id`
  for (const row of ctx.cache.all<{ metric: string } & Record<string, unknown>>(sql, [JSON.stringify(codes)])) {
    const { metric, ...item } = row
    out.get(metric)?.push(item as unknown as MetricCoverage[P][number])
  }
  return out as Map<string, MetricCoverage[P]>
}

export function getMetrics (ctx: QueryContext, codes: readonly string[]): Metric[] {
  return ctx.cache.all<MetricRaw>(`SELECT ${COLUMNS} FROM metrics m WHERE m.code IN (SELECT value FROM json_each(?))`, [JSON.stringify(codes)]).map(mapMetric)
}

/** The list shape REST pages through, for the batched reads in batched.ts. */
export function metricListShape (ctx: QueryContext, f: MetricFilter): ListShape {
  return shape(ctx, f)
}
