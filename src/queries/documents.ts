// Documents: the five sources, their text, and the spans of every fact cited in them.
import { runList, iterateList, inList, type ListShape, type ListRequest, type Page } from './core.js'
import type { QueryContext } from './context.js'
import { badParameter } from '../errors.js'
import { LANGUAGES } from '../domain/index.js'

export interface DocumentFilter { id?: string[], language?: string[] }

export interface DocumentSummary {
  id: string, fileName: string, sha256: string, title: string, titleOriginal: string | null, language: string,
  publisher: string | null, provenance: string, publishedAt: string | null, publishedAtPrecision: string | null, regionCode: string | null,
  inferred: boolean, note: string | null, charCount: number
}

export interface Span { type: 'indicator' | 'event' | 'organ', id: string, start: number, end: number, quote: string }

const COLUMNS = `d.id, d.file_name AS fileName, d.sha256, d.title, d.title_original AS titleOriginal, d.language,
  d.publisher, d.provenance, d.published_at AS publishedAt, d.published_at_precision AS publishedAtPrecision,
  d.region_code AS regionCode, d.inferred, d.note, d.char_count AS charCount`
const SORTABLE = { id: { expr: 'd.id' }, fileName: { expr: 'd.file_name' }, publishedAt: { expr: "COALESCE(d.published_at, '')" } }

export const mapDocument = (r: Omit<DocumentSummary, 'inferred'> & { inferred: number | boolean }): DocumentSummary => ({ ...r, inferred: r.inferred === 1 || r.inferred === true })

function shape (f: DocumentFilter): ListShape {
  const where: string[] = []
  const params: unknown[] = []
  if (f.id?.length) inList('d.id', f.id, where, params)
  if (f.language?.length) {
    for (const l of f.language) if (!(LANGUAGES as readonly string[]).includes(l)) throw badParameter('language', `unknown language '${l}'; languages: ${LANGUAGES.join(', ')}`)
    inList('d.language', f.language, where, params)
  }
  return { resource: 'documents', columns: COLUMNS, from: 'documents d', where, params, sortable: SORTABLE, defaultSort: 'fileName', tiebreak: SORTABLE.id }
}

export function listDocuments (ctx: QueryContext, f: DocumentFilter, req: ListRequest): Page<DocumentSummary> {
  return runList(ctx.cache, shape(f), req, mapDocument)
}

export function iterateDocuments (ctx: QueryContext, f: DocumentFilter, req: ListRequest): Generator<DocumentSummary> {
  return iterateList(ctx.cache, shape(f), req, mapDocument)
}

export function getDocuments (ctx: QueryContext, ids: readonly string[]): DocumentSummary[] {
  return ctx.cache.all<Omit<DocumentSummary, 'inferred'> & { inferred: number }>(`SELECT ${COLUMNS} FROM documents d WHERE d.id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]).map(mapDocument)
}

export function documentText (ctx: QueryContext, id: string): { rawText: string, normalizedText: string } | null {
  return ctx.cache.one(`SELECT raw_text AS rawText, normalized_text AS normalizedText FROM documents WHERE id = ?`, [id]) ?? null
}

/** Every cited span in one document, in text order. */
export function documentSpans (ctx: QueryContext, id: string): Span[] {
  return ctx.cache.all<Span>(`SELECT 'indicator' AS type, id, start_offset AS start, end_offset AS "end", quote FROM indicators WHERE document_id = ?
    UNION ALL SELECT subject_type, subject_id, start_offset, end_offset, quote FROM citations WHERE document_id = ?
    ORDER BY start, "end", type, id`, [id, id])
}

export function datasetCounts (ctx: QueryContext): Record<string, number> {
  return ctx.cache.one<Record<string, number>>(`SELECT
    (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM regions) AS regions,
    (SELECT count(*) FROM organs) AS organs, (SELECT count(*) FROM events) AS events,
    (SELECT count(*) FROM metrics) AS metrics, (SELECT count(*) FROM indicators) AS indicators,
    (SELECT count(*) FROM citations) AS citations`)!
}

/** The list shape REST pages through, for the batched reads in batched.ts. */
export function documentListShape (f: DocumentFilter): ListShape {
  return shape(f)
}
