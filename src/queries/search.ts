// Search across the dataset: documents' normalized text, the quotes of figures and citations,
// metrics, organs, events and regions, ranked by FTS5's bm25. The query is read by the tokenizer
// the index was built with (src/domain/search.ts); each hit says which of its fields matched, with
// a snippet in which the matches are marked, and, for text that stands in a document, where the
// match is in the raw text.
import { createHash } from 'node:crypto'
import { badParameter } from '../errors.js'
import { LIMITS } from '../limits.js'
import { findGroup, queryGroups, tokenize } from '../domain/index.js'
import type { QueryContext } from './context.js'
import { decodeCursor, encodeCursor, type SortKey } from './core.js'

export const SEARCH_TYPES = ['document', 'indicator', 'citation', 'metric', 'organ', 'event', 'region'] as const
export type SearchType = typeof SEARCH_TYPES[number]

export interface SearchRequest { q: string, type?: string[] | undefined, limit?: number | undefined, cursor?: string | undefined }

export interface SearchHit {
  type: SearchType
  /** The id of what was found: a document, indicator, metric code, organ, event, region code, or a citation's number. */
  id: string
  label: string
  /** Lower is better: FTS5's bm25, weighting an entry's own text above its other names and its context. */
  score: number
  /** The field the snippet is from (text, quote, name, nameZh, pinyin, description, region, ...). */
  field: string
  /** An excerpt of that field, HTML-escaped, the matches in <mark>…</mark>. */
  snippet: string
  /** For a passage or a quote: the document and the raw offsets of each match (text.slice(start, end)). */
  source: { documentId: string, start: number, end: number, matches: Array<{ start: number, end: number }> } | null
  /** For a citation: what it cites. */
  subject: { type: 'organ' | 'event', id: string } | null
}

export interface SearchPage {
  hits: SearchHit[]
  /** Each hit's cursor: to continue after it. */
  cursors: string[]
  next: string | null
  total: number
}

interface Field { name: string, text: string, column: string, documentId?: string, offsets?: Array<[number, number]> }
interface EntryRow { id: number, type: SearchType, ref_id: string, label: string, fields: string, score: number }

const COLUMN_WEIGHTS = '3.0, 2.0, 1.0'
const SNIPPET_BEFORE = 60
const SNIPPET_LENGTH = 200
const KEYS: SortKey[] = [{ field: 'score', expr: 'score', direction: 'asc' }, { field: 'id', expr: 'id', direction: 'asc' }]

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The raw offset of position i of a text mapped by runs [textOffset, rawOffset]. */
function rawAt (runs: ReadonlyArray<readonly [number, number]>, i: number): number {
  let lo = 0
  let hi = runs.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (runs[mid]![0] <= i) lo = mid
    else hi = mid - 1
  }
  return runs[lo]![1] + (i - runs[lo]![0])
}

/** The query's groups, checked: something to search for, and not too much. */
export function searchTerms (q: string): string[][] {
  if (q.length > LIMITS.search.queryChars) throw badParameter('q', `at most ${LIMITS.search.queryChars} characters`)
  const groups = queryGroups(q)
  if (groups.length === 0) throw badParameter('q', 'no word or character to search for')
  if (groups.length > LIMITS.search.terms) throw badParameter('q', `at most ${LIMITS.search.terms} words or runs of Chinese characters`)
  return groups
}

/** FTS5's query: every group, a run of ideographs as a phrase. Tokens are letters and digits only. */
const matchExpression = (groups: string[][]): string => groups.map((g) => `"${g.join(' ')}"`).join(' AND ')

