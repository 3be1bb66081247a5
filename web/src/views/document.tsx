// The document reader (/documents/{id}): the raw text, which every offset refers to, with each cited
// span marked by what it is the source of (figures, events, organs in their own styles); a span
// opens the facts it supports. The page chrome and the scraper's pinyin (what the API's normalized
// text leaves out, found by comparing the two texts) can be hidden. ?start=&end= marks a range.
import diff from 'fast-diff'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useLocation, useRoute } from 'preact-iso'
import { apiUrl, getJson, useLoad, type DocumentDetail, type Event, type Indicator, type Organ, type Span } from '../api'
import { formatDate, formatPeriod, formatValue, label } from '../format'
import { DataPanel, Show, eventPath, factPath, metricPath, organPath, regionPath, type DataRequests } from '../ui'
import { useTitle } from '../title'

type Hidden = 'chrome' | 'pinyin'
interface Segment { start: number, end: number, spans: Span[], hidden: Hidden | null }

const PINYIN = /^\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)$/

/** The raw ranges the normalized text leaves out: the scraper's pinyin, and page chrome. Whitespace the normalization squeezed stays. */
export function hiddenRanges (raw: string, normalized: string): Array<{ start: number, end: number, kind: Hidden }> {
  const out: Array<{ start: number, end: number, kind: Hidden }> = []
  let at = 0
  for (const [op, text] of diff(raw, normalized)) {
    if (op === diff.INSERT) continue
    if (op === diff.DELETE && text.trim() !== '') {
      // A deletion can hold several readings and the characters' whitespace around them.
      const parts = text.split(/(\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\))/)
      let p = at
      for (const part of parts) {
        if (part !== '') {
          const kind: Hidden | null = PINYIN.test(part) ? 'pinyin' : part.trim() === '' ? null : 'chrome'
          if (kind) out.push({ start: p, end: p + part.length, kind })
        }
        p += part.length
      }
    }
    at += text.length
  }
  return out
}

function segments (length: number, spans: Span[], hidden: Array<{ start: number, end: number, kind: Hidden }>): Segment[] {
  const cuts = new Set<number>([0, length])
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end) }
  for (const h of hidden) { cuts.add(h.start); cuts.add(h.end) }
  const points = [...cuts].filter((c) => c >= 0 && c <= length).sort((a, b) => a - b)
  const out: Segment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!
    const end = points[i + 1]!
    const covering = spans.filter((s) => s.start <= start && s.end >= end)
    const h = hidden.find((x) => x.start <= start && x.end >= end)
    out.push({ start, end, spans: covering, hidden: h?.kind ?? null })
  }
  return out
}

const spanKey = (s: Span): string => `${s.type}:${s.id}:${s.start}`

function SpanFact ({ span }: { span: Span }) {
  const url = span.type === 'indicator' ? `/v1/indicators/${encodeURIComponent(span.id)}` : span.type === 'event' ? `/v1/events/${encodeURIComponent(span.id)}` : `/v1/organs/${encodeURIComponent(span.id)}`
  const loaded = useLoad<Indicator | Event | Organ>(url, () => getJson<{ data: Indicator | Event | Organ }>(url).then((r) => r.data))
  return (
    <li class={`span-fact span-fact-${span.type}`} data-span-id={span.id}>
      <Show loaded={loaded}>{(v) => {
        if (span.type === 'indicator') {
          const i = v as Indicator
          return (
            <>
              <p class="kind-line">Figure · <a href={metricPath(i.metric.code)}>{i.metric.name}</a></p>
              <p class="fact-value">{formatValue(i.value, i.unit, i.qualifier)}</p>
              <p><a href={regionPath(i.region.code)}>{i.region.name}</a> · {formatPeriod(i.periodStart, i.date)}{i.organ ? <> · <a href={organPath(i.organ.id)}>{i.organ.name}</a></> : null}</p>
              <p><a href={factPath(i.id)} class="fact-link">The fact, its basis and citations →</a></p>
            </>
          )
        }
        if (span.type === 'event') {
          const e = v as Event
          return (
            <>
              <p class="kind-line">Event · {label(e.kind)}</p>
              <p class="fact-title"><a href={eventPath(e.id)}>{e.title}</a></p>
              <p>{formatPeriod(e.startDate, e.endDate)} · {e.region.name}</p>
            </>
          )
        }
        const o = v as Organ
        return (
          <>
            <p class="kind-line">Organ · {label(o.kind)}</p>
            <p class="fact-title"><a href={organPath(o.id)}>{o.name}</a> {o.nameZh && <span lang="zh-Hans">{o.nameZh}</span>}</p>
            <p>{o.region.name}</p>
          </>
        )
      }}</Show>
    </li>
  )
}

