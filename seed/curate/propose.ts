// From a document's text to draft entries: for each figure its quote (the shortest clause with the
// number and its subject, unique in the document or with an occurrence), unit, qualifier, region,
// date, metric and a confidence, with the reasons; and for each number that is not a figure an
// ignore-list candidate with its reason, so that the coverage report starts at zero unexplained.
import { findNumberTokens } from '../numbers.js'
import { occurrences, type Span } from '../text.js'
import type { Region } from '../gazetteer.js'
import type { Qualifier, Unit, DateBasis, RegionBasis } from '../../src/domain/index.js'
import { buildView, rawSpan, sentences, clauses, containing, inChrome, isChinese, type TextView } from './view.js'
import { findDates, documentDates, proposeDate } from './dates.js'
import { findFigures, type Figure } from './figures.js'
import { findPlaces, mainRegionOf, proposeRegion } from './places.js'
import { proposeUnit, type UnitStrength } from './units.js'
import { MetricMatcher, type CatalogMetric } from './metrics.js'

export interface DraftDocument {
  id: string
  fileName: string
  raw: string
  stripPinyin: boolean
  /** Page chrome, in raw offsets. */
  chrome: Span[]
  region: string | null
  regionInferred: boolean
  publishedAt: string | null
}

export interface DraftIndicator {
  id: string
  metric: string
  dimensions: Record<string, string> | null
  value: number
  valueText: string
  unit: Unit
  qualifier: Qualifier
  date: string
  periodStart: string | null
  region: string
  quote: string
  occurrence: number | null
  valueBasis: 'stated' | 'corrected'
  valueNote: string | null
  dateBasis: DateBasis
  dateNote: string | null
  regionBasis: RegionBasis
  regionNote: string | null
  confidence: number
  /** Why each field is what it is, for the curator. */
  reasons: string
  /** Where valueText stands in the raw text. */
  valueSpan: Span
  metricKnown: boolean
}

export interface DraftIgnore { quote: string, occurrence: number | null, all: boolean, reason: string, spans: Span[] }

export interface Draft { indicators: DraftIndicator[], ignores: DraftIgnore[] }

const UNIT_CONFIDENCE: Record<UnitStrength, number> = { explicit: 0.95, noun: 0.85, inherited: 0.6, default: 0.4 }

