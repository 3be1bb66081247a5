// `curate draft`: registers a document (its metadata, with the SHA-256 of its bytes, the language
// guessed and the title from the text, unless it is registered already) and writes a draft facts
// file in the seed format, every entry marked `review: pending`. It reads the document, the
// gazetteer and the catalogs, and no facts file.
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { Document, parse } from 'yaml'
import { buildGazetteer, type Region } from '../gazetteer.js'
import { chromeSpans } from '../loader.js'
import type { ChromeEntry } from '../format.js'
import type { Span } from '../text.js'
import { foldForSearch, pinyinReadingSpans } from '../../src/domain/index.js'
import { readMetricCatalog } from './metrics.js'
import { proposeDraft, type Draft } from './propose.js'
import { buildView } from './view.js'
import { findDates } from './dates.js'
import { findPlaces, mainRegionOf } from './places.js'

let gazetteer: Region[] | undefined
/** The gazetteer, built once per process (it reads pinyin dictionaries). */
export function regions (): Region[] {
  gazetteer ??= buildGazetteer()
  return gazetteer
}

export interface DraftOptions {
  seedDir: string
  textFile: string
  language?: 'en' | 'zh'
  out?: string
  /** Replace an existing draft (never a file with reviewed entries). */
  force?: boolean
}

export interface DraftResult {
  documentId: string
  metadataFile: string
  factsFile: string
  registered: boolean
  draft: Draft
}

interface Metadata {
  id: string, fileName: string, region?: string | number, publishedAt?: string, stripPinyin?: boolean,
  chrome?: ChromeEntry[], inferred?: boolean, language: string
}

export function draftDocument (opts: DraftOptions): DraftResult {
  const documentsDir = join(opts.seedDir, 'documents')
  mkdirSync(documentsDir, { recursive: true })
  const fileName = basename(opts.textFile)
  const stored = join(documentsDir, fileName)
  if (resolve(opts.textFile) !== resolve(stored)) {
    if (existsSync(stored) && !readFileSync(stored).equals(readFileSync(opts.textFile))) {
      throw new Error(`${stored} exists with other content: rename the new file`)
    }
    copyFileSync(opts.textFile, stored)
  }
  const bytes = readFileSync(stored)
  const raw = bytes.toString('utf8')
  const metadataFile = stored.replace(/\.txt$/, '.yaml')
  let registered = false
  if (!existsSync(metadataFile)) {
    writeFileSync(metadataFile, registerDocument(fileName, raw, createHash('sha256').update(bytes).digest('hex'), opts.language))
    registered = true
  }
  const meta = parse(readFileSync(metadataFile, 'utf8')) as Metadata
  const chrome: Span[] = []
  for (const c of meta.chrome ?? []) {
    const spans = chromeSpans(raw, c)
    if (typeof spans !== 'string') chrome.push(...spans)
  }
  const factsFile = opts.out ? resolve(opts.out) : join(opts.seedDir, 'facts', `${meta.id}.yaml`)
  if (existsSync(factsFile)) {
    const existing = parse(readFileSync(factsFile, 'utf8')) as { indicators?: unknown[], ignore?: unknown[] } | null
    const entries = [...(existing?.indicators ?? []), ...(existing?.ignore ?? [])] as Array<{ review?: string } | null>
    const reviewed = entries.some((e) => e?.review !== 'pending')
    if (!opts.force || reviewed) throw new Error(`${factsFile} exists${reviewed ? ' and holds reviewed entries' : ''}: give another --out${reviewed ? '' : ', or --force to replace the draft'}`)
  }
  const draft = proposeDraft({
    id: meta.id, fileName, raw, stripPinyin: meta.stripPinyin ?? false, chrome,
    region: meta.region === undefined ? null : String(meta.region), regionInferred: meta.inferred ?? false,
    publishedAt: meta.publishedAt ?? null,
  }, regions(), readMetricCatalog(opts.seedDir))
  mkdirSync(join(factsFile, '..'), { recursive: true })
  writeFileSync(factsFile, formatDraft(meta.id, fileName, draft))
  return { documentId: meta.id, metadataFile, factsFile, registered, draft }
}

/** The facts file of a draft: every entry pending review, each with its reasons as a comment. */
export function formatDraft (documentId: string, fileName: string, draft: Draft): string {
  const indicators = draft.indicators.map((i) => ({
    id: i.id,
    metric: i.metric,
    ...(i.dimensions ? { dimensions: i.dimensions } : {}),
    value: i.value,
    valueText: i.valueText,
    unit: i.unit,
    qualifier: i.qualifier,
    date: i.date,
    ...(i.periodStart ? { periodStart: i.periodStart } : {}),
    region: i.region,
    quote: i.quote,
    ...(i.occurrence !== null ? { occurrence: i.occurrence } : {}),
    ...(i.valueBasis !== 'stated' ? { valueBasis: i.valueBasis, valueNote: i.valueNote! } : {}),
    ...(i.dateBasis !== 'stated' ? { dateBasis: i.dateBasis, dateNote: i.dateNote! } : {}),
    ...(i.regionBasis !== 'stated' ? { regionBasis: i.regionBasis, regionNote: i.regionNote! } : {}),
    review: 'pending',
    confidence: i.confidence,
    reasons: i.reasons,
  }))
  const ignore = draft.ignores.map((g) => ({
    quote: g.quote,
    ...(g.occurrence !== null ? { occurrence: g.occurrence } : {}),
    ...(g.all ? { all: true } : {}),
    reason: g.reason,
    review: 'pending',
  }))
  const doc = new Document({ document: documentId, indicators, ignore })
  doc.commentBefore = ` Draft facts of ${fileName}, proposed by \`npm run curate -- draft\`: every entry is pending\n` +
    ' review. Settle them with `npm run curate -- review FILE`; until then the loader refuses the file\n' +
    ' unless run with --allow-drafts. Each indicator says how sure the draft is (confidence) and how it\n' +
    ' read each field (reasons).'
  return doc.toString({ lineWidth: 110, minContentWidth: 40, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })
}

