// An organ (/organs/{id}): a court, procuratorate, bureau, commission or campaign body, with its
// parent and children, its events, the quotes that cite it, and its figures.
import { useRoute } from 'preact-iso'
import { apiUrl, getAll, getJson, useLoad, type Indicator, type OrganDetail } from '../api'
import { label } from '../format'
import { DataPanel, Show, documentPath, eventPath, organPath, regionPath, type DataRequests } from '../ui'
import { FactsTable } from './region'
import { useTitle } from '../title'

export function OrganView () {
  const { params } = useRoute()
  const id = params.id!
  const loaded = useLoad<{ organ: OrganDetail, indicators: Indicator[] }>(`organ:${id}`, async () => {
    const [organ, indicators] = await Promise.all([
      getJson<{ data: OrganDetail }>(`/v1/organs/${encodeURIComponent(id)}`).then((r) => r.data),
      getAll<Indicator>('/v1/indicators', { organ: id }),
    ])
    return { organ, indicators }
  })
  useTitle(loaded.state === 'ready' ? loaded.value.organ.name : id)
  const requests: DataRequests = {
    rest: [
      { label: 'The organ, its parent, children, events and citations', url: `/v1/organs/${id}` },
      { label: 'Its figures', url: apiUrl('/v1/indicators', { organ: id, limit: 1000 }) },
    ],
    csv: { label: 'Its figures', url: apiUrl('/v1/indicators', { organ: id, format: 'csv', limit: 'all' }) },
    graphql: `{
  organ(id: "${id}") {
    id name nameZh kind level note
    region { code name }
    parent { id name }
    children(first: 100) { nodes { id name } }
    events(first: 100) { nodes { id title } }
    citations { quote start end document { id title } }
    indicators(first: 1000) { totalCount nodes { id value valueText unit qualifier metric { code name } } }
  }
}`,
  }
  return (
    <div class="organ-view">
      <Show loaded={loaded}>{({ organ: o, indicators }) => (
        <>
          <header class="view-header">
            <p class="eyebrow">{label(o.kind)} · {label(o.level)}{o.parent && <> · under <a href={organPath(o.parent.id)}>{o.parent.name}</a></>}</p>
            <h1>{o.name}</h1>
            {o.nameZh && <p class="zh" lang="zh-Hans">{o.nameZh}</p>}
            <p><a href={regionPath(o.region.code)}>{o.region.name}</a>{o.inferred && ' · some of this was inferred by the curator'}</p>
            {o.note && <p class="note">{o.note}</p>}
          </header>
          {o.citations.length > 0 && (
            <section aria-labelledby="cited">
              <h2 id="cited">Where the documents speak of it</h2>
              <ul class="quotes">{o.citations.map((c) => <li key={`${c.documentId}:${c.start}`}><blockquote>{c.quote}</blockquote> <a href={documentPath(c.documentId, c)}>in the document, characters {c.start}–{c.end} →</a></li>)}</ul>
            </section>
          )}
          {o.children.length > 0 && (
            <section aria-labelledby="children"><h2 id="children">Under it</h2>
              <ul class="plain-list">{o.children.map((c) => <li key={c.id}><a href={organPath(c.id)}>{c.name}</a></li>)}</ul>
            </section>
          )}
          {o.events.length > 0 && (
            <section aria-labelledby="events"><h2 id="events">Events</h2>
              <ul class="plain-list">{o.events.map((e) => <li key={`${e.id}:${e.role}`}><a href={eventPath(e.id)}>{e.title}</a> <span class="muted">· {label(e.role)}</span></li>)}</ul>
            </section>
          )}
          {indicators.length > 0 && <FactsTable indicators={indicators} caption="Figures of this organ" />}
        </>
      )}</Show>
      <DataPanel requests={requests} />
    </div>
  )
}
