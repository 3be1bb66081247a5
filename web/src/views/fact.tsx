// A fact (/facts/{id}, also /indicators/{id}): one figure, as the text states it and normalized, with
// its metric, region, organ, event, date and how each was obtained, the quote inside its paragraph,
// the curator's notes, and citations pinned to the dataset version.
import type { ComponentChildren } from 'preact'
import { useLocation, useRoute } from 'preact-iso'
import { dataset, getJson, useLoad, type DatasetInfo, type DocumentDetail, type Indicator } from '../api'
import { basisWords, formatDate, formatNumber, formatPeriod, formatValue, label, qualifierWords, unitWords } from '../format'
import { CopyButton, DataPanel, Show, documentPath, eventPath, factPath, metricPath, organPath, regionPath, type DataRequests } from '../ui'
import { hiddenRanges } from './document'
import { useTitle } from '../title'

interface FactData { indicator: Indicator, doc: DocumentDetail, info: DatasetInfo }

export function factTitle (i: Indicator): string {
  return `${i.metric.name}, ${i.region.name}: ${formatValue(i.value, i.unit, i.qualifier)}`
}

/** The paragraph of the raw text that holds a quote, with the scraper's pinyin left out. */
export function paragraphOf (doc: DocumentDetail, start: number, end: number): { before: string, quote: string, after: string } {
  const from = doc.text.lastIndexOf('\n', start - 1) + 1
  const next = doc.text.indexOf('\n', end)
  const to = next === -1 ? doc.text.length : next
  const pinyin = hiddenRanges(doc.text, doc.normalizedText).filter((h) => h.kind === 'pinyin')
  const clean = (a: number, b: number): string => {
    let s = ''
    let at = a
    for (const h of pinyin) {
      if (h.end <= a || h.start >= b) continue
      s += doc.text.slice(at, Math.max(h.start, a))
      at = Math.min(h.end, b)
    }
    return s + doc.text.slice(at, b)
  }
  return { before: clean(from, start), quote: clean(start, end), after: clean(end, to) }
}

