// The search entries of a dataset: what search finds (regions, organs, events, metrics, indicators,
// citations and passages of the documents' normalized text), each with the fields a hit shows and
// the tokens of its three index columns. Text that stands in a document carries the raw offset of
// each of its runs, so that a match found in normalized text is shown in the raw text.
import { dimensionValue, indexText, normalizeQuote, offsetRuns, offsetsFromRuns } from '../src/domain/index.js'
import { pinyinForms, type Region } from './gazetteer.js'
import type { Dataset, LoadedDocument } from './loader.js'

export type SearchColumn = 'own' | 'names' | 'context'

export interface SearchField {
  name: string
  text: string
  column: SearchColumn
  documentId?: string
  /** Runs [textOffset, rawOffset] into the document's raw text. */
  offsets?: Array<[number, number]>
}

export interface SearchEntry {
  id: number
  type: 'document' | 'indicator' | 'citation' | 'metric' | 'organ' | 'event' | 'region'
  refId: string
  label: string
  fields: SearchField[]
}

/** Passages of a document's normalized text: its paragraphs, long ones cut after a sentence. */
export function passages (text: string, max = 600): Array<{ start: number, end: number }> {
  const out: Array<{ start: number, end: number }> = []
  for (const line of text.matchAll(/[^\n]+/g)) {
    if (line[0].trim() === '') continue
    let start = line.index
    const end = line.index + line[0].length
    while (end - start > max) {
      const window = text.slice(start, start + max)
      const cut = Math.max(...[...window.matchAll(/[。！？；.!?;](?=\s|[^\d]|$)/g)].map((m) => m.index + 1).filter((i) => i > max / 3), -1)
      const at = cut > 0 ? start + cut : start + max
      out.push({ start, end: at })
      start = at
    }
    out.push({ start, end })
  }
  return out
}

export function searchEntries (data: Dataset): SearchEntry[] {
  const regions = new Map<string, Region>(data.regions.map((r) => [r.code, r]))
  const documents = new Map<string, LoadedDocument>(data.documents.map((d) => [d.id, d]))
  const metrics = new Map(data.metrics.map((m) => [m.code, m]))
  const organs = new Map(data.organs.map((o) => [o.id, o]))
  const events = new Map(data.events.map((e) => [e.id, e]))
  const entries: SearchEntry[] = []
  const add = (e: Omit<SearchEntry, 'id'>): void => { entries.push({ id: entries.length + 1, ...e }) }

  /** A region and the regions it is in, the country left out unless it is the region itself. */
  const placeNames = (code: string): SearchField[] => {
    const out: SearchField[] = []
    for (let r = regions.get(code); r; r = r.parentCode ? regions.get(r.parentCode) : undefined) {
      if (r.code === 'CN' && out.length > 0) break
      out.push({ name: 'region', text: `${r.name} ${r.nameZh}`, column: 'context' })
    }
    return out
  }
  /** A quote as search reads it (scraper pinyin dropped), mapped into the raw text. */
  const quoteField = (documentId: string, quote: string, start: number): SearchField => {
    const m = normalizeQuote(quote, documents.get(documentId)?.stripPinyin ?? false)
    return { name: 'quote', text: m.text, column: 'own', documentId, offsets: offsetRuns(m.offsets.map((o) => o + start)) }
  }

  for (const r of data.regions) {
    add({
      type: 'region', refId: r.code, label: `${r.name} (${r.nameZh})`,
      fields: [
        { name: 'name', text: r.name, column: 'own' },
        { name: 'nameZh', text: r.nameZh, column: 'names' },
        ...(r.nameZhHant !== r.nameZh ? [{ name: 'nameZhHant', text: r.nameZhHant, column: 'names' as const }] : []),
        ...(r.code === 'CN' ? [] : pinyinForms(r.nameZh, r.level).map((p) => ({ name: 'pinyin', text: p, column: 'names' as const }))),
      ],
    })
  }
  for (const o of data.organs) {
    add({
      type: 'organ', refId: o.id, label: o.name,
      fields: [
        { name: 'name', text: o.name, column: 'own' },
        ...(o.nameZh ? [{ name: 'nameZh', text: o.nameZh, column: 'names' as const }] : []),
        ...placeNames(o.regionCode),
      ],
    })
  }
  for (const e of data.events) {
    add({
      type: 'event', refId: e.id, label: e.title,
      fields: [
        { name: 'title', text: e.title, column: 'own' },
        ...(e.titleZh ? [{ name: 'titleZh', text: e.titleZh, column: 'names' as const }] : []),
        ...(e.description ? [{ name: 'description', text: e.description, column: 'context' as const }] : []),
        ...placeNames(e.regionCode),
      ],
    })
  }
  for (const m of data.metrics) {
    add({
      type: 'metric', refId: m.code, label: m.name,
      fields: [
        { name: 'name', text: m.name, column: 'own' },
        { name: 'code', text: m.code, column: 'names' },
        { name: 'description', text: m.description, column: 'context' },
      ],
    })
  }
  for (const i of data.indicators) {
    const metric = metrics.get(i.metricCode)!
    const region = regions.get(i.regionCode)!
    const organ = i.organId ? organs.get(i.organId) : undefined
    add({
      type: 'indicator', refId: i.id, label: `${metric.name}, ${region.name}: ${i.valueText}`,
      fields: [
        quoteField(i.documentId, i.quote, i.startOffset),
        { name: 'metric', text: metric.name, column: 'names' },
        ...Object.entries(i.dimensions).map(([d, v]) => ({ name: 'dimension', text: dimensionValue(d, v)!.label, column: 'context' as const })),
        ...placeNames(i.regionCode),
        ...(organ ? [{ name: 'organ', text: `${organ.name} ${organ.nameZh ?? ''}`.trim(), column: 'context' as const }] : []),
      ],
    })
  }
  data.citations.forEach((c, n) => {
    const subject = c.subjectType === 'organ' ? organs.get(c.subjectId)?.name : events.get(c.subjectId)?.title
    add({
      // The citation's row id: citations are written in this order, numbered from 1.
      type: 'citation', refId: String(n + 1), label: subject ?? c.subjectId,
      fields: [quoteField(c.documentId, c.quote, c.startOffset), { name: 'subject', text: subject ?? c.subjectId, column: 'context' }],
    })
  })
  for (const d of data.documents) {
    const offsets = offsetsFromRuns(d.normalizedOffsets, d.normalizedText.length)
    for (const p of passages(d.normalizedText)) {
      add({
        type: 'document', refId: d.id, label: d.title,
        fields: [
          { name: 'text', text: d.normalizedText.slice(p.start, p.end), column: 'own', documentId: d.id, offsets: offsetRuns(offsets.slice(p.start, p.end)) },
        ],
      })
    }
  }
  return entries
}

/** The tokens of an entry's three index columns. */
export function searchColumns (e: SearchEntry): Record<SearchColumn, string> {
  const col = (c: SearchColumn): string => e.fields.filter((f) => f.column === c).map((f) => indexText(f.text)).join(' ')
  return { own: col('own'), names: col('names'), context: col('context') }
}
