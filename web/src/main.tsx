// The explorer: one page that routes between its views in the browser. Links between views are
// ordinary links (preact-iso's router takes over those inside the explorer); links to the API, the
// references and CSV files leave it.
import { render } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { LocationProvider, Router, Route, useLocation } from 'preact-iso'
import { Overview } from './views/overview'
import { MetricView, MetricIndex } from './views/metric'
import { RegionView } from './views/region'
import { DocumentView } from './views/document'
import { FactView } from './views/fact'
import { EventView } from './views/event'
import { OrganView } from './views/organ'
import { SearchView } from './views/search'
import { NotFound } from './views/not-found'
import { loadCharts } from './chart-frame'
import './styles.css'

// The overview and the metric pages draw charts: fetch their code while their data is on its way.
if (/^\/(metrics\/.+)?$/.test(location.pathname)) void loadCharts()

/** The explorer's own paths; every other link (the API, /docs, /graphiql, CSV) is a page load. */
const SCOPE = /^\/(metrics|regions|documents|facts|indicators|events|organs|search)?(\/|\?|#|$)/

function SearchBox () {
  const { path, query, route } = useLocation()
  const [q, setQ] = useState(path === '/search' ? query.q ?? '' : '')
  useEffect(() => { if (path === '/search') setQ(query.q ?? '') }, [path, query.q])
  return (
    <form class="search-box" role="search" onSubmit={(e) => {
      e.preventDefault()
      if (q.trim()) route(`/search?q=${encodeURIComponent(q.trim())}`)
    }}>
      <label for="site-search" class="visually-hidden">Search the dataset</label>
      <input id="site-search" type="search" name="q" value={q} placeholder="Search figures, documents, places… 搜索"
        autocomplete="off" maxLength={200} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      <button type="submit">Search</button>
    </form>
  )
}

function Layout () {
  const { url } = useLocation()
  const main = useRef<HTMLElement>(null)
  const first = useRef(true)
  // A new view starts at its top, and focus moves to it for keyboard and screen-reader users.
  useEffect(() => {
    if (first.current) { first.current = false; return }
    if (!location.hash && !new URLSearchParams(location.search).has('start')) window.scrollTo(0, 0)
    main.current?.focus({ preventScroll: true })
  }, [url.split('?')[0]])
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="site">
        <a class="brand" href="/">campaign-facts <span lang="zh-Hans">政法队伍教育整顿</span></a>
        <nav aria-label="Explorer">
          <a href="/">Overview</a>
          <a href="/metrics">Metrics</a>
          <a href="/#documents">Documents</a>
        </nav>
        <SearchBox />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Router>
          <Route path="/" component={Overview} />
          <Route path="/metrics" component={MetricIndex} />
          <Route path="/metrics/:code" component={MetricView} />
          <Route path="/regions/:code" component={RegionView} />
          <Route path="/documents/:id" component={DocumentView} />
          <Route path="/facts/:id" component={FactView} />
          <Route path="/indicators/:id" component={FactView} />
          <Route path="/events/:id" component={EventView} />
          <Route path="/organs/:id" component={OrganView} />
          <Route path="/search" component={SearchView} />
          <Route default component={NotFound} />
        </Router>
      </main>
      <footer class="site">
        <p>
          Every figure here cites its source: a document, a verbatim quote and its offsets. Data from the public API:{' '}
          <a href="/v1">REST /v1</a> · <a href="/docs">reference</a> · <a href="/openapi.yaml">openapi.yaml</a> ·{' '}
          <a href="/graphiql">GraphQL</a>
        </p>
      </footer>
    </>
  )
}

render(<LocationProvider scope={SCOPE}><Layout /></LocationProvider>, document.getElementById('app')!)
