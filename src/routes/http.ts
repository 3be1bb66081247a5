// The REST contract's shared pieces: list parameters, content negotiation (JSON, CSV, NDJSON),
// pagination links, and the problem document every error is rendered as.
import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import { Type, type TSchema } from 'typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { MAX_LIMIT, type ListRequest, type Page } from '../queries/index.js'
import { badParameter, NotAcceptableError } from '../errors.js'
import { LIMITS } from '../limits.js'
import { named, resolveRef } from './registry.js'

export const Problem = named('Problem', Type.Object({
  type: Type.String({ description: 'A URI naming the kind of problem' }),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String({ description: 'Stable error code, e.g. CF_BAD_PARAMETER' }),
  parameter: Type.Optional(Type.String({ description: 'The query parameter or path segment at fault' })),
  instance: Type.Optional(Type.String()),
}, { description: 'RFC 9457 problem details' }))

export const ProblemRef = Type.Ref('Problem')

/** An error response: a problem document, served as application/problem+json. */
export function problemResponse (description: string): { description: string, content: Record<string, { schema: TSchema }> } {
  return { description, content: { 'application/problem+json': { schema: ProblemRef } } }
}

/** The errors every route of the API can answer, besides its own. */
export const errorResponses = {
  400: problemResponse('Bad request: unknown parameter, malformed or out-of-range value, bad cursor, unknown code in a filter'),
  404: problemResponse('No such resource'),
  405: problemResponse('The path exists but not with this method (this API is read-only: GET and HEAD); Allow lists the methods'),
  406: problemResponse('None of the accepted media types can be served'),
  429: problemResponse('This client sent more requests than its rate limit allows (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS, 1,000 per minute by default); Retry-After says when to come back, RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset say the budget'),
  503: problemResponse('The server is over capacity and sheds load, or is shutting down; Retry-After says when to come back'),
}

export const PageInfo = named('PageInfo', Type.Object({
  limit: Type.Union([Type.Integer(), Type.Literal('all')]),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Opaque cursor of the next page, or null on the last page' }),
}, { additionalProperties: false, description: 'The page size and the cursor of the next page' }))

export function listEnvelope (item: TSchema, name: string): TSchema {
  return Type.Object({
    data: Type.Array(item),
    page: Type.Ref('PageInfo'),
    total: Type.Optional(Type.Integer({ description: 'Number of matching items, with count=true' })),
  }, { additionalProperties: false, description: `A page of ${name}` })
}

export function oneEnvelope (item: TSchema): TSchema {
  return Type.Object({ data: item }, { additionalProperties: false })
}

/** A string parameter with a fixed set of values (rendered as an enum in OpenAPI and /docs). */
export function stringEnum (values: readonly string[], description: string, example = values[0]): TSchema {
  return Type.Unsafe<string>({ type: 'string', enum: [...values], description, examples: [example] })
}

const str = (description: string): TSchema => Type.String({ description })

/** `limit`: an integer or `all`; the hint is what a bad value is told. */
export const LIMIT_HINT = `an integer from 1 to ${MAX_LIMIT}, or all (CSV and NDJSON only)`

/** Prepends a UTF-8 byte order mark to CSV, which spreadsheets need to read UTF-8 as UTF-8. */
export const bomParam = Type.Boolean({ description: 'With format=csv: start with a UTF-8 byte order mark, so that spreadsheets (Excel) read the text as UTF-8', examples: [true] })

export const listParams = {
  limit: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_LIMIT }), Type.Literal('all')], {
    description: `Items per page, 1–${MAX_LIMIT} (default 50); \`all\` streams every matching item and is allowed for CSV and NDJSON only`,
    examples: [50],
  }),
  cursor: str('Opaque cursor from a previous page (`page.next` or the `Link` header); valid only with the sort it was made for'),
  sort: str('Comma list of sort fields; `-` in front sorts descending'),
  count: Type.Boolean({ description: 'Include `total`, the number of matching items', examples: [true] }),
  format: stringEnum(['json', 'csv', 'ndjson'], 'Response format; overrides the Accept header'),
  bom: bomParam,
}

