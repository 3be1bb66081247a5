// Reads the curated seed files, checks every entry against the documents, the catalogs and the
// domain vocabulary, and returns the dataset ready to be written, or every problem found (never
// just the first). Each problem has a stable code naming the check that failed.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { datasetVersion } from './version.js'
import { parseDocument, LineCounter, isSeq, isMap, type Node as YamlNode } from 'yaml'
import { Value } from 'typebox/value'
import type { TSchema } from 'typebox'
import {
  DocumentEntry, MetricEntry, OrganEntry, EventEntry, IndicatorEntry, CitationEntry, IgnoreEntry, DroppedEntry,
  FactsFile, type ChromeEntry, type MetricRevision,
} from './format.js'
import { buildGazetteer, type Region } from './gazetteer.js'
import { parseNumber } from './numbers.js'
import { locate, occurrences, type Span } from './text.js'
import {
  CATEGORY_CODES, UNITS, canonicalDimensions, dimension, dimensionValue, foldForSearch, isInferred, normalizeDocument, offsetRuns,
  type DateBasis, type Precision, type Qualifier, type RegionBasis, type ValueBasis,
} from '../src/domain/index.js'

export interface SeedError { file: string, entry: string, code: SeedErrorCode, message: string }

/** What a seed error is about: one code per check, so tools and tests can tell them apart. */
export type SeedErrorCode =
  | 'unreadable' | 'yaml' | 'not_a_list' | 'unknown_field' | 'missing_field' | 'invalid_field'
  | 'no_documents' | 'no_metadata' | 'file_name_mismatch' | 'chrome' | 'duplicate_id'
  | 'unknown_region' | 'invalid_date' | 'precision_mismatch' | 'reversed_dates'
  | 'unknown_category' | 'unknown_dimension' | 'missing_dimension' | 'dimension_value' | 'replaced_code_in_use'
  | 'unknown_parent' | 'parent_cycle' | 'unknown_organ' | 'unknown_event' | 'unknown_metric' | 'unknown_document'
  | 'duplicate_role' | 'unit_mismatch' | 'basis_without_note' | 'note_without_basis'
  | 'quote' | 'value_text' | 'value_mismatch' | 'citation_subject' | 'dropped_id_in_use'
  | 'uncited_organ' | 'uncited_event' | 'unused_metric'
  | 'pending_review' | 'draft_field' | 'sha256_mismatch'

export class SeedValidationError extends Error {
  constructor (readonly errors: SeedError[]) {
    super(`${errors.length} seed error(s):\n${errors.map(formatSeedError).join('\n')}`)
  }
}

export function formatSeedError (e: SeedError): string {
  return `${e.file}: ${e.entry}: ${e.message} [${e.code}]`
}

export type { Precision }

export interface LoadedDocument {
  id: string
  fileName: string
  sha256: string
  title: string
  titleOriginal: string | null
  language: string
  publisher: string | null
  provenance: string
  publishedAt: string | null
  publishedAtPrecision: Precision | null
  regionCode: string | null
  inferred: boolean
  note: string | null
  rawText: string
  normalizedText: string
  /** Where each stretch of the normalized text stands in the raw text: runs [normalized, raw]. */
  normalizedOffsets: Array<[number, number]>
  /** Whether scraper pinyin is dropped from the normalized text (and from quotes, for search). */
  stripPinyin: boolean
  searchText: string
  charCount: number
  chrome: Array<Span & { reason: string }>
}

export interface LoadedMetricDimension { name: string, values: string[] }

export interface LoadedMetric {
  code: string, name: string, unit: string, category: string, description: string,
  dimensions: LoadedMetricDimension[], replaces: MetricRevision | null
}

export interface LoadedOrgan {
  id: string, name: string, nameZh: string | null, kind: string, level: string, regionCode: string,
  parentId: string | null, inferred: boolean, note: string | null
}

export interface LoadedEvent {
  id: string, title: string, titleZh: string | null, kind: string,
  startDate: string | null, startPrecision: Precision | null, endDate: string | null, endPrecision: Precision | null,
  regionCode: string, parentId: string | null, path: string, description: string | null,
  inferred: boolean, note: string | null, organs: Array<{ organId: string, role: string }>
}

export interface LoadedIndicator {
  id: string, metricCode: string, category: string, value: number, valueText: string, unit: string,
  qualifier: Qualifier,
  /** The value of each dimension the metric declares, in the vocabulary's order. */
  dimensions: Record<string, string>,
  date: string, datePrecision: Precision, periodStart: string | null,
  periodStartPrecision: Precision | null, regionCode: string, organId: string | null, organKind: string | null,
  eventId: string | null,
  /** The outermost campaign phase the event belongs to (first batch, "looking back", second batch). */
  phaseId: string | null,
  documentId: string, quote: string, startOffset: number, endOffset: number,
  /** Where valueText stands in the raw text: what the coverage report counts as cited. */
  valueStart: number, valueEnd: number,
  valueBasis: ValueBasis, valueNote: string | null, dateBasis: DateBasis, dateNote: string | null,
  regionBasis: RegionBasis, regionNote: string | null,
  /** Derived: some field was inferred (value not as stated, date or region inferred). */
  inferred: boolean, note: string | null
}