export function proposeDraft (doc: DraftDocument, regions: Region[], catalog: CatalogMetric[]): Draft {
  const view = buildView(doc.raw, { stripPinyin: doc.stripPinyin, chrome: doc.chrome })
  const dates = findDates(view)
  const docDates = documentDates(view, dates, doc.publishedAt)
  const { figures, nonFigures } = findFigures(view, dates)
  const places = findPlaces(view, regions, doc.region)
  // A document without a registered region is about the region its places lie in.
  const mainRegion = doc.region ?? mainRegionOf(places)
  const regionByCode = new Map(regions.map((r) => [r.code, r]))
  const matcher = new MetricMatcher(catalog)
  const prefix = /^(\d+)_/.exec(doc.fileName)?.[1] ? `d${/^(\d+)_/.exec(doc.fileName)![1]}` : doc.id
  const ids = new Map<string, number>()

  const indicators: DraftIndicator[] = []
  const unitsBySentence = new Map<number, Array<{ unit: Unit, strength: UnitStrength }>>()
  for (const fig of figures) {
    const paragraph = containing(view.paragraphs, fig.start)
    if (!paragraph) continue
    const sentence = containing(sentences(view, paragraph), fig.start) ?? paragraph
    const clauseList = clauses(view, sentence)
    const clauseIndex = Math.max(0, clauseList.findIndex((c) => c.start <= fig.start && fig.start < c.end))
    const clause = clauseList[clauseIndex] ?? sentence
    const chinese = isChinese(view.text.slice(sentence.start, sentence.end))
    const previous = unitsBySentence.get(sentence.start) ?? []
    const unitEnd = chinese ? sentence.end : clause.end
    const unit = fig.rank
      ? { unit: 'rank' as Unit, strength: 'explicit' as UnitStrength, why: 'a rank', noun: 'rank' }
      : fig.duration
        ? { unit: fig.duration as Unit, strength: 'explicit' as UnitStrength, why: `a length of time in ${fig.duration}`, noun: fig.duration }
        : proposeUnit({
          after: view.text.slice(fig.end, unitEnd),
          before: view.text.slice(clause.start, fig.start),
          chinese, previous, percent: fig.percent,
        })
    unitsBySentence.set(sentence.start, [...previous, { unit: unit.unit, strength: unit.strength }])

    const quote = quoteFor(view, fig, clauseList, clauseIndex, sentence)
    const region = proposeRegion({ view, places, regions: regionByCode, mainRegion, mainRegionInferred: doc.regionInferred }, fig.start, sentence, paragraph)
    const date = proposeDate(view, dates, docDates, fig.start, sentence, paragraph)
    const periodStart = date.periodStart !== null && date.periodStart.localeCompare(date.date.slice(0, date.periodStart.length)) <= 0 ? date.periodStart : null
    const clauseText = view.text.slice(Math.max(sentence.start, clause.start - 80), clause.end)
    const metric = matcher.propose(unit.unit, clauseText, unit.noun)

    const valueRaw = rawSpan(view, fig)
    const valueText = doc.raw.slice(valueRaw.start, valueRaw.end).replace(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)$/, '')
    const base = metric.code.split('.')[1]!.replace(/_/g, '-')
    const n = (ids.get(base) ?? 0) + 1
    ids.set(base, n)
    const regionWhy = region.why
    const confidenceParts = [
      UNIT_CONFIDENCE[unit.strength],
      region.basis === 'stated' ? (/sentence/.test(regionWhy) ? 0.95 : /paragraph/.test(regionWhy) ? 0.85 : 0.75) : 0.6,
      metric.known ? Math.min(1, 0.7 + metric.score / 40) : 0.4,
      fig.garbled ? 0.3 : fig.quoted ? 0.5 : fig.script === 'english' ? 0.8 : 1,
    ]
    const confidence = Math.round(100 * confidenceParts.reduce((a, b) => a * b, 1) ** (1 / confidenceParts.length)) / 100
    indicators.push({
      id: `${prefix}-${base}${n > 1 ? `-${n}` : ''}`,
      metric: metric.code,
      dimensions: metric.dimensions,
      value: fig.value,
      valueText,
      unit: unit.unit,
      qualifier: fig.qualifier,
      date: date.date,
      periodStart,
      region: region.code,
      quote: quote.text,
      occurrence: quote.occurrence,
      valueBasis: fig.garbled ? 'corrected' : 'stated',
      valueNote: fig.garbled,
      dateBasis: date.basis,
      dateNote: date.basis === 'stated' ? null : date.note,
      regionBasis: region.basis,
      regionNote: region.basis === 'stated' ? null : region.note,
      confidence,
      reasons: [
        `unit ${unit.unit}: ${unit.why}`,
        `region ${region.code} (${regionByCode.get(region.code)?.name ?? region.code}): ${regionWhy}`,
        `date ${date.date}: ${date.basis === 'stated' ? 'stated' : date.note ?? date.basis}`,
        `metric: ${metric.why}`,
        ...(fig.quoted ? ['the number stands inside quotation marks: a name, or a figure?'] : []),
      ].join('; '),
      valueSpan: { start: quote.rawStart + quote.text.indexOf(valueText), end: quote.rawStart + quote.text.indexOf(valueText) + valueText.length },
      metricKnown: metric.known,
    })
  }

  // Ignore-list candidates: every number that is not a figure, grouped when the same words stand
  // for the same thing everywhere.
  const candidates: Array<{ quote: string, rawStart: number, reason: string, digits: boolean }> = []
  const seen = new Set<string>()
  for (const nf of nonFigures) {
    const q = rawSpan(view, nf.quote)
    const text = doc.raw.slice(q.start, q.end).trim()
    const start = q.start + doc.raw.slice(q.start, q.end).indexOf(text)
    const key = `${start}:${text}`
    if (seen.has(key) || text.length === 0) continue
    if (indicators.some((i) => i.valueSpan.start < start + text.length && start < i.valueSpan.end)) continue
    seen.add(key)
    candidates.push({ quote: text, rawStart: start, reason: nf.reason, digits: nf.digits })
  }
  // A number that neither a figure nor a candidate explains is listed for the curator to judge.
  const explained = (s: Span): boolean => indicators.some((i) => i.valueSpan.start < s.end && s.start < i.valueSpan.end) ||
    candidates.some((c) => c.rawStart < s.end && s.start < c.rawStart + c.quote.length) ||
    doc.chrome.some((c) => c.start < s.end && s.start < c.end)
  for (const token of findNumberTokens(doc.raw)) {
    if (explained(token)) continue
    candidates.push({ quote: token.text, rawStart: token.start, reason: 'a number the draft could not read as a figure (check it)', digits: true })
  }
  const ignores: DraftIgnore[] = []
  const byQuote = new Map<string, typeof candidates>()
  for (const c of candidates) byQuote.set(c.quote, [...(byQuote.get(c.quote) ?? []), c])
  for (const [quote, group] of byQuote) {
    const all = occurrences(doc.raw, quote)
    const sameReason = group.every((c) => c.reason === group[0]!.reason)
    if (all.length === group.length && sameReason) {
      ignores.push({ quote, occurrence: null, all: all.length > 1, reason: group[0]!.reason, spans: all.map((s) => ({ start: s, end: s + quote.length })) })
      continue
    }
    for (const c of group) {
      const index = all.indexOf(c.rawStart)
      ignores.push({ quote, occurrence: all.length > 1 ? index + 1 : null, all: false, reason: c.reason, spans: [{ start: c.rawStart, end: c.rawStart + quote.length }] })
    }
  }
  ignores.sort((a, b) => a.spans[0]!.start - b.spans[0]!.start)
  return { indicators, ignores }
}

