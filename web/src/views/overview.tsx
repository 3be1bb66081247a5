// The overview (/): what the dataset is, its version and counts, the five documents, the metrics
// that can be compared across regions, and each campaign as a timeline of its phases, meetings,
// trainings and actions.
import { useEffect, useState } from 'preact/hooks'
import { apiUrl, dataset, getAll, getJson, useLoad, type DatasetInfo, type Event, type Metric, type Region, type Schemas } from '../api'
import { ChartFrame } from '../chart-frame'
import { formatDate, formatPeriod, label } from '../format'
import { DataPanel, Show, documentPath, eventPath, metricPath, regionPath, type DataRequests } from '../ui'
import { MetricPicker } from './metric-picker'
import { useTitle } from '../title'

const DOCUMENTS = apiUrl('/v1/documents', { limit: 100 })
const EVENTS = '/v1/events'
const COMPARABLE = apiUrl('/v1/metrics', { minRegions: 2, limit: 100 })
const PROVINCES = apiUrl('/v1/regions', { level: 'province', hasData: true, limit: 100 })

const REQUESTS: DataRequests = {
  rest: [
    { label: 'Dataset version, counts and documents', url: '/v1' },
    { label: 'The documents', url: DOCUMENTS },
    { label: 'Every event (the timeline)', url: apiUrl(EVENTS, { limit: 1000 }) },
    { label: 'Metrics with figures for two regions or more', url: COMPARABLE },
    { label: 'Provinces with figures', url: PROVINCES },
  ],
  csv: { label: 'Every event', url: apiUrl(EVENTS, { format: 'csv', limit: 'all' }) },
  graphql: `{
  dataset { name version counts { documents regions organs events metrics indicators citations } }
  documents(first: 10) { nodes { id title titleOriginal language publisher publishedAt charCount } }
  events(first: 1000) { nodes { id title kind startDate endDate parentId } }
  metrics(first: 100, filter: { minRegions: 2 }) { nodes { code name unit category coverage { regions { code name } } } }
  regions(first: 100, filter: { level: [province], hasData: true }) { nodes { code name nameZh } }
}`,
}

/** The timelines' lanes, and the kinds of event each holds. */
const LANES: Array<[string, string[]]> = [
  ['Phases', ['campaign', 'campaign_phase']],
  ['Meetings', ['meeting', 'press_conference']],
  ['Trainings', ['training']],
  ['Actions', ['action']],
  ['Activities, awards', ['activity', 'award', 'other']],
]
const laneOf = (kind: string): string => LANES.find(([, kinds]) => kinds.includes(kind))?.[0] ?? 'Activities, awards'

/** The campaigns the documents report, each the root of a tree of events. */
const CAMPAIGNS = [
  { root: 'education-rectification-2021', name: 'The 2021 education and rectification of political-legal teams' },
  { root: 'baoying-fair-enforcement-2004', name: 'Baoying County, 2004: "fair law enforcement, establish image"' },
]

interface OverviewData {
  info: DatasetInfo
  documents: Array<Schemas['Document']>
  events: Event[]
  comparable: Metric[]
  provinces: Region[]
}

function descendants (events: Event[], root: string): Event[] {
  const children = new Map<string, Event[]>()
  for (const e of events) if (e.parentId) children.set(e.parentId, [...(children.get(e.parentId) ?? []), e])
  const out: Event[] = []
  const walk = (id: string): void => {
    for (const c of children.get(id) ?? []) { out.push(c); walk(c.id) }
  }
  const self = events.find((e) => e.id === root)
  if (self) out.push(self)
  walk(root)
  return out
}

function Timeline ({ events, root }: { events: Event[], root: string }) {
  const tree = descendants(events, root)
  const charted = tree.filter((e) => e.startDate && e.startPrecision !== 'year')
  const byYear = tree.filter((e) => e.startDate && e.startPrecision === 'year')
  const undated = tree.filter((e) => !e.startDate)
  const sorted = [...charted].sort((a, b) => a.startDate!.localeCompare(b.startDate!))
  return (
    <div class="timeline">
      <ChartFrame label="Timeline of the campaign's events" className="chart timeline-chart" deps={[root]}
        draw={(c, width) => c.timeline(charted.map((e) => ({
          id: e.id, title: `${e.title} (${formatPeriod(e.startDate, e.endDate)})`, lane: laneOf(e.kind), start: e.startDate!, end: e.endDate, href: eventPath(e.id),
        })), { width, lanes: LANES.map(([l]) => l) })} />
      <ol class="event-list">
        {sorted.map((e) => (
          <li key={e.id}><time>{formatPeriod(e.startDate, e.endDate)}</time> <span class={`kind kind-${laneOf(e.kind).split(/[ ,]/)[0]!.toLowerCase()}`}>{label(e.kind)}</span> <a href={eventPath(e.id)}>{e.title}</a></li>
        ))}
      </ol>
      {byYear.length > 0 && (
        <details>
          <summary>{byYear.length} more dated only to the year</summary>
          <ul class="event-list">{byYear.map((e) => <li key={e.id}><time>{formatDate(e.startDate)}</time> <a href={eventPath(e.id)}>{e.title}</a></li>)}</ul>
        </details>
      )}
      {undated.length > 0 && (
        <details>
          <summary>{undated.length} undated</summary>
          <ul class="event-list">{undated.map((e) => <li key={e.id}><a href={eventPath(e.id)}>{e.title}</a></li>)}</ul>
        </details>
      )}
    </div>
  )
}

