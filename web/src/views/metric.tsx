// Compare a metric (/metrics/{code}): its figures across regions at a chosen level, rolled up by
// the API's summary, as bars, a map of the provinces and a table. Only comparable figures stand side
// by side: one series (the metric with one value of each of its dimensions) at one period and phase,
// the one the API's comparable observations keep; every other figure is listed apart, with why.
import { useLocation, useRoute } from 'preact-iso'
import { apiUrl, getAll, getJson, useLoad, type ComparableSeries, type Event, type Metric, type Observation, type Observations, type Summary, type SummaryRow } from '../api'
import { ChartFrame } from '../chart-frame'
import { LEVEL_WORDS, formatDate, formatPeriod, formatValue, label, sumQualifier, unitWords } from '../format'
import { Badge, DataPanel, Show, factPath, metricPath, regionPath, type DataRequests } from '../ui'
import { MetricPicker, metrics } from './metric-picker'
import { useTitle } from '../title'

const LEVELS = ['province', 'prefecture', 'county'] as const
type Level = typeof LEVELS[number]
const DEPTH: Record<string, number> = { country: 0, province: 1, prefecture: 2, county: 3 }

type Dims = Record<string, string>
const dimsOf = (o: Observation, names: string[]): Dims => Object.fromEntries(names.map((n) => [n, String((o as Record<string, unknown>)[n])]))
const dimsKey = (d: Dims): string => Object.keys(d).sort().map((k) => `${k}:${d[k]}`).join(',')

interface MetricData {
  metric: Metric
  all: Observations
  comparable: Observations
  phases: Map<string, string>
}

interface SeriesView {
  series: ComparableSeries & { key: string }
  level: Level
  summary: Summary
  summaryUrl: string
}

function seriesLabel (metric: Metric, s: ComparableSeries): string {
  const dims = Object.entries(s.dimensions as Dims)
  if (dims.length === 0) return metric.name
  return dims.map(([name, value]) => {
    const d = metric.dimensions.find((x) => x.name === name)
    return `${d?.label ?? name}: ${d?.values.find((v) => v.value === value)?.label ?? value}`
  }).join('; ')
}

function summaryParams (metric: string, s: ComparableSeries, level: Level): Record<string, string> {
  const dims = dimsKey(s.dimensions as Dims)
  return {
    metric, ...(dims ? { dimension: dims } : {}), ...(s.phase ? { phase: s.phase } : {}), from: s.date, to: s.date,
    groupBy: 'region', rollup: level,
  }
}

function graphqlFor (code: string, s: ComparableSeries | null, level: Level): string {
  const dims = s ? Object.entries(s.dimensions as Dims).map(([k, v]) => `"${k}:${v}"`) : []
  const filter = [`metric: ["${code}"]`, dims.length ? `dimension: [${dims.join(', ')}]` : '', s?.phase ? `phase: ["${s.phase}"]` : '', s ? `from: "${s.date}", to: "${s.date}"` : ''].filter(Boolean).join(', ')
  return `{
  metric(code: "${code}") {
    code name unit category description
    dimensions { name label values { value label total } }
    coverage { count firstDate lastDate regions { code name level count } }
  }
  indicatorSummary(filter: { ${filter} }, groupBy: [region], rollup: ${level}) {
    rows { region { code name nameZh level } unit sum sumNote basis count indicators { id value valueText qualifier } }
    omitted { reason detail count indicatorIds }
  }
  observations(filter: { metric: ["${code}"] }, comparable: true) {
    rows { region regionName regionLevel phase periodStart date value valueText qualifier indicator document dimensions { name value } }
    comparable { dimensions { name value } phase periodStart date regions excluded }
  }
}`
}

/** Why a figure is not beside the chosen series' figures. */
function apartReason (o: Observation, s: ComparableSeries, names: string[], metric: Metric): string {
  const dims = dimsOf(o, names)
  const sd = s.dimensions as Dims
  const other = names.find((n) => dims[n] !== sd[n])
  if (other) {
    const d = metric.dimensions.find((x) => x.name === other)
    return `another ${d?.label.toLowerCase() ?? other}: ${d?.values.find((v) => v.value === dims[other])?.label ?? dims[other]}`
  }
  if (o.phase !== s.phase) return 'another phase'
  return 'another period'
}

function qualifierOf (row: SummaryRow, byId: Map<string, Observation>): string {
  return sumQualifier(row.indicators.map((id) => byId.get(id)?.qualifier ?? 'exact'))
}

function rowText (row: SummaryRow, byId: Map<string, Observation>): string {
  if (row.sum === null) return 'no sum'
  if (row.indicators.length === 1) {
    const o = byId.get(row.indicators[0]!)
    if (o) return formatValue(o.value, o.unit, o.qualifier)
  }
  return formatValue(row.sum, row.unit, qualifierOf(row, byId))
}

