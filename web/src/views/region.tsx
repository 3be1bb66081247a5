// A region (/regions/{code}): its figures (its own and those of the places inside it), its organs and
// events, and its parent and children to drill up and down. ?metric= narrows the figures to a metric.
import { useLocation, useRoute } from 'preact-iso'
import { apiUrl, getAll, getJson, useLoad, type Event, type Indicator, type Organ, type Region, type RegionDetail } from '../api'
import { formatPeriod, formatValue, label } from '../format'
import { DataPanel, Show, eventPath, factPath, metricPath, organPath, regionPath, type DataRequests } from '../ui'
import { useTitle } from '../title'

interface RegionData { region: RegionDetail, indicators: Indicator[], organs: Organ[], events: Event[], childrenWithData: Region[] }

export function FactsTable ({ indicators, caption, showRegion = true }: { indicators: Indicator[], caption: string, showRegion?: boolean }) {
  return (
    <div class="table-wrap">
      <table class="facts">
        <caption>{caption}</caption>
        <thead><tr><th scope="col">Metric</th>{showRegion && <th scope="col">Region</th>}<th scope="col">Figure</th><th scope="col">Period</th><th scope="col">Fact</th></tr></thead>
        <tbody>
          {indicators.map((i) => (
            <tr key={i.id}>
              <td><a href={metricPath(i.metric.code)}>{i.metric.name}</a>{Object.keys(i.dimensions).length > 0 && <span class="muted"> ({Object.entries(i.dimensions).map(([k, v]) => `${label(k)}: ${label(String(v))}`).join(', ')})</span>}</td>
              {showRegion && <td><a href={regionPath(i.region.code)}>{i.region.name}</a></td>}
              <td class="num">{formatValue(i.value, i.unit, i.qualifier)}</td>
              <td>{formatPeriod(i.periodStart, i.date)}</td>
              <td><a href={factPath(i.id)}>source</a></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function RegionView () {
  const { params } = useRoute()
  const { query } = useLocation()
  const code = params.code!
  const metric = query.metric
  const indicatorsUrl = apiUrl('/v1/indicators', { region: code, metric, limit: 1000 })
  const loaded = useLoad<RegionData>(`region:${code}:${metric ?? ''}`, async () => {
    const [region, indicators, organs, events, childrenWithData] = await Promise.all([
      getJson<{ data: RegionDetail }>(`/v1/regions/${encodeURIComponent(code)}`).then((r) => r.data),
      getAll<Indicator>('/v1/indicators', { region: code, metric }),
      getAll<Organ>('/v1/organs', { region: code }),
      getAll<Event>('/v1/events', { region: code }),
      code === 'CN' ? getAll<Region>('/v1/regions', { level: 'province', hasData: true }) : getAll<Region>('/v1/regions', { parent: code, hasData: true }),
    ])
    return { region, indicators, organs, events, childrenWithData }
  })
  useTitle(loaded.state === 'ready' ? loaded.value.region.name : code)

  const requests: DataRequests = {
    rest: [
      { label: 'The region, with its parent, ancestors and children', url: `/v1/regions/${code}` },
      { label: 'Its figures, and those of the places inside it', url: indicatorsUrl },
      { label: 'Its organs', url: apiUrl('/v1/organs', { region: code, limit: 1000 }) },
      { label: 'Its events', url: apiUrl('/v1/events', { region: code, limit: 1000 }) },
      { label: 'Its children with figures', url: apiUrl('/v1/regions', code === 'CN' ? { level: 'province', hasData: true } : { parent: code, hasData: true }) },
    ],
    csv: { label: 'Its figures', url: apiUrl('/v1/indicators', { region: code, metric, format: 'csv', limit: 'all' }) },
    graphql: `{
  region(code: "${code}") {
    code name nameZh level
    ancestors { code name }
    children(first: 1000, filter: { hasData: true }) { nodes { code name nameZh } }
    indicators(first: 1000${metric ? `, filter: { metric: ["${metric}"] }` : ''}) { totalCount nodes { id value valueText unit qualifier date periodStart metric { code name } region { code name } source { quote start end document { id } } } }
    organs(first: 1000) { nodes { id name nameZh kind } }
    events(first: 1000) { nodes { id title kind startDate endDate } }
  }
}`,
  }

  return (
    <div class="region-view">
      <Show loaded={loaded}>{({ region, indicators, organs, events, childrenWithData }) => {
        const own = indicators.filter((i) => i.region.code === region.code)
        const inside = indicators.filter((i) => i.region.code !== region.code)
        return (
          <>
            <nav class="breadcrumbs" aria-label="Up">
              {region.ancestors.map((a) => <span key={a.code}><a href={regionPath(a.code)}>{a.name}</a> › </span>)}
            </nav>
            <header class="view-header">
              <h1>{region.name} <span lang="zh-Hans" class="zh">{region.nameZh}</span></h1>
              <p>{label(region.level)}{region.code !== 'CN' && <> · GB/T 2260 <code>{region.code}</code></>} · {region.indicatorCount} figure{region.indicatorCount === 1 ? '' : 's'} here and inside it</p>
            </header>
            {metric && <p class="filter-note">Figures of <a href={metricPath(metric)}><code>{metric}</code></a> only. <a href={regionPath(code)}>Every figure of {region.name}</a></p>}
            {own.length > 0 && <FactsTable indicators={own} caption={`Figures stated for ${region.name}`} showRegion={false} />}
            {inside.length > 0 && <FactsTable indicators={inside} caption={`Figures of places inside ${region.name}`} />}
            {indicators.length === 0 && <p class="muted">No figure for {region.name} or a place inside it{metric ? ' for this metric' : ''}.</p>}
            <section aria-labelledby="drill">
              <h2 id="drill">Up and down</h2>
              {region.parent && <p>Inside <a href={regionPath(region.parent.code)}>{region.parent.name} <span lang="zh-Hans">{region.parent.nameZh}</span></a>{region.parent.code !== 'CN' && region.level === 'province' ? '' : ''}.</p>}
              {region.level === 'province' && !region.parent && <p>Inside <a href={regionPath('CN')}>China</a>.</p>}
              {childrenWithData.length > 0 && (
                <>
                  <p>{childrenWithData.length} of its {region.code === 'CN' ? 'provinces' : `${region.children.length} divisions`} with figures:</p>
                  <ul class="inline-list">{childrenWithData.map((c) => <li key={c.code}><a href={regionPath(c.code)}>{c.name} <span lang="zh-Hans">{c.nameZh}</span></a></li>)}</ul>
                </>
              )}
              {region.children.length > 0 && (
                <details>
                  <summary>All {region.children.length} divisions</summary>
                  <ul class="inline-list">{region.children.map((c) => <li key={c.code}><a href={regionPath(c.code)}>{c.name}</a></li>)}</ul>
                </details>
              )}
            </section>
            {organs.length > 0 && (
              <section aria-labelledby="organs">
                <h2 id="organs">Organs</h2>
                <ul class="plain-list">{organs.map((o) => <li key={o.id}><a href={organPath(o.id)}>{o.name}</a>{o.nameZh && <span lang="zh-Hans" class="zh"> {o.nameZh}</span>} <span class="muted">· {label(o.kind)}, {o.region.name}</span></li>)}</ul>
              </section>
            )}
            {events.length > 0 && (
              <section aria-labelledby="events">
                <h2 id="events">Events</h2>
                <ul class="plain-list">{[...events].sort((a, b) => (a.startDate ?? '9').localeCompare(b.startDate ?? '9')).map((e) => <li key={e.id}><time>{formatPeriod(e.startDate, e.endDate)}</time> <a href={eventPath(e.id)}>{e.title}</a> <span class="muted">· {label(e.kind)}</span></li>)}</ul>
              </section>
            )}
          </>
        )
      }}</Show>
      <DataPanel requests={requests} />
    </div>
  )
}