const bibEscape = (s: string): string => s.replace(/([{}%&$#_\\])/g, '\\$1')

export function citations (i: Indicator, doc: DocumentDetail, info: DatasetInfo, origin: string, today: Date): { plain: string, bibtex: string, csl: string, permalink: string } {
  const permalink = `${origin}${factPath(i.id)}?version=${info.version}`
  const title = factTitle(i)
  const source = `“${doc.title}”${doc.publisher ? `, ${doc.publisher}` : ''}${doc.publishedAt ? `, ${formatDate(doc.publishedAt)}` : ''} (${doc.fileName}, SHA-256 ${doc.sha256.slice(0, 12)}…)`
  const where = `characters ${i.source.start}–${i.source.end}: “${i.source.quote}”`
  const accessed = today.toISOString().slice(0, 10)
  const plain = `${title}. campaign-facts, dataset version ${info.version}, fact ${i.id}. Source: ${source}, ${where}. ${permalink} (accessed ${accessed}).`
  const bibtex = `@misc{campaign-facts:${i.id},
  title        = {${bibEscape(title)}},
  author       = {{campaign-facts}},
  howpublished = {Dataset version ${info.version}, fact ${bibEscape(i.id)}},
  note         = {Source: ${bibEscape(`${doc.title}${doc.publisher ? `, ${doc.publisher}` : ''}${doc.publishedAt ? `, ${doc.publishedAt}` : ''}`)}, characters ${i.source.start}--${i.source.end}: ${bibEscape(i.source.quote)}},
  version      = {${info.version}},
  url          = {${permalink}},
  urldate      = {${accessed}}
}`
  const [y, m, d] = accessed.split('-').map(Number)
  const csl = JSON.stringify([{
    id: `campaign-facts:${i.id}`,
    type: 'dataset',
    title,
    author: [{ literal: 'campaign-facts' }],
    version: info.version,
    URL: permalink,
    accessed: { 'date-parts': [[y, m, d]] },
    note: `Fact ${i.id}. Source: ${source}, ${where}.`,
    source: doc.title,
    ...(doc.publishedAt ? { 'original-date': { 'date-parts': [doc.publishedAt.split('-').map(Number)] } } : {}),
  }], null, 2)
  return { plain, bibtex, csl, permalink }
}

function Row ({ name, children }: { name: string, children: ComponentChildren }) {
  return <div class="row"><dt>{name}</dt><dd>{children}</dd></div>
}

export function FactView () {
  const { params } = useRoute()
  const { query } = useLocation()
  const id = params.id!
  const loaded = useLoad<FactData>(`fact:${id}`, async () => {
    const indicator = await getJson<{ data: Indicator }>(`/v1/indicators/${encodeURIComponent(id)}`).then((r) => r.data)
    const [doc, info] = await Promise.all([
      getJson<{ data: DocumentDetail }>(`/v1/documents/${encodeURIComponent(indicator.source.documentId)}`).then((r) => r.data),
      dataset(),
    ])
    return { indicator, doc, info }
  })
  useTitle(loaded.state === 'ready' ? factTitle(loaded.value.indicator) : id)

  const requests: DataRequests = {
    rest: [
      { label: 'The fact', url: `/v1/indicators/${id}` },
      ...(loaded.state === 'ready' ? [{ label: 'Its document (the paragraph around the quote)', url: `/v1/documents/${loaded.value.doc.id}` }] : []),
      { label: 'The dataset version the citations are pinned to', url: '/v1' },
    ],
    ...(loaded.state === 'ready'
      ? { csv: { label: `Every figure of ${loaded.value.indicator.metric.name}`, url: `/v1/indicators?metric=${loaded.value.indicator.metric.code}&format=csv&limit=all` } }
      : {}),
    graphql: `{
  dataset { version }
  indicator(id: "${id}") {
    id value valueText unit qualifier date datePrecision periodStart
    dimensions { name value label }
    metric { code name description }
    region { code name nameZh level }
    organ { id name nameZh }
    event { id title }
    phase { id title }
    source { quote start end document { id title publisher publishedAt fileName sha256 } }
    valueBasis valueNote dateBasis dateNote regionBasis regionNote inferred note
  }
}`,
  }

  return (
    <div class="fact-view">
      <Show loaded={loaded}>{({ indicator: i, doc, info }) => {
        const para = paragraphOf(doc, i.source.start, i.source.end)
        const cite = citations(i, doc, info, location.origin, new Date())
        const dims = Object.entries(i.dimensions)
        return (
          <>
            <header class="view-header">
              <p class="eyebrow">Fact <code>{i.id}</code> · <a href={metricPath(i.metric.code)}>{i.metric.name}</a></p>
              <h1>{i.metric.name}, {i.region.name}</h1>
              <p class="fact-value big" data-value={i.value}>{formatValue(i.value, i.unit, i.qualifier)}</p>
            </header>
            {query.version && query.version !== info.version && (
              <p class="warning" role="note">This link was made for dataset version <code>{query.version}</code>; the server has version <code>{info.version}</code>. The fact may have changed since.</p>
            )}
            <section aria-labelledby="source">
              <h2 id="source">Where the number comes from</h2>
              <blockquote class="paragraph" lang={doc.language}>
                {para.before}<mark class="quote">{para.quote}</mark>{para.after}
              </blockquote>
              <p class="cite-line">
                <a href={documentPath(doc.id, i.source)}>{doc.title}</a>{doc.publisher && `, ${doc.publisher}`}{doc.publishedAt && `, ${formatDate(doc.publishedAt)}`}: characters {i.source.start}–{i.source.end} of the raw text.{' '}
                <a href={documentPath(doc.id, i.source)} class="read-link">Read it in the document →</a>
              </p>
            </section>
            <section aria-labelledby="what">
              <h2 id="what">The figure</h2>
              <dl class="fact-fields">
                <Row name="As stated">“{i.valueText}”{i.qualifier !== 'exact' && <> · {qualifierWords(i.qualifier)} (a {i.qualifier === 'nearly' || i.qualifier === 'approximately' ? 'rounded figure' : 'lower bound'})</>}</Row>
                <Row name="Normalized">{formatNumber(i.value)} {unitWords(i.unit, i.value)} <span class="muted">(value <code>{i.value}</code>, unit <code>{i.unit}</code>, qualifier <code>{i.qualifier}</code>)</span></Row>
                <Row name="Value">{basisWords(i.valueBasis)}{i.valueNote && <p class="note">{i.valueNote}</p>}</Row>
                <Row name="Metric"><a href={metricPath(i.metric.code)}>{i.metric.name}</a> <code>{i.metric.code}</code> · {label(i.metric.category)}</Row>
                {dims.length > 0 && <Row name="Dimensions">{dims.map(([k, v]) => `${label(k)}: ${label(String(v))}`).join('; ')}</Row>}
                <Row name="Region"><a href={regionPath(i.region.code)}>{i.region.name}</a> <span lang="zh-Hans">{i.region.nameZh}</span> · {label(i.region.level)} · {basisWords(i.regionBasis)}{i.regionNote && <p class="note">{i.regionNote}</p>}</Row>
                <Row name="Organ">{i.organ ? <a href={organPath(i.organ.id)}>{i.organ.name}</a> : <span class="muted">none named</span>}</Row>
                <Row name="Event">{i.event ? <a href={eventPath(i.event.id)}>{i.event.title}</a> : <span class="muted">none</span>}{i.phase && i.phase.id !== i.event?.id && <> · phase: <a href={eventPath(i.phase.id)}>{i.phase.title}</a></>}</Row>
                <Row name="Date">{formatPeriod(i.periodStart, i.date)} · {basisWords(i.dateBasis)}{i.dateNote && <p class="note">{i.dateNote}</p>}</Row>
                {i.note && <Row name="Note"><p class="note">{i.note}</p></Row>}
              </dl>
            </section>
            <section aria-labelledby="cite" class="citations">
              <h2 id="cite">Cite this fact</h2>
              <p>Pinned to dataset version <code>{info.version}</code>. Permalink: <a href={cite.permalink} class="permalink">{cite.permalink}</a> <CopyButton text={cite.permalink} label="Copy" name="permalink" /></p>
              {([['Plain text', cite.plain, 'plain'], ['BibTeX', cite.bibtex, 'bibtex'], ['CSL-JSON', cite.csl, 'csl']] as const).map(([name, text, kind]) => (
                <div class="citation" key={kind} data-format={kind}>
                  <h3>{name} <CopyButton text={text} label="Copy" name={name} /></h3>
                  <pre><code>{text}</code></pre>
                </div>
              ))}
            </section>
          </>
        )
      }}</Show>
      <DataPanel requests={requests} />
    </div>
  )
}
