// Observations: the figures as a tidy table for charts and data frames. Long form has one flat row
// per figure, keyed by region, organ, period (periodStart..date), phase, metric and dimension
// values; wide form has one row per region, organ, period and phase, and one column per metric and
// dimension values. In comparable mode each series (a metric with its dimension values) keeps only
// the figures of one period and phase: the one most regions share.
import { badParameter } from '../errors.js'
import { LIMITS } from '../limits.js'
import { DIMENSION_NAMES } from '../domain/index.js'
import type { QueryContext } from './context.js'
import { indicatorWhere, type IndicatorFilter } from './indicators.js'

export interface ObservationRequest { shape?: 'long' | 'wide' | undefined, comparable?: boolean | undefined }

/** One figure, flat: the fields charts key on, and a field per dimension the metric declares. */
export interface Observation extends Record<string, string | number | null | undefined> {
  region: string
  regionName: string
  regionLevel: string
  organ: string | null
  phase: string | null
  periodStart: string | null
  date: string
  datePrecision: string
  metric: string
  metricName: string
  unit: string
  value: number
  valueText: string
  qualifier: string
  indicator: string
  document: string
}

export interface WideObservation extends Record<string, string | number | null | string[]> {
  region: string
  regionName: string
  regionLevel: string
  organ: string | null
  phase: string | null
  periodStart: string | null
  date: string
  indicators: string[]
}

/** A column of the wide form: one metric with one set of dimension values. */
export interface ObservationColumn { name: string, metric: string, metricName: string, unit: string, dimensions: Record<string, string> }

/** The period and phase a series was kept at in comparable mode, and how many figures were left out. */
export interface ComparableSeries {
  metric: string
  dimensions: Record<string, string>
  phase: string | null
  periodStart: string | null
  date: string
  regions: number
  excluded: number
}

export interface Observations {
  shape: 'long' | 'wide'
  data: Observation[] | WideObservation[]
  /** The wide form's value columns ([] in long form). */
  columns: ObservationColumn[]
  /** In comparable mode, what each series kept; null otherwise. */
  comparable: ComparableSeries[] | null
  /** The dimension fields the long rows carry, in the vocabulary's order. */
  dimensions: string[]
}

interface ObservationRaw {
  region: string, region_name: string, region_level: string, organ: string | null, phase: string | null,
  period_start: string | null, date: string, date_precision: string, metric: string, metric_name: string, unit: string,
  value: number, value_text: string, qualifier: string, id: string, document: string, dims: string
}

const seriesName = (metric: string, dims: Record<string, string>): string =>
  Object.keys(dims).length === 0 ? metric : `${metric}|${Object.entries(dims).map(([d, v]) => `${d}=${v}`).join(',')}`