export interface LoadedCitation {
  subjectType: 'organ' | 'event', subjectId: string, documentId: string, quote: string,
  startOffset: number, endOffset: number
}

export interface LoadedIgnore { documentId: string, quote: string, reason: string, spans: Span[], file: string }

export interface LoadedDropped { id: string, documentId: string, reason: string }

/**
 * An indicator still pending review, loaded with `allowDrafts`: checked against its document like
 * any other, counted by the coverage report, and never written to the database.
 */
export interface LoadedPendingIndicator {
  id: string, documentId: string, metricCode: string, value: number, valueStart: number, valueEnd: number
}

export interface MetricCoverage {
  metricCode: string
  count: number
  firstDate: string | null
  lastDate: string | null
  regions: Array<{ regionCode: string, count: number }>
  documents: Array<{ documentId: string, count: number }>
}

export interface Dataset {
  version: string
  regions: Region[]
  documents: LoadedDocument[]
  metrics: LoadedMetric[]
  organs: LoadedOrgan[]
  events: LoadedEvent[]
  indicators: LoadedIndicator[]
  citations: LoadedCitation[]
  ignores: LoadedIgnore[]
  dropped: LoadedDropped[]
  /** Indicators pending review (only with `allowDrafts`; otherwise each one is an error). */
  pending: LoadedPendingIndicator[]
  /** Problems that a dataset in the middle of curation may have (with `allowDrafts` only). */
  warnings: SeedError[]
}

const PRECISION_OF_LENGTH: Record<number, Precision> = { 4: 'year', 7: 'month', 10: 'day' }

/** The precision a reduced ISO date has, or null when it is not a real calendar date. */
export function datePrecision (s: string): Precision | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s)
  if (!m) return null
  const year = Number(m[1])
  if (year < 1949 || year > 2100) return null
  if (m[2] !== undefined) {
    const month = Number(m[2])
    if (month < 1 || month > 12) return null
    if (m[3] !== undefined) {
      const day = Number(m[3])
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
      if (day < 1 || day > last) return null
    }
  }
  return PRECISION_OF_LENGTH[s.length] ?? null
}

export { datasetVersion, seedInputFiles } from './version.js'

interface YamlItem { value: unknown, label: string }

class Collector {
  errors: SeedError[] = []
  add (file: string, entry: string, code: SeedErrorCode, message: string): void {
    this.errors.push({ file, entry, code, message })
  }
}

export interface LoadOptions {
  seedDir: string
  migrationsDir: string
  /**
   * Load a dataset in the middle of curation: entries marked `review: pending` are checked but
   * left out of the dataset (a pending indicator may propose a metric code the catalog does not
   * have yet), and the checks that only a finished curation passes (every metric used, every organ
   * and event cited) become warnings.
   */
  allowDrafts?: boolean
}

/** Loads and checks the seed; throws a SeedValidationError listing every problem found. */
export function loadSeed (opts: LoadOptions): Dataset {
  const { dataset, errors } = loadSeedUnchecked(opts)
  if (errors.length > 0) throw new SeedValidationError(errors)
  return dataset
}

/**
 * Loads what can be loaded and returns it together with every problem found. Entries with
 * problems are left out of the dataset. For curation tools; building a database needs loadSeed.
 */