function Reader ({ doc, target }: { doc: DocumentDetail, target: { start: number, end: number } | null }) {
  const hidden = useMemo(() => hiddenRanges(doc.text, doc.normalizedText), [doc.id])
  const segs = useMemo(() => segments(doc.text.length, doc.spans, hidden), [doc.id, hidden])
  const initial = target ? doc.spans.filter((s) => s.start === target.start && s.end === target.end) : []
  const [selected, setSelected] = useState<Span[]>(initial)
  const [raw, setRaw] = useState(false)
  const text = useRef<HTMLDivElement>(null)
  const counts = { indicator: 0, event: 0, organ: 0 }
  for (const s of doc.spans) counts[s.type]++
  const hasHidden = hidden.length > 0

  useEffect(() => {
    setSelected(target ? doc.spans.filter((s) => s.start === target.start && s.end === target.end) : [])
    if (target) text.current?.querySelector('.target, .selected')?.scrollIntoView({ block: 'center' })
  }, [doc.id, target?.start, target?.end])

  const selectedKeys = new Set(selected.map(spanKey))
  const choose = (seg: Segment): void => setSelected(seg.spans)
  return (
    <div class="reader">
      <div class="reader-tools">
        <p class="legend">
          <span class="span span-indicator">figure</span> {counts.indicator} ·{' '}
          <span class="span span-event">event</span> {counts.event} ·{' '}
          <span class="span span-organ">organ</span> {counts.organ} cited spans. Select a span to see what it is the source of.
        </p>
        {hasHidden && (
          <label class="toggle">
            <input type="checkbox" checked={raw} onChange={(e) => setRaw((e.target as HTMLInputElement).checked)} />
            {' '}Show the text as stored: page chrome and the scraper's pinyin ({hidden.filter((h) => h.kind === 'pinyin').length} readings)
          </label>
        )}
      </div>
      <div class="reader-body">
        <div ref={text} class={`doc-text${raw ? ' raw' : ''}`} lang={doc.language}>
          {segs.map((seg) => {
            const t = doc.text.slice(seg.start, seg.end)
            const inTarget = target !== null && seg.start >= target.start && seg.end <= target.end
            if (seg.hidden) return <span key={seg.start} class={`hidden-${seg.hidden}`} data-hidden={seg.hidden}>{t}</span>
            if (seg.spans.length === 0) return inTarget ? <mark key={seg.start} class="target">{t}</mark> : t
            const types = [...new Set(seg.spans.map((s) => s.type))]
            const isSelected = seg.spans.some((s) => selectedKeys.has(spanKey(s)))
            return (
              <mark key={seg.start} tabIndex={0} role="button"
                class={`span ${types.map((x) => `span-${x}`).join(' ')}${isSelected ? ' selected' : ''}${inTarget ? ' target' : ''}`}
                data-spans={seg.spans.map((s) => `${s.type}:${s.id}`).join(' ')}
                aria-label={`${t.trim().slice(0, 60)}: source of ${seg.spans.map((s) => s.type).join(', ')}`}
                onClick={() => choose(seg)}
                onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(seg) } }}>{t}</mark>
            )
          })}
        </div>
        <aside class={`span-panel${selected.length === 0 ? ' empty' : ''}`} aria-live="polite" aria-label="What the selected span is the source of">
          {selected.length === 0
            ? <p class="muted">Select a highlighted span: its figures, events and organs appear here.</p>
            : (
              <>
                <h2>This span is the source of</h2>
                <blockquote lang={doc.language}>{doc.text.slice(Math.min(...selected.map((s) => s.start)), Math.max(...selected.map((s) => s.end)))}</blockquote>
                <p class="muted">Characters {Math.min(...selected.map((s) => s.start))}–{Math.max(...selected.map((s) => s.end))} of the raw text.</p>
                <ul class="span-facts">{selected.map((s) => <SpanFact key={spanKey(s)} span={s} />)}</ul>
              </>
            )}
        </aside>
      </div>
    </div>
  )
}

export function DocumentView () {
  const { params } = useRoute()
  const { query } = useLocation()
  const id = params.id!
  const loaded = useLoad<DocumentDetail>(`document:${id}`, () => getJson<{ data: DocumentDetail }>(`/v1/documents/${encodeURIComponent(id)}`).then((r) => r.data))
  useTitle(loaded.state === 'ready' ? loaded.value.title : id)
  const start = Number(query.start)
  const end = Number(query.end)
  const target = Number.isInteger(start) && Number.isInteger(end) && end > start ? { start, end } : null

  const requests: DataRequests = {
    rest: [
      { label: 'The document, its raw and normalized text and every cited span', url: `/v1/documents/${id}` },
      { label: 'The raw text alone (text/plain)', url: `/v1/documents/${id}/text` },
      { label: 'The figures it states', url: apiUrl('/v1/indicators', { document: id, limit: 1000 }) },
    ],
    csv: { label: 'The figures it states', url: apiUrl('/v1/indicators', { document: id, format: 'csv', limit: 'all' }) },
    graphql: `{
  document(id: "${id}") {
    id title titleOriginal language publisher publishedAt provenance sha256 fileName note
    text
    spans { type id start end quote }
    indicators(first: 1000) { totalCount nodes { id value valueText unit qualifier metric { code name } region { code name } source { start end } } }
  }
}`,
  }

  return (
    <div class="document-view">
      <Show loaded={loaded}>{(doc) => (
        <>
          <header class="view-header">
            <p class="eyebrow"><a href="/#documents">Documents</a> › <code>{doc.fileName}</code></p>
            <h1>{doc.title}</h1>
            {doc.titleOriginal && <p class="zh original-title" lang={doc.language}>{doc.titleOriginal}</p>}
            <p>{[doc.publisher, formatDate(doc.publishedAt), doc.language === 'en' ? 'English (machine translation)' : doc.language === 'zh-Hant' ? 'Chinese, Traditional characters' : 'Chinese', `${doc.charCount.toLocaleString('en')} characters`].filter(Boolean).join(' · ')}</p>
            <details class="provenance">
              <summary>What this copy is</summary>
              <p>{doc.provenance}</p>
              {doc.note && <p>{doc.note}</p>}
              <p>SHA-256 of the raw bytes: <code class="hash">{doc.sha256}</code></p>
            </details>
          </header>
          <Reader doc={doc} target={target} />
        </>
      )}</Show>
      <DataPanel requests={requests} />
    </div>
  )
}
