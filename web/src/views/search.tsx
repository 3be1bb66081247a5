// Search (/search?q=): the API's search over the documents' text, the quotes, metrics, organs, events
// and regions (English, Chinese in either script, a region's pinyin), each hit linked to its view; a
// hit in a text opens the reader at the match.
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { apiUrl, getJson, useLoad, type SearchHit, type SearchResults } from '../api'
import { label } from '../format'
import { Badge, DataPanel, Show, documentPath, eventPath, factPath, metricPath, organPath, regionPath, type DataRequests } from '../ui'
import { useTitle } from '../title'

/** The API's snippet is HTML-escaped text with <mark> around the matches: keep exactly those. */
function Snippet ({ html }: { html: string }) {
  const body = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html').body
  const parts = [...(body.firstElementChild?.childNodes ?? [])].map((n, i) => n.nodeName === 'MARK' ? <mark key={i}>{n.textContent}</mark> : n.textContent)
  return <p class="snippet">{parts}</p>
}

export function hitHref (h: SearchHit): string {
  switch (h.type) {
    case 'indicator': return factPath(h.id)
    case 'metric': return metricPath(h.id)
    case 'region': return regionPath(h.id)
    case 'organ': return organPath(h.id)
    case 'event': return eventPath(h.id)
    case 'document': return documentPath(h.id, h.source ? h.source.matches[0] : undefined)
    case 'citation': return h.source ? documentPath(h.source.documentId, h.source.matches[0]) : h.subject ? (h.subject.type === 'event' ? eventPath(h.subject.id) : organPath(h.subject.id)) : '/'
  }
}

export function SearchView () {
  const { query } = useLocation()
  const q = (query.q ?? '').trim()
  const [pages, setPages] = useState<string[]>([])
  const url = apiUrl('/v1/search', { q, limit: 50 })
  useTitle(q ? `Search: ${q}` : 'Search')
  const loaded = useLoad<SearchResults | null>(url, () => q ? getJson<SearchResults>(url) : Promise.resolve(null))
  const requests: DataRequests = {
    rest: [{ label: 'The search', url }],
    graphql: `{
  search(q: ${JSON.stringify(q || '机制')}, first: 50) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { type id label field snippet source { document { id } start end matches { start end } } subject { type id } }
  }
}`,
  }
  return (
    <div class="search-view">
      <h1>{q ? <>Search: “{q}”</> : 'Search'}</h1>
      {!q && <p>Type words in English, Chinese (Traditional or Simplified, one character is enough) or a region's pinyin in the box above.</p>}
      <Show loaded={loaded}>{(r) => r && (
        <>
          <p role="status">{r.total} hit{r.total === 1 ? '' : 's'}, best first.</p>
          <Hits hits={r.data} />
          {pages.map((p) => <MorePage key={p} q={q} cursor={p} />)}
          {(pages.length === 0 ? r.page.next : null) && <button type="button" onClick={() => setPages([r.page.next!])}>More hits</button>}
        </>
      )}</Show>
      <DataPanel requests={requests} />
    </div>
  )
}

function MorePage ({ q, cursor }: { q: string, cursor: string }) {
  const url = apiUrl('/v1/search', { q, limit: 50, cursor })
  const loaded = useLoad<SearchResults>(url, () => getJson<SearchResults>(url))
  return <Show loaded={loaded}>{(r) => <Hits hits={r.data} />}</Show>
}

function Hits ({ hits }: { hits: SearchHit[] }) {
  return (
    <ol class="hits">
      {hits.map((h) => (
        <li key={`${h.type}:${h.id}:${h.field}:${h.source?.start ?? ''}`}>
          <Badge kind={h.type}>{label(h.type)}</Badge> <a href={hitHref(h)}>{h.label}</a> <span class="muted">· {h.field}</span>
          <Snippet html={h.snippet} />
        </li>
      ))}
    </ol>
  )
}