export function loadSeedUnchecked (opts: LoadOptions): { dataset: Dataset, errors: SeedError[] } {
  const { seedDir } = opts
  const allowDrafts = opts.allowDrafts ?? false
  const errors = new Collector()
  const warnings = new Collector()
  const pendingCheck = (file: string, label: string, review: string | undefined): boolean => {
    if (review !== 'pending') return false
    if (!allowDrafts) errors.add(file, label, 'pending_review', 'pending review: settle it with `npm run curate -- review`, or load drafts with --allow-drafts')
    return true
  }
  const rel = (p: string): string => relative(process.cwd(), p) || p

  // Reads a YAML file and returns its items with a label naming each ("indicators[3] id=x (line 42)").
  const readYaml = (path: string): { root: unknown, doc: ReturnType<typeof parseDocument>, lines: LineCounter } | null => {
    const lines = new LineCounter()
    let doc
    try {
      doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines, uniqueKeys: true })
    } catch (err) {
      errors.add(rel(path), 'file', 'unreadable', `cannot be read: ${(err as Error).message}`)
      return null
    }
    if (doc.errors.length > 0) {
      for (const e of doc.errors) errors.add(rel(path), 'file', 'yaml', `YAML error: ${e.message.split('\n')[0]}`)
      return null
    }
    return { root: doc.toJS(), doc, lines }
  }

  const itemsOf = (node: YamlNode | null | undefined, values: unknown[], section: string, lines: LineCounter): YamlItem[] => {
    const out: YamlItem[] = []
    values.forEach((value, i) => {
      const itemNode = isSeq(node) ? node.items[i] as YamlNode | undefined : undefined
      const line = itemNode?.range ? lines.linePos(itemNode.range[0]).line : undefined
      const id = value && typeof value === 'object'
        ? (value as Record<string, unknown>).id ?? (value as Record<string, unknown>).code
        : undefined
      out.push({ value, label: `${section}[${i}]${id !== undefined ? ` id=${String(id)}` : ''}${line ? ` (line ${line})` : ''}` })
    })
    return out
  }

  const readList = (path: string, section: string): YamlItem[] => {
    const y = readYaml(path)
    if (!y) return []
    if (!Array.isArray(y.root)) {
      errors.add(rel(path), 'file', 'not_a_list', 'must be a YAML list')
      return []
    }
    return itemsOf(y.doc.contents as YamlNode, y.root, section, y.lines)
  }

  // Checks an entry against its closed schema; reports unknown fields by name.
  const check = <T>(schema: TSchema, item: YamlItem, file: string): T | null => {
    const value = normalizeCodes(item.value)
    if (Value.Check(schema, value)) return value as T
    const seen = new Set<string>()
    for (const e of Value.Errors(schema, value)) {
      let code: SeedErrorCode
      let message: string
      if (e.keyword === 'additionalProperties') {
        const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? []
        code = 'unknown_field'
        message = `unknown field${extra.length > 1 ? 's' : ''} ${extra.map((x) => `'${x}'`).join(', ')}`
      } else if (e.keyword === 'boolean' && e.schemaPath.endsWith('additionalProperties')) {
        continue
      } else if (e.keyword === 'required') {
        const missing = (e.params as { requiredProperties?: string[] }).requiredProperties ?? []
        code = 'missing_field'
        message = `missing field${missing.length > 1 ? 's' : ''} ${missing.map((x) => `'${x}'`).join(', ')}`
      } else {
        const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'entry'
        code = 'invalid_field'
        message = `field '${field}' ${e.message}`
      }
      if (seen.has(message)) continue
      seen.add(message)
      errors.add(file, item.label, code, message)
    }
    return null
  }

  // ---- regions ----
  const regions = buildGazetteer()
  const regionByCode = new Map(regions.map((r) => [r.code, r]))
  const checkRegion = (code: string | undefined, file: string, label: string, field = 'region'): string | null => {
    if (code === undefined) return null
    if (!regionByCode.has(code)) {
      errors.add(file, label, 'unknown_region', `unknown ${field} '${code}' (not a GB/T 2260 code in the gazetteer, nor CN)`)
      return null
    }
    return code
  }
  const checkDate = (date: string | undefined, precision: string | undefined, file: string, label: string, field: string): Precision | null => {
    if (date === undefined) {
      if (precision !== undefined) errors.add(file, label, 'precision_mismatch', `${field}Precision is given without ${field}`)
      return null
    }
    const p = datePrecision(date)
    if (p === null) {
      errors.add(file, label, 'invalid_date', `${field} '${date}' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)`)
      return null
    }
    if (precision !== undefined && precision !== p) {
      errors.add(file, label, 'precision_mismatch', `${field}Precision '${precision}' does not match ${field} '${date}' (which has ${p} precision)`)
    }
    return p
  }

  // ---- documents: each seed/documents/NAME.txt has its metadata in NAME.yaml beside it ----
  const documentsDir = join(seedDir, 'documents')
  const documents: LoadedDocument[] = []
  const documentById = new Map<string, LoadedDocument>()
  const textFiles = existsSync(documentsDir) ? readdirSync(documentsDir).filter((n) => n.endsWith('.txt')).sort() : []
  for (const name of textFiles) {
    const metaPath = join(documentsDir, name.replace(/\.txt$/, '.yaml'))
    const metaFile = rel(metaPath)
    if (!existsSync(metaPath)) {
      errors.add(metaFile, 'file', 'no_metadata', `seed/documents/${name} has no metadata file`)
      continue
    }
    const y = readYaml(metaPath)
    if (!y) continue
    const item: YamlItem = { value: y.root, label: `document id=${String((y.root as { id?: unknown } | null)?.id)}` }
    const e = check<DocumentEntry>(DocumentEntry, item, metaFile)
    if (!e) continue
    if (e.fileName !== name) {
      errors.add(metaFile, item.label, 'file_name_mismatch', `fileName '${e.fileName}' does not match the text file '${name}'`)
      continue
    }
    if (documentById.has(e.id)) {
      errors.add(metaFile, item.label, 'duplicate_id', `duplicate document id '${e.id}'`)
      continue
    }
    const path = join(documentsDir, name)
    const bytes = readFileSync(path)
    const raw = bytes.toString('utf8')
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    if (e.sha256 !== undefined && e.sha256 !== sha256) {
      errors.add(metaFile, item.label, 'sha256_mismatch', `the text file has changed since it was registered (sha256 ${sha256}, recorded ${e.sha256})`)
    }
    pendingCheck(metaFile, item.label, e.review)
    const chrome: LoadedDocument['chrome'] = []
    for (const [i, c] of (e.chrome ?? []).entries()) {
      const spans = chromeSpans(raw, c)
      if (typeof spans === 'string') errors.add(metaFile, `${item.label} chrome[${i}]`, 'chrome', spans)
      else chrome.push(...spans.map((s) => ({ ...s, reason: c.reason })))
    }
    const normalizedMap = normalizeDocument(raw, chrome, e.stripPinyin ?? false)
    const normalized = normalizedMap.text
    const publishedAtPrecision = checkDate(e.publishedAt, e.publishedAtPrecision, metaFile, item.label, 'publishedAt')
    const doc: LoadedDocument = {
      id: e.id,
      fileName: e.fileName,
      sha256,
      title: e.title,
      titleOriginal: e.titleOriginal ?? null,
      language: e.language,
      publisher: e.publisher ?? null,
      provenance: e.provenance,
      publishedAt: e.publishedAt ?? null,
      publishedAtPrecision,
      regionCode: checkRegion(e.region as string | undefined, metaFile, item.label),
      inferred: e.inferred ?? false,
      note: e.note ?? null,
      rawText: raw,
      normalizedText: normalized,
      normalizedOffsets: offsetRuns(normalizedMap.offsets),
      stripPinyin: e.stripPinyin ?? false,
      searchText: foldForSearch(normalized),
      charCount: raw.length,
      chrome,
    }
    documents.push(doc)
    documentById.set(doc.id, doc)
  }
  if (textFiles.length === 0) errors.add(rel(documentsDir), 'documents', 'no_documents', 'no documents found')

  // ---- catalogs ----
  const catalogFiles = (kind: string): string[] => {
    const dir = join(seedDir, 'catalog', kind)
    if (!existsSync(dir)) return []
    return readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(dir, n))
  }

  const metrics: LoadedMetric[] = []
  const metricByCode = new Map<string, LoadedMetric>()
  const metricLabels = new Map<string, [string, string]>()
  for (const file of catalogFiles('metrics')) {
    for (const item of readList(file, 'metrics')) {
      const e = check<MetricEntry>(MetricEntry, item, rel(file))
      if (!e) continue
      if (metricByCode.has(e.code)) {
        errors.add(rel(file), item.label, 'duplicate_id', `duplicate metric code '${e.code}'`)
        continue
      }
      const category = e.code.split('.')[0]!
      if (!CATEGORY_CODES.includes(category)) {
        errors.add(rel(file), item.label, 'unknown_category', `unknown category '${category}'; categories: ${CATEGORY_CODES.join(', ')}`)
      }
      const dims: LoadedMetricDimension[] = []
      for (const [name, values] of Object.entries(e.dimensions ?? {})) {
        if (!dimension(name)) {
          errors.add(rel(file), item.label, 'unknown_dimension', `unknown dimension '${name}' (not in the vocabulary of src/domain/dimensions.ts)`)
          continue
        }
        for (const v of values) {
          if (!dimensionValue(name, v)) errors.add(rel(file), item.label, 'dimension_value', `dimension '${name}' has no value '${v}'; values: ${dimension(name)!.values.map((x) => x.value).join(', ')}`)
        }
        if (new Set(values).size !== values.length) errors.add(rel(file), item.label, 'dimension_value', `dimension '${name}' lists a value twice`)
        dims.push({ name, values })
      }
      const m: LoadedMetric = {
        code: e.code, name: e.name, unit: e.unit, category, description: e.description,
        dimensions: dims, replaces: e.replaces ?? null,
      }
      metrics.push(m)
      metricByCode.set(m.code, m)
      metricLabels.set(m.code, [rel(file), item.label])
    }
  }
  for (const m of metrics) {
    for (const old of m.replaces?.codes ?? []) {
      // A code merged or renamed away must not come back with another meaning (a metric may keep
      // its own code while it takes in others).
      if (metricByCode.has(old) && old !== m.code) {
        errors.add(...metricLabels.get(m.code)!, 'replaced_code_in_use', `replaces '${old}', which is still a metric code`)
      }
    }
  }

  const organs: LoadedOrgan[] = []
  const organById = new Map<string, LoadedOrgan>()
  const organLabels = new Map<string, [string, string]>()
  for (const file of catalogFiles('organs')) {
    for (const item of readList(file, 'organs')) {
      const e = check<OrganEntry>(OrganEntry, item, rel(file))
      if (!e) continue
      if (organById.has(e.id)) {
        errors.add(rel(file), item.label, 'duplicate_id', `duplicate organ id '${e.id}' (first defined in ${organLabels.get(e.id)![0]})`)
        continue
      }
      const o: LoadedOrgan = {
        id: e.id, name: e.name, nameZh: e.nameZh ?? null, kind: e.kind, level: e.level,
        regionCode: checkRegion(e.region as string, rel(file), item.label) ?? 'CN',
        parentId: e.parent ?? null, inferred: e.inferred ?? false, note: e.note ?? null,
      }
      organs.push(o)
      organById.set(o.id, o)
      organLabels.set(o.id, [rel(file), item.label])
    }
  }
  for (const o of organs) {
    const [file, label] = organLabels.get(o.id)!
    if (o.parentId !== null && !organById.has(o.parentId)) errors.add(file, label, 'unknown_parent', `unknown parent organ '${o.parentId}'`)
    if (hasCycle(o.id, (id) => organById.get(id)?.parentId ?? null)) errors.add(file, label, 'parent_cycle', 'parent chain loops back to itself')
  }

  const events: LoadedEvent[] = []
  const eventById = new Map<string, LoadedEvent>()
  const eventLabels = new Map<string, [string, string]>()
  for (const file of catalogFiles('events')) {
    for (const item of readList(file, 'events')) {
      const e = check<EventEntry>(EventEntry, item, rel(file))
      if (!e) continue
      if (eventById.has(e.id)) {
        errors.add(rel(file), item.label, 'duplicate_id', `duplicate event id '${e.id}' (first defined in ${eventLabels.get(e.id)![0]})`)
        continue
      }
      const startPrecision = checkDate(e.start, e.startPrecision, rel(file), item.label, 'start')
      const endPrecision = checkDate(e.end, e.endPrecision, rel(file), item.label, 'end')
      if (e.start && e.end && e.end.localeCompare(e.start.slice(0, e.end.length)) < 0) {
        errors.add(rel(file), item.label, 'reversed_dates', `end '${e.end}' is before start '${e.start}'`)
      }
      const seenOrgans = new Set<string>()
      for (const eo of e.organs ?? []) {
        if (!organById.has(eo.organ)) errors.add(rel(file), item.label, 'unknown_organ', `unknown organ '${eo.organ}'`)
        const key = `${eo.organ}\0${eo.role}`
        if (seenOrgans.has(key)) errors.add(rel(file), item.label, 'duplicate_role', `organ '${eo.organ}' is listed twice with role '${eo.role}'`)
        seenOrgans.add(key)
      }
      const ev: LoadedEvent = {
        id: e.id, title: e.title, titleZh: e.titleZh ?? null, kind: e.kind,
        startDate: e.start ?? null, startPrecision, endDate: e.end ?? null, endPrecision,
        regionCode: checkRegion(e.region as string, rel(file), item.label) ?? 'CN',
        parentId: e.parent ?? null, path: e.id, description: e.description ?? null,
        inferred: e.inferred ?? false, note: e.note ?? null,
        organs: (e.organs ?? []).filter((eo) => organById.has(eo.organ)).map((eo) => ({ organId: eo.organ, role: eo.role })),
      }
      events.push(ev)
      eventById.set(ev.id, ev)
      eventLabels.set(ev.id, [rel(file), item.label])
    }
  }
  const phaseOf = new Map<string, string | null>()
  for (const ev of events) {
    const [file, label] = eventLabels.get(ev.id)!
    if (ev.parentId !== null && !eventById.has(ev.parentId)) errors.add(file, label, 'unknown_parent', `unknown parent event '${ev.parentId}'`)
    if (hasCycle(ev.id, (id) => eventById.get(id)?.parentId ?? null)) {
      errors.add(file, label, 'parent_cycle', 'parent chain loops back to itself')
      continue
    }
    const chain: LoadedEvent[] = []
    for (let cur: LoadedEvent | undefined = ev; cur; cur = cur.parentId ? eventById.get(cur.parentId) : undefined) chain.unshift(cur)
    ev.path = chain.map((c) => c.id).join('/')
    // The outermost phase in the chain: a stage of the first batch belongs to the first batch.
    phaseOf.set(ev.id, chain.find((c) => c.kind === 'campaign_phase')?.id ?? null)
  }

  // ---- facts ----
  const indicators: LoadedIndicator[] = []
  const indicatorIds = new Map<string, string>()
  // What entries refer to, whether or not they loaded: so that one bad quote is reported once,
  // not again as an unused metric or an uncited organ.
  const referencedMetrics = new Set<string>()
  const referencedSubjects = new Set<string>()
  const citations: LoadedCitation[] = []
  const ignores: LoadedIgnore[] = []
  const dropped: LoadedDropped[] = []
  const pendingIndicators: LoadedPendingIndicator[] = []
  const droppedLabels = new Map<string, [string, string]>()
  const factsDir = join(seedDir, 'facts')
  const factsFiles = existsSync(factsDir) ? readdirSync(factsDir).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(factsDir, n)) : []
  for (const path of factsFiles) {
    const file = rel(path)
    const y = readYaml(path)
    if (!y) continue
    const top = normalizeCodes(y.root)
    if (!Value.Check(FactsFile, top)) {
      check(FactsFile, { value: top, label: 'file' }, file)
      continue
    }
    const document = documentById.get(top.document)
    if (!document) {
      errors.add(file, 'document', 'unknown_document', `unknown document '${top.document}'`)
      continue
    }
    const text = document.rawText
    const sectionNode = (key: string): YamlNode | undefined => (isMap(y.doc.contents) ? y.doc.contents.get(key, true) as YamlNode : undefined)

    for (const item of itemsOf(sectionNode('indicators'), top.indicators ?? [], 'indicators', y.lines)) {
      const e = check<IndicatorEntry>(IndicatorEntry, item, file)
      if (!e) continue
      const label = item.label
      if (indicatorIds.has(e.id)) {
        errors.add(file, label, 'duplicate_id', `duplicate indicator id '${e.id}' (first in ${indicatorIds.get(e.id)})`)
        continue
      }
      indicatorIds.set(e.id, file)
      referencedMetrics.add(e.metric)
      const pending = pendingCheck(file, label, e.review)
      if ((e.confidence !== undefined || e.reasons !== undefined) && !pending) errors.add(file, label, 'draft_field', 'confidence and reasons are a draft\'s remarks: only a pending entry has them')
      const metric = metricByCode.get(e.metric)
      // A pending entry may propose a new metric code, with a unit from the vocabulary.
      const proposedMetric = !metric && pending && allowDrafts
      if (proposedMetric) {
        const category = e.metric.split('.')[0]!
        if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(e.metric) || !CATEGORY_CODES.includes(category)) {
          errors.add(file, label, 'unknown_metric', `proposed metric '${e.metric}' is not a code category.subject.measure of a known category (${CATEGORY_CODES.join(', ')})`)
        }
        if (e.unit === undefined || !(UNITS as readonly string[]).includes(e.unit)) {
          errors.add(file, label, 'unit_mismatch', `proposed metric '${e.metric}' needs a unit from the vocabulary (${UNITS.join(', ')})`)
        }
      } else if (!metric) errors.add(file, label, 'unknown_metric', `unknown metric '${e.metric}'`)
      if (metric && e.unit !== undefined && e.unit !== metric.unit) {
        errors.add(file, label, 'unit_mismatch', `unit '${e.unit}' differs from the unit of metric ${metric.code}, '${metric.unit}'`)
      }
      const dimsOk = metric ? checkDimensions(metric, e.dimensions ?? {}, (code, message) => errors.add(file, label, code, message)) : proposedMetric
      const regionCode = checkRegion(e.region as string, file, label)
      const organ = e.organ ? organById.get(e.organ) : undefined
      if (e.organ && !organ) errors.add(file, label, 'unknown_organ', `unknown organ '${e.organ}'`)
      if (e.event && !eventById.has(e.event)) errors.add(file, label, 'unknown_event', `unknown event '${e.event}'`)
      const precision = checkDate(e.date, e.datePrecision, file, label, 'date')
      const periodPrecision = checkDate(e.periodStart, undefined, file, label, 'periodStart')
      if (e.periodStart && e.periodStart.localeCompare(e.date.slice(0, e.periodStart.length)) > 0) {
        errors.add(file, label, 'reversed_dates', `periodStart '${e.periodStart}' is after date '${e.date}'`)
      }
      const bases = {
        valueBasis: e.valueBasis ?? 'stated', dateBasis: e.dateBasis ?? 'stated', regionBasis: e.regionBasis ?? 'stated',
      } as const
      for (const [field, basis, note] of [['value', bases.valueBasis, e.valueNote], ['date', bases.dateBasis, e.dateNote], ['region', bases.regionBasis, e.regionNote]] as const) {
        if (basis !== 'stated' && note === undefined) {
          errors.add(file, label, 'basis_without_note', `${field}Basis '${basis}' needs a ${field}Note saying why`)
        }
        if (basis === 'stated' && note !== undefined) {
          errors.add(file, label, 'note_without_basis', `${field}Note is given for a stated ${field}; give ${field}Basis, or put the remark in note`)
        }
      }

      const span = locate(text, e)
      if (typeof span === 'string') {
        errors.add(file, label, 'quote', span)
        continue
      }
      const valueAt = e.quote.indexOf(e.valueText)
      if (valueAt === -1) {
        errors.add(file, label, 'value_text', `valueText ${JSON.stringify(e.valueText)} is not in the quote`)
        continue
      }
      const numberProblem = checkValue(e, bases.valueBasis)
      if (numberProblem) errors.add(file, label, 'value_mismatch', numberProblem)
      if ((!metric && !proposedMetric) || !dimsOk || !regionCode || !precision || numberProblem) continue
      if (pending) {
        pendingIndicators.push({
          id: e.id, documentId: document.id, metricCode: e.metric, value: e.value,
          valueStart: span.start + valueAt, valueEnd: span.start + valueAt + e.valueText.length,
        })
        continue
      }
      if (!metric) continue
      indicators.push({
        id: e.id, metricCode: metric.code, category: metric.category, value: e.value, valueText: e.valueText,
        unit: metric.unit, qualifier: e.qualifier, dimensions: canonicalDimensions(e.dimensions ?? {}),
        date: e.date, datePrecision: precision,
        periodStart: e.periodStart ?? null, periodStartPrecision: periodPrecision,
        regionCode, organId: organ?.id ?? null, organKind: organ?.kind ?? null, eventId: e.event ?? null,
        phaseId: e.event ? phaseOf.get(e.event) ?? null : null,
        documentId: document.id, quote: e.quote, startOffset: span.start, endOffset: span.end,
        valueStart: span.start + valueAt, valueEnd: span.start + valueAt + e.valueText.length,
        ...bases, valueNote: e.valueNote ?? null, dateNote: e.dateNote ?? null, regionNote: e.regionNote ?? null,
        inferred: isInferred(bases), note: e.note ?? null,
      })
    }

    for (const item of itemsOf(sectionNode('citations'), top.citations ?? [], 'citations', y.lines)) {
      const e = check<CitationEntry>(CitationEntry, item, file)
      if (!e) continue
      if ((e.organ === undefined) === (e.event === undefined)) {
        errors.add(file, item.label, 'citation_subject', 'a citation names exactly one of organ or event')
        continue
      }
      referencedSubjects.add(e.organ !== undefined ? `organ:${e.organ}` : `event:${e.event!}`)
      if (e.organ !== undefined && !organById.has(e.organ)) errors.add(file, item.label, 'unknown_organ', `unknown organ '${e.organ}'`)
      if (e.event !== undefined && !eventById.has(e.event)) errors.add(file, item.label, 'unknown_event', `unknown event '${e.event}'`)
      const span = locate(text, e)
      if (typeof span === 'string') {
        errors.add(file, item.label, 'quote', span)
        continue
      }
      citations.push({
        subjectType: e.organ !== undefined ? 'organ' : 'event', subjectId: (e.organ ?? e.event)!,
        documentId: document.id, quote: e.quote, startOffset: span.start, endOffset: span.end,
      })
    }

    for (const item of itemsOf(sectionNode('ignore'), top.ignore ?? [], 'ignore', y.lines)) {
      const e = check<IgnoreEntry>(IgnoreEntry, item, file)
      if (!e) continue
      pendingCheck(file, item.label, e.review)
      let spans: Span[]
      if (e.all) {
        spans = occurrences(text, e.quote).map((s) => ({ start: s, end: s + e.quote.length }))
        if (spans.length === 0) errors.add(file, item.label, 'quote', `quote ${JSON.stringify(e.quote)} is not in the document`)
      } else {
        const span = locate(text, e)
        if (typeof span === 'string') {
          errors.add(file, item.label, 'quote', span)
          continue
        }
        spans = [span]
      }
      ignores.push({ documentId: document.id, quote: e.quote, reason: e.reason, spans, file })
    }

    for (const item of itemsOf(sectionNode('dropped'), top.dropped ?? [], 'dropped', y.lines)) {
      const e = check<DroppedEntry>(DroppedEntry, item, file)
      if (!e) continue
      if (droppedLabels.has(e.id)) {
        errors.add(file, item.label, 'duplicate_id', `indicator '${e.id}' is listed as dropped twice`)
        continue
      }
      dropped.push({ id: e.id, documentId: document.id, reason: e.reason })
      droppedLabels.set(e.id, [file, item.label])
    }
  }
  // A dropped id stays reserved: reusing it would give an old link a new meaning.
  for (const d of dropped) {
    if (indicatorIds.has(d.id)) errors.add(...droppedLabels.get(d.id)!, 'dropped_id_in_use', `indicator '${d.id}' is listed as dropped but is still an indicator`)
  }

  // Every organ and event must be traceable to at least one sentence. In the middle of a curation
  // (drafts allowed) the catalog may run ahead of the facts: warnings, not errors.
  const cited = referencedSubjects
  const completeness = allowDrafts ? warnings : errors
  for (const o of organs) {
    if (!cited.has(`organ:${o.id}`)) completeness.add(...organLabels.get(o.id)!, 'uncited_organ', `organ '${o.id}' is cited by no facts file`)
  }
  for (const ev of events) {
    if (!cited.has(`event:${ev.id}`)) completeness.add(...eventLabels.get(ev.id)!, 'uncited_event', `event '${ev.id}' is cited by no facts file`)
  }
  for (const m of metrics) {
    if (!referencedMetrics.has(m.code)) {
      completeness.add(...metricLabels.get(m.code)!, 'unused_metric', `metric '${m.code}' is used by no indicator`)
    }
  }

  return {
    dataset: {
      version: datasetVersion(seedDir, opts.migrationsDir),
      regions, documents, metrics, organs, events, indicators, citations, ignores, dropped,
      pending: pendingIndicators, warnings: warnings.errors,
    },
    errors: errors.errors,
  }
}