export function listObservations (ctx: QueryContext, f: IndicatorFilter, req: ObservationRequest): Observations {
  const { where, params } = indicatorWhere(ctx, f)
  const sql = `SELECT i.region_code AS region, r.name AS region_name, r.level AS region_level, i.organ_id AS organ, i.phase_id AS phase,
      i.period_start, i.date, i.date_precision, i.metric_code AS metric, m.name AS metric_name, i.unit, i.value, i.value_text,
      i.qualifier, i.id, i.document_id AS document, i.dimensions AS dims
    FROM indicators i JOIN metrics m ON m.code = i.metric_code JOIN regions r ON r.code = i.region_code
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY i.metric_code, i.dimensions, i.region_code, i.date, i.id LIMIT ?`
  let rows = ctx.cache.all<ObservationRaw>(sql, [...params, LIMITS.observations + 1])
  if (rows.length > LIMITS.observations) throw badParameter('metric', `more than ${LIMITS.observations} figures; narrow the filter (metric, region, phase, ...)`)

  let comparable: ComparableSeries[] | null = null
  if (req.comparable) {
    const series = new Map<string, ObservationRaw[]>()
    for (const r of rows) {
      const key = `${r.metric}\0${r.dims}`
      const list = series.get(key)
      if (list) list.push(r)
      else series.set(key, [r])
    }
    comparable = []
    const kept: ObservationRaw[] = []
    for (const list of series.values()) {
      const periods = new Map<string, { rows: ObservationRaw[], regions: Set<string> }>()
      for (const r of list) {
        const key = JSON.stringify([r.phase, r.period_start, r.date])
        const p = periods.get(key) ?? { rows: [], regions: new Set<string>() }
        p.rows.push(r)
        p.regions.add(r.region)
        periods.set(key, p)
      }
      // Most regions first, then the latest period, then by phase: a stable choice.
      const best = [...periods.values()].sort((a, b) => b.regions.size - a.regions.size ||
        b.rows[0]!.date.localeCompare(a.rows[0]!.date) || (a.rows[0]!.phase ?? '').localeCompare(b.rows[0]!.phase ?? ''))[0]!
      const first = best.rows[0]!
      comparable.push({
        metric: first.metric, dimensions: JSON.parse(first.dims) as Record<string, string>, phase: first.phase,
        periodStart: first.period_start, date: first.date, regions: best.regions.size, excluded: list.length - best.rows.length,
      })
      kept.push(...best.rows)
    }
    rows = kept
  }

  const dimsUsed = new Set<string>()
  for (const r of rows) for (const d of Object.keys(JSON.parse(r.dims) as object)) dimsUsed.add(d)
  const dimensions = DIMENSION_NAMES.filter((d) => dimsUsed.has(d))

  if (req.shape !== 'wide') {
    const data = rows.map((r): Observation => ({
      region: r.region, regionName: r.region_name, regionLevel: r.region_level, organ: r.organ, phase: r.phase,
      periodStart: r.period_start, date: r.date, datePrecision: r.date_precision, metric: r.metric, metricName: r.metric_name,
      unit: r.unit, ...(JSON.parse(r.dims) as Record<string, string>), value: r.value, valueText: r.value_text, qualifier: r.qualifier,
      indicator: r.id, document: r.document,
    }))
    return { shape: 'long', data, columns: [], comparable, dimensions }
  }

  const columns = new Map<string, ObservationColumn>()
  const wide = new Map<string, WideObservation>()
  for (const r of rows) {
    const dims = JSON.parse(r.dims) as Record<string, string>
    const name = seriesName(r.metric, dims)
    if (!columns.has(name)) columns.set(name, { name, metric: r.metric, metricName: r.metric_name, unit: r.unit, dimensions: dims })
    const key = JSON.stringify([r.region, r.organ, r.phase, r.period_start, r.date])
    let row = wide.get(key)
    if (!row) {
      row = { region: r.region, regionName: r.region_name, regionLevel: r.region_level, organ: r.organ, phase: r.phase, periodStart: r.period_start, date: r.date, indicators: [] }
      wide.set(key, row)
    }
    const held = row[name]
    if (held !== undefined && held !== r.value) {
      throw badParameter('shape', `two figures for ${name} in ${r.region} for ${r.period_start ?? ''}..${r.date} (${row.indicators.join(', ')} and ${r.id}) disagree; use the long shape, or filter by document`)
    }
    row[name] = r.value
    row.indicators.push(r.id)
  }
  const names = [...columns.keys()].sort()
  const data = [...wide.values()]
    .sort((a, b) => a.region.localeCompare(b.region) || (a.organ ?? '').localeCompare(b.organ ?? '') || a.date.localeCompare(b.date))
    .map((row) => {
      const values: Record<string, number | null> = {}
      for (const n of names) values[n] = (row[n] as number | undefined) ?? null
      const { indicators, region, regionName, regionLevel, organ, phase, periodStart, date } = row
      return { region, regionName, regionLevel, organ, phase, periodStart, date, ...values, indicators } as WideObservation
    })
  return { shape: 'wide', data, columns: names.map((n) => columns.get(n)!), comparable, dimensions: [] }
}