export function Overview () {
  useTitle(null)
  const loaded = useLoad<OverviewData>('overview', async () => {
    const [info, documents, events, comparable, provinces] = await Promise.all([
      dataset(),
      getJson<{ data: Array<Schemas['Document']> }>(DOCUMENTS).then((r) => r.data),
      getAll<Event>(EVENTS),
      getJson<{ data: Metric[] }>(COMPARABLE).then((r) => r.data),
      getJson<{ data: Region[] }>(PROVINCES).then((r) => r.data),
    ])
    return { info, documents, events, comparable, provinces }
  })
  const [campaign, setCampaign] = useState(CAMPAIGNS[0]!.root)
  useEffect(() => {
    if (loaded.state === 'ready' && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView()
  }, [loaded.state])

  return (
    <Show loaded={loaded}>{({ info, documents, events, comparable, provinces }) => (
      <div class="overview">
        <section class="intro">
          <h1>Cited facts about China's 2021 education and rectification of political-legal teams</h1>
          <p class="lede">
            Every figure, event and organ that five source documents report about the campaign (政法队伍教育整顿), with the
            sentence it comes from. Compare a metric across regions, read each document with its cited spans, and follow any
            figure to its source.
          </p>
          <dl class="counts">
            {(['indicators', 'metrics', 'events', 'organs', 'documents', 'citations', 'regions'] as const).map((k) => (
              <div key={k}><dt>{k === 'indicators' ? 'figures' : k}</dt><dd>{(info.counts[k] ?? 0).toLocaleString('en')}</dd></div>
            ))}
          </dl>
          <p class="version">Dataset <code>{info.name}</code>, version <code data-version>{info.version}</code>.</p>
        </section>

        <section aria-labelledby="compare">
          <h2 id="compare">Compare a metric</h2>
          <MetricPicker />
          <p>Metrics with figures for two regions or more:</p>
          <ul class="metric-list">
            {comparable.map((m) => (
              <li key={m.code}>
                <a href={metricPath(m.code)}>{m.name}</a>
                <span class="muted"> · {m.coverage.regions.map((r) => r.name).join(', ')}</span>
              </li>
            ))}
          </ul>
          <p><a href="/metrics">All {info.counts.metrics} metrics, by category →</a></p>
        </section>

        <section aria-labelledby="documents">
          <h2 id="documents">The five documents</h2>
          <ol class="documents">
            {documents.map((d) => (
              <li key={d.id}>
                <a href={documentPath(d.id)} class="doc-title">{d.title}</a>
                {d.titleOriginal && <span class="zh" lang={d.language}>{d.titleOriginal}</span>}
                <span class="muted">{[d.publisher, formatDate(d.publishedAt), d.language === 'en' ? 'English (machine translation)' : 'Chinese, Traditional characters', `${d.charCount.toLocaleString('en')} characters`].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
          </ol>
        </section>

        <section aria-labelledby="timeline">
          <h2 id="timeline">The campaign, as a timeline</h2>
          <div class="tabs" role="group" aria-label="Campaign">
            {CAMPAIGNS.map((c) => (
              <button key={c.root} type="button" aria-pressed={campaign === c.root} onClick={() => setCampaign(c.root)}>{c.name}</button>
            ))}
          </div>
          <Timeline events={events} root={campaign} />
        </section>

        <section aria-labelledby="regions">
          <h2 id="regions">Provinces with figures</h2>
          <ul class="inline-list">
            {provinces.map((r) => <li key={r.code}><a href={regionPath(r.code)}>{r.name} <span lang="zh-Hans">{r.nameZh}</span></a></li>)}
            <li><a href={regionPath('CN')}>All of China <span lang="zh-Hans">中国</span></a></li>
          </ul>
        </section>

        <DataPanel requests={REQUESTS} />
      </div>
    )}</Show>
  )
}