/**
 * An indicator gives one allowed value for each dimension its metric declares, and no other
 * dimension. Reports each problem; true when there is none.
 */
function checkDimensions (metric: LoadedMetric, given: Record<string, string>, report: (code: SeedErrorCode, message: string) => void): boolean {
  let ok = true
  const declared = new Map(metric.dimensions.map((d) => [d.name, d.values]))
  for (const [name, value] of Object.entries(given)) {
    const allowed = declared.get(name)
    if (!allowed) {
      ok = false
      report('unknown_dimension', dimension(name)
        ? `metric ${metric.code} declares no dimension '${name}'${declared.size > 0 ? ` (it declares ${[...declared.keys()].join(', ')})` : ''}`
        : `unknown dimension '${name}'`)
    } else if (!allowed.includes(value)) {
      ok = false
      report('dimension_value', `value '${value}' of dimension '${name}' is not one metric ${metric.code} allows (${allowed.join(', ')})`)
    }
  }
  for (const name of declared.keys()) {
    if (!(name in given)) {
      ok = false
      report('missing_dimension', `metric ${metric.code} declares dimension '${name}'; give its value`)
    }
  }
  return ok
}

/** Per metric: how many indicators, over which regions, documents and dates. */
export function metricCoverage (data: Pick<Dataset, 'metrics' | 'indicators'>): MetricCoverage[] {
  return data.metrics.map((m) => {
    const rows = data.indicators.filter((i) => i.metricCode === m.code)
    const tally = (key: (i: LoadedIndicator) => string): Map<string, number> => {
      const out = new Map<string, number>()
      for (const i of rows) out.set(key(i), (out.get(key(i)) ?? 0) + 1)
      return new Map([...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
    }
    const dates = rows.map((i) => i.date).sort()
    return {
      metricCode: m.code,
      count: rows.length,
      firstDate: dates[0] ?? null,
      lastDate: dates[dates.length - 1] ?? null,
      regions: [...tally((i) => i.regionCode)].map(([regionCode, count]) => ({ regionCode, count })),
      documents: [...tally((i) => i.documentId)].map(([documentId, count]) => ({ documentId, count })),
    }
  })
}

/** YAML reads `region: 430000` and `form: 1` as numbers; codes and dimension values are strings. */
function normalizeCodes (value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  if (typeof out.region === 'number') out.region = String(out.region)
  const dims = out.dimensions
  if (dims && typeof dims === 'object' && !Array.isArray(dims)) {
    out.dimensions = Object.fromEntries(Object.entries(dims as Record<string, unknown>).map(([k, v]) => [
      k, typeof v === 'number' ? String(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? String(x) : x)) : v,
    ]))
  }
  return out
}

function hasCycle (start: string, parentOf: (id: string) => string | null): boolean {
  const seen = new Set<string>([start])
  for (let cur = parentOf(start); cur !== null; cur = parentOf(cur)) {
    if (seen.has(cur)) return true
    seen.add(cur)
  }
  return false
}

const QUALIFIER_WORDS: Array<[RegExp, string[]]> = [
  [/(?:more than|over|exceeding)\s*$/i, ['more_than']],
  [/(?:nearly|almost|close to)\s*$/i, ['nearly']],
  [/(?:about|around|approximately|some)\s*$/i, ['approximately']],
  [/at least\s*$/i, ['at_least']],
]

/**
 * Checks that value, valueText and qualifier agree with each other and with the quote. A corrected
 * or derived value is the curator's (with its note), so only the qualifier words are checked.
 */
export function checkValue (e: IndicatorEntry, valueBasis: ValueBasis): string | null {
  if (valueBasis !== 'stated') return null
  const parsed = parseNumber(e.valueText)
  if (!parsed) return `valueText ${JSON.stringify(e.valueText)} is not a number the parser understands; fix it or give valueBasis corrected with a valueNote`
  const tolerance = Math.max(1e-9, Math.abs(e.value) * 1e-9)
  if (Math.abs(parsed.value - e.value) > tolerance) {
    return `value ${e.value} disagrees with the number in the quote: ${JSON.stringify(e.valueText)} reads as ${parsed.value}`
  }
  if (parsed.impliedQualifier && parsed.impliedQualifier !== e.qualifier) {
    return `qualifier '${e.qualifier}' disagrees with valueText ${JSON.stringify(e.valueText)}, which reads as ${parsed.impliedQualifier}`
  }
  const before = e.quote.slice(0, e.quote.indexOf(e.valueText))
  for (const [re, allowed] of QUALIFIER_WORDS) {
    if (re.test(before) && !allowed.includes(e.qualifier)) {
      return `qualifier '${e.qualifier}' disagrees with the words before the number in the quote (${JSON.stringify(before.slice(-20).trim())})`
    }
  }
  if (!parsed.impliedQualifier && e.qualifier !== 'exact' && !QUALIFIER_WORDS.some(([re]) => re.test(before))) {
    const afterChinese = /[余餘多]/.test(e.quote.slice(e.quote.indexOf(e.valueText) + e.valueText.length, e.quote.indexOf(e.valueText) + e.valueText.length + 2))
    if (!afterChinese && !e.note) return `qualifier '${e.qualifier}' has no word in the quote behind it; add a note saying why`
  }
  return null
}

export function chromeSpans (raw: string, c: ChromeEntry): Span[] | string {
  if (c.all) {
    const found = occurrences(raw, c.start).map((s) => ({ start: s, end: s + c.start.length }))
    return found.length > 0 ? found : `chrome text ${JSON.stringify(c.start)} is not in the document`
  }
  const start = locate(raw, { quote: c.start })
  if (typeof start === 'string') return `chrome start: ${start}`
  if (c.toEnd) return [{ start: start.start, end: raw.length }]
  if (c.end === undefined) return [start]
  const endAt = raw.indexOf(c.end, start.end)
  if (endAt === -1) return `chrome end ${JSON.stringify(c.end)} does not follow its start`
  return [{ start: start.start, end: endAt + c.end.length }]
}