interface Quote { text: string, occurrence: number | null, rawStart: number }

const wordCount = (s: string): number => (isChinese(s) ? s.replace(/[^\u3400-\u9fff]/g, '').length / 2 : s.split(/\s+/).filter(Boolean).length)

/**
 * The shortest clause that holds the figure and what it counts: its own clause (from the words of
 * its qualifier), lengthened by the clause before when it is a bare number, and by its sentence
 * when the clause is not unique; an occurrence when even that is not.
 */
function quoteFor (view: TextView, fig: Figure, clauseList: Span[], index: number, sentence: Span): Quote {
  const clause = clauseList[index] ?? sentence
  let start = Math.min(clause.start, fig.leadStart)
  let end = Math.max(clause.end, fig.end)
  const body = (): string => view.text.slice(start, end)
  const bare = body().replace(view.text.slice(fig.start, fig.end), '').trim()
  if (wordCount(bare) < 2.5 && index > 0) start = Math.min(start, clauseList[index - 1]!.start)
  else if (wordCount(bare) < 2.5 && index + 1 < clauseList.length) end = clauseList[index + 1]!.end
  while (end > start && /[.。;；,，、:：\s]/.test(view.text[end - 1]!)) end--
  const make = (): Quote => {
    const r = rawSpan(view, { start, end })
    const text = view.raw.slice(r.start, r.end)
    const figRaw = rawSpan(view, fig)
    const valueText = view.raw.slice(figRaw.start, figRaw.end)
    // The loader finds valueText at its first place in the quote: no same number may stand before it.
    if (text.indexOf(valueText) !== figRaw.start - r.start) {
      const from = rawSpan(view, { start: fig.leadStart, end: fig.leadStart + 1 }).start
      return finish(view.raw, view.raw.slice(from, r.end), from)
    }
    return finish(view.raw, text, r.start)
  }
  let q = make()
  if (q.occurrence !== null && (start > sentence.start || end < sentence.end)) {
    start = Math.min(start, sentence.start)
    end = Math.max(end, sentence.end)
    while (end > start && /[.。;；,，、:：\s]/.test(view.text[end - 1]!)) end--
    q = make()
  }
  return q
}

function finish (raw: string, text: string, at: number): Quote {
  const found = occurrences(raw, text)
  return { text, occurrence: found.length > 1 ? found.indexOf(at) + 1 : null, rawStart: at }
}

export { inChrome }