/** The metadata of a new document, pending review: what the text itself tells. */
export function registerDocument (fileName: string, raw: string, sha256: string, language?: 'en' | 'zh'): string {
  const chrome = detectChrome(raw)
  const chromeSpanList = chrome.flatMap((c) => {
    const s = chromeSpans(raw, c)
    return typeof s === 'string' ? [] : s
  })
  const stripPinyin = pinyinReadingSpans(raw).length > 0
  const view = buildView(raw, { stripPinyin, chrome: chromeSpanList })
  const firstLine = view.paragraphs.find((p) => !view.chrome.some((c) => c.start <= p.start && p.start < c.end))
  const titleSpan = firstLine ? { start: view.toRaw[firstLine.start]!, end: view.toRaw[firstLine.end - 1]! + 1 } : { start: 0, end: 0 }
  const title = raw.slice(titleSpan.start, titleSpan.end).trim().slice(0, 200) || fileName
  const lang = guessLanguage(raw, language)
  const dates = findDates(view).filter((d) => d.year !== null && !view.chrome.some((c) => c.start <= d.start && d.start < c.end))
  const latest = dates.sort((a, b) => (a.year! - b.year!) || ((a.month ?? 0) - (b.month ?? 0)) || ((a.day ?? 0) - (b.day ?? 0))).pop()
  const publishedAt = latest ? [latest.year, latest.month, latest.day].filter((x) => x !== null).map((x, i) => (i === 0 ? String(x) : String(x).padStart(2, '0'))).join('-') : null
  const region = mainRegionOf(findPlaces(view, regions(), null)) ?? 'CN'
  const id = fileName.replace(/\.txt$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'document'
  const meta: Record<string, unknown> = {
    id,
    fileName,
    sha256,
    title,
    ...(lang !== 'en' ? { titleOriginal: title } : {}),
    language: lang,
    provenance: `A text file registered for curation as ${fileName}; where the copy comes from is not recorded yet.`,
    ...(publishedAt ? { publishedAt } : {}),
    region,
    ...(stripPinyin ? { stripPinyin: true } : {}),
    ...(chrome.length > 0 ? { chrome } : {}),
    review: 'pending',
  }
  const doc = new Document(meta)
  doc.commentBefore = ' Registered by `npm run curate -- draft`: title, language, date, region and page chrome are\n' +
    ' guesses from the text. Review them (`npm run curate -- review`), with the provenance.'
  return doc.toString({ lineWidth: 110 })
}

function guessLanguage (raw: string, hint?: 'en' | 'zh'): string {
  const cjk = raw.match(/[\u3400-\u9fff]/g) ?? []
  if (hint === 'en' || (hint === undefined && cjk.length < raw.length * 0.2)) return 'en'
  const sample = cjk.slice(0, 4000).join('')
  const changed = [...sample].filter((ch, i) => foldForSearch(ch) !== sample[i]).length
  return changed > sample.length * 0.03 ? 'zh-Hant' : 'zh-Hans'
}

// Page chrome that scraped pages share: "See also" links, footers, breadcrumbs, bylines of a site.
const CHROME_LINES: Array<[RegExp, 'line' | 'toEnd', string]> = [
  [/^See also\b.*$/m, 'line', '"See also" link to another article'],
  [/^(?:Home|首页)\s*[»>›].*$/m, 'line', 'breadcrumb navigation'],
  [/^(?:You may also like|Related (?:articles|posts|reports)|recommended articles?|相关报道|相關報道|相关阅读)\b.*$/im, 'toEnd', 'page footer: related links, comments, copyright'],
]

function detectChrome (raw: string): ChromeEntry[] {
  const out: ChromeEntry[] = []
  for (const [re, kind, reason] of CHROME_LINES) {
    const global = new RegExp(re.source, `${re.flags.replace('g', '')}g`)
    const found = [...raw.matchAll(global)].map((m) => m[0].trim()).filter(Boolean)
    if (kind === 'toEnd' && found.length > 0) out.push({ start: found[0]!, toEnd: true, reason })
    if (kind === 'line') {
      for (const line of new Set(found)) {
        const n = raw.split(line).length - 1
        out.push(n > 1 ? { start: line, all: true, reason } : { start: line, reason })
      }
    }
  }
  // A footer that runs to the end hides everything after it: keep only the first.
  const footer = out.filter((c) => c.toEnd)
  return [...out.filter((c) => !c.toEnd), ...footer.slice(0, 1)]
}