/** A query string of optional parameters, but for those named required; anything else is refused as unknown. */
// Stryker disable next-line ArrayDeclaration: a default with a name no parameter has requires nothing either
export function querySchema (props: Record<string, TSchema>, required: string[] = []): TSchema {
  return Type.Object(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, required.includes(k) ? v : Type.Optional(v)])), { additionalProperties: false })
}

export interface ListQuery { limit?: number | 'all', cursor?: string, sort?: string, count?: boolean, format?: string, bom?: boolean }

export type Format = 'json' | 'csv' | 'ndjson'

const MEDIA: Record<string, Format> = {
  'application/json': 'json', 'application/*': 'json', '*/*': 'json',
  'text/csv': 'csv', 'text/*': 'csv',
  'application/x-ndjson': 'ndjson', 'application/ndjson': 'ndjson',
}

/** Picks the response format from `format`, else from the Accept header (by q-value). */
export function negotiate (request: FastifyRequest, allowed: Format[] = ['json', 'csv', 'ndjson']): Format {
  const explicit = (request.query as { format?: string }).format as Format | undefined
  if (explicit) {
    if (!allowed.includes(explicit)) throw badParameter('format', `this resource is served as ${allowed.join(' or ')}`)
    return explicit
  }
  const accept = request.headers.accept
  if (!accept) return 'json'
  // (The sort is stable: ranges of equal q keep the order they were given in.)
  const ranges = accept.split(',').map((part) => {
    const [type, ...p] = part.split(';').map((s) => s.trim())
    const q = p.find((x) => x.startsWith('q='))
    return { type: type!.toLowerCase(), q: q ? Number(q.slice(2)) : 1 }
  }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q)
  for (const r of ranges) {
    const f = MEDIA[r.type]
    if (f && allowed.includes(f)) return f
  }
  throw new NotAcceptableError(`${accept}; this resource is served as ${allowed.map((f) => (f === 'json' ? 'application/json' : f === 'csv' ? 'text/csv' : 'application/x-ndjson')).join(', ')}`)
}

export function listRequest (q: ListQuery, format: Format): ListRequest {
  let limit: number | 'all' = 50
  if (q.limit !== undefined) {
    if (q.limit === 'all') {
      if (format === 'json') throw badParameter('limit', '`all` is allowed for CSV and NDJSON only; page through JSON with cursor')
      limit = 'all'
    } else {
      limit = Number(q.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw badParameter('limit', `must be ${LIMIT_HINT}`)
    }
  }
  return { limit, cursor: q.cursor, sort: q.sort, count: q.count }
}

/** Splits a comma list; rejects empty members so "a,,b" is an error rather than a silent match. */
export function commaList (value: string | undefined, parameter: string): string[] | undefined {
  if (value === undefined) return undefined
  const items = value.split(',').map((s) => s.trim())
  if (items.some((s) => s === '')) throw badParameter(parameter, 'empty item in comma list')
  if (items.length > LIMITS.listItems) throw badParameter(parameter, `at most ${LIMITS.listItems} items`)
  return items
}

/** Nested objects become dotted columns: {metric: {code}} → metric.code. */
export function flatten (obj: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out)
    else out[key] = Array.isArray(v) ? JSON.stringify(v) : v
  }
  return out
}

/** Booleans as true and false (the CSV writer would write 1 and nothing); null and undefined are empty cells anyway. */
function csvCell (v: unknown): unknown {
  return typeof v === 'boolean' ? String(v) : v
}

/**
 * The header row, every name quoted; with `bom`, after a UTF-8 byte order mark. Quoted names are
 * what lets a CSV sniffer tell the delimiter from a sample that holds little more than the header
 * (Python's csv.Sniffer, which csvkit runs on the first 1,024 bytes, otherwise takes a letter of
 * the column names for the delimiter).
 */
export function csvHeader (columns: string[], bom = false): string {
  return (bom ? '\ufeff' : '') + stringify([columns], { quoted: true })
}

/**
 * One CSV row. Cells are quoted as RFC 4180 needs (separators, quotes, line breaks); a text cell
 * that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets an apostrophe in
 * front, as OWASP advises for CSV meant to be opened in spreadsheets. Numbers stay numbers.
 */
export function csvRow (columns: string[], item: Record<string, unknown>): string {
  return csvRows(columns, [item])
}