const rowHref = (row: SummaryRow, code: string): string =>
  row.indicators.length === 1 ? factPath(row.indicators[0]!) : `${regionPath(row.region!.code)}?metric=${encodeURIComponent(code)}`

function FigureTable ({ rows, phases, caption, reason }: {
  rows: Observation[], phases: Map<string, string>, caption: string, reason?: (o: Observation) => string
}) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead><tr><th scope="col">Region</th><th scope="col">Figure</th><th scope="col">Period</th><th scope="col">Phase</th>{reason && <th scope="col">Why apart</th>}<th scope="col">Source</th></tr></thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.indicator}>
              <th scope="row"><a href={regionPath(o.region)}>{o.regionName}</a></th>
              <td class="num">{formatValue(o.value, o.unit, o.qualifier)}</td>
              <td>{formatPeriod(o.periodStart, o.date)}</td>
              <td>{o.phase ? phases.get(o.phase) ?? label(o.phase) : '—'}</td>
              {reason && <td>{reason(o)}</td>}
              <td><a href={factPath(o.indicator)}>the fact</a></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Comparison ({ data, view }: { data: MetricData, view: SeriesView }) {
  const { metric, all, comparable, phases } = data
  const { series, level, summary } = view
  const names = comparable.dimensions
  const byId = new Map((all.data as Observation[]).map((o) => [o.indicator, o]))
  const kept = new Set((comparable.data as Observation[]).filter((o) => dimsKey(dimsOf(o, names)) === series.key).map((o) => o.indicator))
  const side = summary.data.filter((r) => r.sum !== null && r.indicators.every((id) => kept.has(id)))
  const sideIds = new Set(side.flatMap((r) => r.indicators))
  const above = summary.omitted.flatMap((o) => o.indicators.map((id) => byId.get(id))).filter((o): o is Observation => !!o && kept.has(o.indicator))
  const apart = (all.data as Observation[]).filter((o) => !sideIds.has(o.indicator) && !above.some((a) => a.indicator === o.indicator))
  const unitLabel = `${label(unitWords(metric.unit))}`
  const bars = side.map((r) => ({
    label: r.region!.name, value: r.sum!, text: rowText(r, byId), href: rowHref(r, metric.code),
    note: r.basis === 'parts' ? `sum of ${r.summed} figures of places inside it` : r.basis === 'mixed' ? 'its own figures and those of places inside it' : undefined,
  }))
  const provinces = level === 'province' ? side.map((r) => ({ code: r.region!.code, name: r.region!.name, value: r.sum!, text: rowText(r, byId), href: rowHref(r, metric.code) })) : []

  return (
    <>
      <p class="series-period">
        Side by side: <strong>{seriesLabel(metric, series)}</strong>, {formatPeriod(series.periodStart, series.date)}
        {series.phase ? <>, {phases.get(series.phase) ?? label(series.phase)}</> : ', outside the campaign\'s phases'}.
        {series.excluded > 0 && <> {series.excluded} figure{series.excluded === 1 ? '' : 's'} of this series from another period or phase {series.excluded === 1 ? 'is' : 'are'} listed apart.</>}
      </p>
      {side.length > 0 ? (
        <>
          <ChartFrame label={`${metric.name} by ${level}`} deps={[metric.code, series.key, level]}
            draw={(c, width) => c.barChart(bars, { width, unitLabel })} />
          <div class={provinces.length > 0 ? 'map-and-table' : ''}>
          {provinces.length > 0 && (
            <ChartFrame label={`Map of China's provinces: ${metric.name}`} className="chart map" deps={[metric.code, series.key]}
              draw={(c, width) => c.provinceMap(provinces, { width, unitLabel })} />
          )}
          <div class="table-wrap">
            <table class="comparison">
              <caption>{metric.name}, {LEVEL_WORDS[level]}: comparable figures</caption>
              <thead><tr><th scope="col">Region</th><th scope="col">Figure</th><th scope="col">How</th><th scope="col">Facts</th></tr></thead>
              <tbody>
                {[...side].sort((a, b) => b.sum! - a.sum!).map((r) => (
                  <tr key={r.key}>
                    <th scope="row"><a href={regionPath(r.region!.code)}>{r.region!.name}</a> <span lang="zh-Hans" class="zh">{r.region!.nameZh}</span></th>
                    <td class="num">{rowText(r, byId)}</td>
                    <td>{r.basis === 'stated' ? 'stated for the region' : r.basis === 'parts' ? `sum of ${r.summed} figures of places inside it` : 'its own and its parts\' figures'}</td>
                    <td>{r.indicators.map((id, i) => <>{i > 0 && ', '}<a key={id} href={factPath(id)}>{byId.get(id) ? `${byId.get(id)!.regionName}: ${byId.get(id)!.valueText}` : id}</a></>)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          </div>
        </>
      ) : <p class="muted">No figure of this series for a region at or below the {level} level.</p>}
      {above.length > 0 && <FigureTable rows={above} phases={phases} caption={`Above the ${level} level (not added to any ${level})`} />}
      {apart.length > 0 && (
        <FigureTable rows={apart} phases={phases} caption="Other figures of this metric: not comparable with those above"
          reason={(o) => {
            const row = summary.data.find((r) => r.indicators.includes(o.indicator))
            if (row && row.sum === null) return row.sumNote ?? 'no sum'
            if (row && kept.has(o.indicator) && row.region) {
              return row.region.code === o.region
                ? 'its region has another figure of another period or phase'
                : `part of ${row.region.name}, whose own figure (of another period or phase) stands for it at this level`
            }
            return DEPTH[o.regionLevel]! < DEPTH[level]! && o.regionLevel !== 'country' ? `a ${o.regionLevel}'s figure, above the ${level} level` : apartReason(o, series, names, metric)
          }} />
      )}
    </>
  )
}

export function MetricView () {
  const { params } = useRoute()
  const { query, route } = useLocation()
  const code = params.code!
  const loaded = useLoad<MetricData>(`metric:${code}`, async () => {
    const [metric, all, comparable, phaseEvents] = await Promise.all([
      getJson<{ data: Metric }>(`/v1/metrics/${encodeURIComponent(code)}`).then((r) => r.data),
      getJson<Observations>(apiUrl('/v1/observations', { metric: code })),
      getJson<Observations>(apiUrl('/v1/observations', { metric: code, comparable: true })),
      getAll<Event>('/v1/events', { kind: 'campaign,campaign_phase' }),
    ])
    return { metric, all, comparable, phases: new Map(phaseEvents.map((e) => [e.id, e.title])) }
  })
  useTitle(loaded.state === 'ready' ? loaded.value.metric.name : code)

  const data = loaded.state === 'ready' ? loaded.value : null
  const seriesList = (data?.comparable.comparable ?? []).map((s) => ({ ...s, key: dimsKey(s.dimensions as Dims) }))
  const regionsOf = (s: { key: string }): Observation[] => (data?.comparable.data as Observation[] ?? []).filter((o) => dimsKey(dimsOf(o, data!.comparable.dimensions)) === s.key)
  const others = (s: { key: string }): Observation[] => {
    const kept = new Set(regionsOf(s).map((o) => o.indicator))
    return (data?.all.data as Observation[] ?? []).filter((o) => !kept.has(o.indicator))
  }
  const belowCountry = (s: { key: string }): number => new Set(regionsOf(s).filter((o) => o.regionLevel !== 'country').map((o) => o.region)).size
  const chosen = seriesList.find((s) => s.key === query.series)
    ?? [...seriesList].sort((a, b) => belowCountry(b) - belowCountry(a) || b.regions - a.regions)[0]
  const levels = LEVELS.filter((l) => regionsOf(chosen ?? { key: '' }).some((o) => DEPTH[o.regionLevel]! >= DEPTH[l]!))
  // By default, the level most of the series' figures are stated at (the higher one on a tie).
  const atLevel = (l: Level): number => new Set(regionsOf(chosen ?? { key: '' }).filter((o) => o.regionLevel === l).map((o) => o.region)).size
  const preferred = [...levels].sort((a, b) => atLevel(b) - atLevel(a) || DEPTH[a]! - DEPTH[b]!)[0]
  const level: Level = (levels as readonly string[]).includes(query.level ?? '') ? query.level as Level : preferred ?? 'province'

  const summaryUrl = data && chosen ? apiUrl('/v1/indicators/summary', summaryParams(code, chosen, level)) : null
  const view = useLoad<SeriesView | null>(summaryUrl ?? `none:${code}`, async () =>
    summaryUrl && chosen ? { series: chosen, level, summary: await getJson<Summary>(summaryUrl), summaryUrl } : null)

  const setQuery = (change: Record<string, string>): void => {
    const next = { ...query, ...change }
    route(metricPath(code, Object.fromEntries(Object.entries(next).filter(([, v]) => v))), true)
  }

  const requests: DataRequests = {
    rest: [
      { label: 'The metric, its dimensions and coverage', url: `/v1/metrics/${code}` },
      ...(summaryUrl ? [{ label: `The summary by ${level}, rolled up`, url: summaryUrl }] : []),
      { label: 'Its comparable figures (one period and phase per series)', url: apiUrl('/v1/observations', { metric: code, comparable: true }) },
      { label: 'All its figures', url: apiUrl('/v1/observations', { metric: code }) },
    ],
    csv: { label: 'All its figures', url: apiUrl('/v1/observations', { metric: code, format: 'csv' }) },
    graphql: graphqlFor(code, chosen ?? null, level),
  }

  return (
    <div class="metric-view">
      <MetricPicker />
      <Show loaded={loaded}>{({ metric }) => (
        <>
          <header class="view-header">
            <p class="eyebrow"><a href="/metrics">Metrics</a> › {label(metric.category)}</p>
            <h1>{metric.name}</h1>
            <p><code>{metric.code}</code> · unit: {unitWords(metric.unit)} · {metric.coverage.count} figure{metric.coverage.count === 1 ? '' : 's'} from {metric.coverage.documents.length} document{metric.coverage.documents.length === 1 ? '' : 's'}, {formatDate(metric.coverage.firstDate)}{metric.coverage.lastDate !== metric.coverage.firstDate ? ` to ${formatDate(metric.coverage.lastDate)}` : ''}</p>
            <p class="description">{metric.description}</p>
          </header>
          {seriesList.length === 0 ? <p>No figures.</p> : (
            <div class="controls">
              {seriesList.length > 1 && (
                <label>Series
                  <select value={chosen?.key} onChange={(e) => setQuery({ series: (e.target as HTMLSelectElement).value })}>
                    {seriesList.map((s) => <option key={s.key} value={s.key}>{seriesLabel(metric, s)} ({formatDate(s.date)}, {s.regions} region{s.regions === 1 ? '' : 's'})</option>)}
                  </select>
                </label>
              )}
              {levels.length > 0 && (
                <fieldset class="levels">
                  <legend>Regions at the level of</legend>
                  {levels.map((l) => (
                    <label key={l}><input type="radio" name="level" value={l} checked={l === level} onChange={() => setQuery({ level: l })} /> {LEVEL_WORDS[l]}</label>
                  ))}
                </fieldset>
              )}
              {metric.dimensions.length > 0 && <p class="muted">Dimensions: {metric.dimensions.map((d) => d.label).join('; ')}. Figures of different values are never added or set side by side.</p>}
            </div>
          )}
          {levels.length === 0 && chosen && (
            <>
              <FigureTable rows={regionsOf(chosen)} phases={data!.phases} caption="Nationwide figures of this series" />
              {others(chosen).length > 0 && (
                <FigureTable rows={others(chosen)}
                  phases={data!.phases} caption="Other figures of this metric: not comparable with those above"
                  reason={(o) => apartReason(o, chosen, data!.comparable.dimensions, metric)} />
              )}
            </>
          )}
          {levels.length > 0 && <Show loaded={view}>{(v) => v && <Comparison data={data!} view={v} />}</Show>}
          <p class="legend-note"><Badge>more than</Badge> and other qualifiers are the text's own: a figure written “9,300余” or “more than 9,300” is a lower bound.</p>
        </>
      )}</Show>
      <DataPanel requests={requests} />
    </div>
  )
}

export function MetricIndex () {
  useTitle('Metrics')
  const loaded = useLoad('metrics', metrics)
  return (
    <div class="metric-index">
      <h1>Metrics</h1>
      <MetricPicker autoFocus />
      <Show loaded={loaded}>{(list) => {
        const byCategory = new Map<string, Metric[]>()
        for (const m of list) byCategory.set(m.category, [...(byCategory.get(m.category) ?? []), m])
        return (
          <div class="categories">
            {[...byCategory].map(([category, ms]) => (
              <section key={category}>
                <h2>{label(category)} <span class="muted">({ms.length})</span></h2>
                <ul class="metric-list">
                  {ms.map((m) => <li key={m.code}><a href={metricPath(m.code)}>{m.name}</a> <span class="muted">· {m.coverage.count} figure{m.coverage.count === 1 ? '' : 's'} · {m.coverage.regions.map((r) => r.name).join(', ')}</span></li>)}
                </ul>
              </section>
            ))}
          </div>
        )
      }}</Show>
      <DataPanel requests={{
        rest: [{ label: 'Every metric with its coverage', url: apiUrl('/v1/metrics', { limit: 1000 }) }],
        csv: { label: 'Every metric', url: apiUrl('/v1/metrics', { format: 'csv', limit: 'all' }) },
        graphql: '{\n  metrics(first: 200) { totalCount nodes { code name unit category description coverage { count regions { code name } } } }\n}',
      }} />
    </div>
  )
}
