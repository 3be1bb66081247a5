// Small pieces every view uses: links to the explorer's views, copy buttons, the "get this data"
// panel that shows the requests behind a view, and the states of a view that is loading or failed.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import type { Loaded, RegionRef } from './api'

export const factPath = (id: string): string => `/facts/${encodeURIComponent(id)}`
export const metricPath = (code: string, params: Record<string, string> = {}): string => {
  const qs = new URLSearchParams(params).toString()
  return `/metrics/${encodeURIComponent(code)}${qs ? `?${qs}` : ''}`
}
export const regionPath = (code: string): string => `/regions/${encodeURIComponent(code)}`
export const documentPath = (id: string, span?: { start: number, end: number }): string =>
  `/documents/${encodeURIComponent(id)}${span ? `?start=${span.start}&end=${span.end}` : ''}`
export const eventPath = (id: string): string => `/events/${encodeURIComponent(id)}`
export const organPath = (id: string): string => `/organs/${encodeURIComponent(id)}`

export function RegionName ({ region }: { region: RegionRef }) {
  return <a href={regionPath(region.code)}>{region.name} <span lang="zh-Hans" class="zh">{region.nameZh}</span></a>
}

/** A button that puts text on the clipboard and says so. */
export function CopyButton ({ text, label = 'Copy', name }: { text: string, label?: string, name?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = (): void => {
    navigator.clipboard.writeText(text).then(() => setState('copied'), () => setState('failed'))
    setTimeout(() => setState('idle'), 2000)
  }
  return (
    <button type="button" class="copy" onClick={copy} aria-label={name ? `${label} ${name}` : label}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  )
}

export interface DataRequests {
  /** The REST requests the view makes, with what each gives. */
  rest: Array<{ label: string, url: string }>
  /** A CSV of the view's figures. */
  csv?: { label: string, url: string }
  /** The same data in one GraphQL query. */
  graphql: string
}

/** "Get this data": the exact requests behind the view, to copy or run. */
export function DataPanel ({ requests }: { requests: DataRequests }) {
  const origin = location.origin
  const graphqlGet = `/graphql?query=${encodeURIComponent(requests.graphql)}`
  const curlGraphql = `curl -s ${origin}/graphql -H 'content-type: application/json' -d '${JSON.stringify({ query: requests.graphql }).replace(/'/g, "'\\''")}'`
  return (
    <details class="data-panel">
      <summary>Get this data</summary>
      <p>Everything on this page comes from the public API. The same requests, to run yourself:</p>
      <h3>REST</h3>
      <ul class="requests">
        {requests.rest.map((r) => {
          const curl = `curl -s '${origin}${r.url}'`
          return (
            <li key={r.url}>
              <span class="request-label">{r.label}</span>
              <code class="url"><a href={r.url}>{origin}{r.url}</a></code>
              <pre class="curl" data-kind="curl"><code>{curl}</code></pre>
              <CopyButton text={curl} label="Copy curl" name={r.label} />
            </li>
          )
        })}
      </ul>
      {requests.csv && (
        <p class="csv">
          <a href={requests.csv.url} download>{requests.csv.label} (CSV)</a>
          {' '}<code>{origin}{requests.csv.url}</code>
        </p>
      )}
      <h3>GraphQL</h3>
      <pre class="graphql" data-kind="graphql"><code>{requests.graphql}</code></pre>
      <p class="actions">
        <CopyButton text={requests.graphql} label="Copy query" />
        <CopyButton text={curlGraphql} label="Copy curl" name="for the GraphQL query" />
        <a href={graphqlGet}>Run it (GET /graphql)</a>
        <a href="/graphiql">Open GraphiQL</a>
        <a href="/docs">REST reference</a>
      </p>
    </details>
  )
}

/**
 * Marks, once per page load, when a view first has its data on screen: the browser tests read it
 * (performance.getEntriesByName('cf:view-ready')) to measure how soon a view is usable.
 */
function markReady (): void {
  if (performance.getEntriesByName('cf:view-ready').length === 0) requestAnimationFrame(() => performance.mark('cf:view-ready'))
}

/** Renders a loaded value, or says that it is loading or why it failed. */
export function Show<T> ({ loaded, children }: { loaded: Loaded<T>, children: (value: T) => ComponentChildren }) {
  if (loaded.state === 'loading') return <p class="loading" role="status">Loading…</p>
  if (loaded.state === 'ready') markReady()
  if (loaded.state === 'error') {
    return <p class="error" role="alert">{'status' in loaded.error ? `Not found or not available: ${loaded.error.message}` : loaded.error.message}</p>
  }
  return <>{children(loaded.value)}</>
}

export function Badge ({ children, kind }: { children: ComponentChildren, kind?: string }) {
  return <span class={`badge${kind ? ` badge-${kind}` : ''}`}>{children}</span>
}