/** Which field of an entry shows the query best, and where in it. */
function describe (row: EntryRow, groups: string[][]): Omit<SearchHit, 'type' | 'id' | 'label' | 'score' | 'subject'> {
  const fields = JSON.parse(row.fields) as Field[]
  let best: { field: Field, spans: Array<[number, number]>, groups: number } | null = null
  for (const field of fields) {
    const tokens = tokenize(field.text)
    const spans: Array<[number, number]> = []
    let found = 0
    for (const g of groups) {
      const at = findGroup(tokens, g)
      if (at.length > 0) found++
      for (const i of at) spans.push([tokens[i]!.start, tokens[i + g.length - 1]!.end])
    }
    if (found > (best?.groups ?? 0)) best = { field, spans, groups: found }
  }
  const field = best?.field ?? fields[0]!
  const spans = (best?.spans ?? []).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  // Overlapping matches (a phrase inside another) are marked once.
  const merged: Array<[number, number]> = []
  for (const s of spans) {
    const last = merged[merged.length - 1]
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1])
    else merged.push([s[0], s[1]])
  }
  const first = merged[0]?.[0] ?? 0
  let from = Math.max(0, first - SNIPPET_BEFORE)
  const to = Math.min(field.text.length, from + SNIPPET_LENGTH)
  from = Math.max(0, Math.min(from, to - SNIPPET_LENGTH))
  let snippet = from > 0 ? '…' : ''
  let at = from
  for (const [s, e] of merged) {
    if (e <= from || s >= to) continue
    const a = Math.max(s, from)
    const b = Math.min(e, to)
    snippet += `${escapeHtml(field.text.slice(at, a))}<mark>${escapeHtml(field.text.slice(a, b))}</mark>`
    at = b
  }
  snippet += escapeHtml(field.text.slice(at, to)) + (to < field.text.length ? '…' : '')
  let source: SearchHit['source'] = null
  if (field.documentId !== undefined && field.offsets !== undefined && merged.length > 0) {
    const runs = field.offsets
    const matches = merged.map(([s, e]) => ({ start: rawAt(runs, s), end: rawAt(runs, e - 1) + 1 }))
    source = { documentId: field.documentId, start: matches[0]!.start, end: matches[0]!.end, matches }
  }
  return { field: field.name, snippet, source }
}

export function search (ctx: QueryContext, req: SearchRequest): SearchPage {
  const groups = searchTerms(req.q)
  const limit = req.limit ?? 20
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.search.pageSize) {
    throw badParameter('limit', `must be an integer from 1 to ${LIMITS.search.pageSize}`)
  }
  for (const t of req.type ?? []) {
    if (!(SEARCH_TYPES as readonly string[]).includes(t)) throw badParameter('type', `unknown type '${t}'; types: ${SEARCH_TYPES.join(', ')}`)
  }
  const match = matchExpression(groups)
  const where = ['search_index MATCH ?']
  const params: unknown[] = [match]
  if (req.type?.length) {
    where.push('e.type IN (SELECT value FROM json_each(?))')
    params.push(JSON.stringify(req.type))
  }
  // A cursor belongs to its query: the same words and types.
  const resource = `search:${createHash('sha1').update(JSON.stringify([groups, [...(req.type ?? [])].sort()])).digest('base64url').slice(0, 12)}`
  let after = ''
  const pageParams = [...params]
  if (req.cursor !== undefined) {
    const [score, id] = decodeCursor(req.cursor, resource, KEYS) as [number, number]
    after = 'WHERE score > ? OR (score = ? AND id > ?)'
    pageParams.push(score, score, id)
  }
  // Materialized, so that bm25 is computed where FTS5 allows it and then compared as a value.
  const hits = `WITH hits AS MATERIALIZED (SELECT e.id, e.type, e.ref_id, e.label, e.fields, bm25(search_index, ${COLUMN_WEIGHTS}) AS score
    FROM search_index JOIN search_entries e ON e.id = search_index.rowid WHERE ${where.join(' AND ')})`
  const rows = ctx.cache.all<EntryRow>(`${hits} SELECT * FROM hits ${after} ORDER BY score, id LIMIT ?`, [...pageParams, limit + 1])
  const total = ctx.cache.one<{ n: number }>(`SELECT count(*) AS n FROM search_index JOIN search_entries e ON e.id = search_index.rowid WHERE ${where.join(' AND ')}`, params)!.n
  let next: string | null = null
  if (rows.length > limit) {
    rows.length = limit
    const last = rows[rows.length - 1]!
    next = encodeCursor(resource, KEYS, [last.score, last.id])
  }
  const subjects = citationSubjects(ctx, rows.filter((r) => r.type === 'citation').map((r) => Number(r.ref_id)))
  return {
    hits: rows.map((r) => ({
      type: r.type, id: r.ref_id, label: r.label, score: r.score, ...describe(r, groups),
      subject: r.type === 'citation' ? subjects.get(Number(r.ref_id)) ?? null : null,
    })),
    cursors: rows.map((r) => encodeCursor(resource, KEYS, [r.score, r.id])),
    next,
    total,
  }
}

function citationSubjects (ctx: QueryContext, ids: number[]): Map<number, { type: 'organ' | 'event', id: string }> {
  if (ids.length === 0) return new Map()
  const rows = ctx.cache.all<{ id: number, type: 'organ' | 'event', subject: string }>(
    'SELECT id, subject_type AS type, subject_id AS subject FROM citations WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)])
  return new Map(rows.map((r) => [r.id, { type: r.type, id: r.subject }]))
}
