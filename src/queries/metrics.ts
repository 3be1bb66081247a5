// Metrics: the catalog of comparable measures, each with its number of indicators.
import { runList, iterateList, inList, textFilter, type ListShape, type ListRequest, type Page } from './core.js'
import type { QueryContext } from './context.js'
import { searchWords } from './indicators.js'

export interface MetricFilter { code?: string[], category?: string[], q?: string }

export interface Metric { code: string, name: string, unit: string, category: string, description: string, indicatorCount: number }

const COLUMNS = 'm.code, m.name, m.unit, m.category, m.description, (SELECT count(*) FROM indicators i WHERE i.metric_code = m.code) AS indicatorCount'
const SORTABLE = { code: { expr: 'm.code' }, name: { expr: 'm.name' }, category: { expr: 'm.category' } }

function shape (ctx: QueryContext, f: MetricFilter): ListShape {
  const where: string[] = []
  const params: unknown[] = []
  if (f.code?.length) inList('m.code', f.code, where, params)
  if (f.category?.length) inList('m.category', ctx.checkCategories(f.category), where, params)
  if (f.q !== undefined) textFilter('m.search_text', searchWords(f.q), where, params)
  return { resource: 'metrics', columns: COLUMNS, from: 'metrics m', where, params, sortable: SORTABLE, defaultSort: 'code', tiebreak: SORTABLE.code }
}

const identity = (m: Metric): Metric => m

export function listMetrics (ctx: QueryContext, f: MetricFilter, req: ListRequest): Page<Metric> {
  return runList(ctx.cache, shape(ctx, f), req, identity)
}

export function iterateMetrics (ctx: QueryContext, f: MetricFilter, req: ListRequest): Generator<Metric> {
  return iterateList(ctx.cache, shape(ctx, f), req, identity)
}

export function getMetrics (ctx: QueryContext, codes: readonly string[]): Metric[] {
  return ctx.cache.all<Metric>(`SELECT ${COLUMNS} FROM metrics m WHERE m.code IN (SELECT value FROM json_each(?))`, [JSON.stringify(codes)])
}

/** The list shape REST pages through, for the batched reads in batched.ts. */
export function metricListShape (ctx: QueryContext, f: MetricFilter): ListShape {
  return shape(ctx, f)
}
