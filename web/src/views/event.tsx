// An event (/events/{id}): a campaign, phase, meeting, training, action or award, with its parent and
// children, the organs taking part, the quotes that cite it, and its figures.
import { useRoute } from 'preact-iso'
import { apiUrl, getAll, getJson, useLoad, type EventDetail, type Indicator } from '../api'
import { formatPeriod, label } from '../format'
import { DataPanel, Show, documentPath, eventPath, organPath, regionPath, type DataRequests } from '../ui'
import { FactsTable } from './region'
import { useTitle } from '../title'

export function EventView () {
  const { params } = useRoute()
  const id = params.id!
  const loaded = useLoad<{ event: EventDetail, indicators: Indicator[] }>(`event:${id}`, async () => {
    const [event, indicators] = await Promise.all([
      getJson<{ data: EventDetail }>(`/v1/events/${encodeURIComponent(id)}`).then((r) => r.data),
      getAll<Indicator>('/v1/indicators', { event: id }),
    ])
    return { event, indicators }
  })
  useTitle(loaded.state === 'ready' ? loaded.value.event.title : id)
  const requests: DataRequests = {
    rest: [
      { label: 'The event, its parent, children, organs and citations', url: `/v1/events/${id}` },
      { label: 'Its figures (and those of its child events)', url: apiUrl('/v1/indicators', { event: id, limit: 1000 }) },
    ],
    csv: { label: 'Its figures', url: apiUrl('/v1/indicators', { event: id, format: 'csv', limit: 'all' }) },
    graphql: `{
  event(id: "${id}") {
    id title titleZh kind startDate endDate description note inferred
    region { code name }
    parent { id title }
    children(first: 100) { nodes { id title kind startDate endDate } }
    organs(first: 100) { nodes { id name } }
    citations { quote start end document { id title } }
    indicators(first: 1000) { totalCount nodes { id value valueText unit qualifier metric { code name } region { name } } }
  }
}`,
  }
  return (
    <div class="event-view">
      <Show loaded={loaded}>{({ event: e, indicators }) => (
        <>
          <header class="view-header">
            <p class="eyebrow">{label(e.kind)}{e.parent && <> · part of <a href={eventPath(e.parent.id)}>{e.parent.title}</a></>}</p>
            <h1>{e.title}</h1>
            {e.titleZh && <p class="zh" lang="zh-Hans">{e.titleZh}</p>}
            <p>{formatPeriod(e.startDate, e.endDate)} · <a href={regionPath(e.region.code)}>{e.region.name}</a>{e.inferred && ' · some of this was inferred by the curator'}</p>
            {e.description && <p class="description">{e.description}</p>}
            {e.note && <p class="note">{e.note}</p>}
          </header>
          {e.citations.length > 0 && (
            <section aria-labelledby="cited">
              <h2 id="cited">Where the documents speak of it</h2>
              <ul class="quotes">{e.citations.map((c) => <li key={`${c.documentId}:${c.start}`}><blockquote>{c.quote}</blockquote> <a href={documentPath(c.documentId, c)}>in the document, characters {c.start}–{c.end} →</a></li>)}</ul>
            </section>
          )}
          {e.children.length > 0 && (
            <section aria-labelledby="children">
              <h2 id="children">Within it</h2>
              <ul class="plain-list">{[...e.children].sort((a, b) => (a.startDate ?? '9').localeCompare(b.startDate ?? '9')).map((c) => <li key={c.id}><time>{formatPeriod(c.startDate, c.endDate)}</time> <a href={eventPath(c.id)}>{c.title}</a> <span class="muted">· {label(c.kind)}</span></li>)}</ul>
            </section>
          )}
          {e.organs.length > 0 && (
            <section aria-labelledby="organs">
              <h2 id="organs">Organs</h2>
              <ul class="plain-list">{e.organs.map((o) => <li key={o.id}><a href={organPath(o.id)}>{o.name}</a> <span class="muted">· {label(o.role)}</span></li>)}</ul>
            </section>
          )}
          {indicators.length > 0 && <FactsTable indicators={indicators} caption="Figures of this event and the events within it" />}
        </>
      )}</Show>
      <DataPanel requests={requests} />
    </div>
  )
}