/** Many CSV rows in one call (a stream formats its chunks so). */
export function csvRows (columns: string[], items: Array<Record<string, unknown>>): string {
  return stringify(items.map((item) => {
    const flat = flatten(item)
    return columns.map((c) => csvCell(flat[c]))
  }), { escape_formulas: true })
}

function pageUrl (request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, 'http://localhost')
  url.searchParams.set('cursor', cursor)
  return `${url.pathname}${url.search}`
}

export interface ListSender<T> {
  page: () => Page<T>
  all: () => Iterable<T>
  /** CSV columns, in order; derived from the item schema so that an empty page still has a header. */
  columns: string[]
  /** CSV starts with a byte order mark. */
  bom?: boolean | undefined
}

/**
 * A chunk of a stream ends at STREAM_BATCH rows or once STREAM_SLICE_MS have gone into reading its
 * rows, whichever comes first; each chunk is formatted at once, and the stream yields between
 * chunks. Rows cost from microseconds (regions) to tens of them (figures with their joins), so a
 * count alone would let a chunk of wide rows hold the event loop for many milliseconds.
 */
const STREAM_BATCH = 200
export const STREAM_SLICE_MS = 4

/**
 * The lines of a full stream (CSV or NDJSON), a chunk at a time, giving the event loop back
 * between chunks: a stream of a million rows must not hold up the requests that arrive while it runs.
 */
export async function * streamLines<T> (items: Iterable<T>, format: Format, columns: string[], bom: boolean | undefined, sliceMs = STREAM_SLICE_MS): AsyncGenerator<string> {
  if (format === 'csv') yield csvHeader(columns, bom)
  let batch: T[] = []
  const flush = (): string => {
    const out = format === 'csv'
      ? csvRows(columns, batch as Array<Record<string, unknown>>)
      : batch.map((i) => `${JSON.stringify(i)}\n`).join('')
    batch = []
    return out
  }
  let sliceStart = performance.now()
  for (const item of items) {
    batch.push(item)
    // Stryker disable next-line EqualityOperator: a clock of fractions of a microsecond is never exactly at the slice's end
    if (batch.length === STREAM_BATCH || performance.now() - sliceStart >= sliceMs) {
      yield flush()
      await new Promise((resolve) => setImmediate(resolve))
      sliceStart = performance.now()
    }
  }
  if (batch.length > 0) yield flush()
}

export function sendList<T> (request: FastifyRequest, reply: FastifyReply, format: Format, req: ListRequest, s: ListSender<T>): unknown {
  if (req.limit === 'all') {
    reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
    return reply.send(Readable.from(streamLines(s.all(), format, s.columns, s.bom)))
  }
  const page = s.page()
  if (page.next) reply.header('link', `<${pageUrl(request, page.next)}>; rel="next"`)
  if (format === 'csv') {
    if (page.total !== undefined) reply.header('x-total-count', String(page.total))
    reply.type('text/csv; charset=utf-8')
    return csvHeader(s.columns, s.bom) + page.items.map((i) => csvRow(s.columns, i as Record<string, unknown>)).join('')
  }
  if (format === 'ndjson') {
    if (page.total !== undefined) reply.header('x-total-count', String(page.total))
    reply.type('application/x-ndjson; charset=utf-8')
    return page.items.map((i) => `${JSON.stringify(i)}\n`).join('')
  }
  return { data: page.items, page: { limit: req.limit, next: page.next }, ...(page.total !== undefined ? { total: page.total } : {}) }
}

/** Column names of an object schema, nested objects flattened the way `flatten` does it. */
export function columnsOf (schema: TSchema, prefix = ''): string[] {
  const props = (resolveRef(schema) as { properties?: Record<string, TSchema> }).properties ?? {}
  const out: string[] = []
  for (const [k, v] of Object.entries(props)) {
    const key = prefix ? `${prefix}.${k}` : k
    const obj = objectVariant(v)
    if (obj) out.push(...columnsOf(obj, key))
    else out.push(key)
  }
  return out
}

function objectVariant (schema: TSchema): TSchema | null {
  const s = resolveRef(schema)
  const t = s as { type?: unknown, properties?: unknown, anyOf?: TSchema[] }
  if (t.type === 'object' && t.properties) return s
  if (t.anyOf) return t.anyOf.map(resolveRef).find((x) => (x as { type?: unknown }).type === 'object') ?? null
  return null
}
