// Shared machinery of the query layer: a cache of prepared statements, opaque keyset cursors and
// the SQL for "rows after this cursor in this order". No OFFSET anywhere.
//
// Statements are prepared once per query shape (which filters are present, which sort) and then
// reused: filters pass lists as one JSON parameter (`IN (SELECT value FROM json_each(?))`), so the
// number of shapes stays small. Drizzle owns the schema and migrations; the hot read path prepares
// its SQL directly on better-sqlite3 because Drizzle's builder cannot prepare a statement whose
// WHERE clause varies with the request without rebuilding it on every call.
import type Database from 'better-sqlite3'
import { LRUCache } from 'lru-cache'
import { badCursor, badParameter } from '../errors.js'
import { LIMITS } from '../limits.js'

export type SortDirection = 'asc' | 'desc'

export interface SortField {
  /** SQL expression; must never be NULL (wrap in COALESCE), so that keyset comparisons hold. */
  expr: string
}

export interface SortKey { field: string, expr: string, direction: SortDirection }

export interface ListRequest {
  limit: number | 'all'
  cursor?: string | undefined
  sort?: string | undefined
  count?: boolean | undefined
}

export interface Page<T> {
  items: T[]
  next: string | null
  total?: number
}

export interface ListShape {
  /** Names the resource in cursors, so a cursor from one list is refused by another. */
  resource: string
  columns: string
  from: string
  where: string[]
  params: unknown[]
  sortable: Record<string, SortField>
  defaultSort: string
  /** The unique key that ends every ordering. */
  tiebreak: SortField
  /**
   * What a count reads FROM, when the joins of `from` only add columns (`table alias`): a page is
   * then found over it alone, and only its rows joined.
   */
  countFrom?: string
  /** The precomputed count (indicator_counts) that answers a count of this list, if any. */
  counted?: { filter: string, value: string } | null
}

export const MAX_LIMIT = LIMITS.pageSize

/**
 * Prepared statements by SQL text, least recently used first out: the shapes a request can make
 * are many (filters present × sort order), so the cache is bounded, and a shape pushed out is
 * simply prepared again when it comes back.
 */
export class StatementCache {
  private readonly cache: LRUCache<string, Database.Statement>
  /** Counts statements run, for tests that bound the SQL a request costs. */
  executed = 0

  constructor (readonly sqlite: Database.Database, max: number = LIMITS.statementCache) {
    this.cache = new LRUCache({ max })
  }

  /** Statements held now (for tests of the bound). */
  get size (): number {
    return this.cache.size
  }

  get (sql: string): Database.Statement {
    let stmt = this.cache.get(sql)
    if (!stmt) {
      stmt = this.sqlite.prepare(sql)
      this.cache.set(sql, stmt)
    }
    return stmt
  }

  all<T> (sql: string, params: unknown[] = []): T[] {
    this.executed++
    return this.get(sql).all(...params) as T[]
  }

  one<T> (sql: string, params: unknown[] = []): T | undefined {
    this.executed++
    return this.get(sql).get(...params) as T | undefined
  }

  /**
   * Every row of a statement, one at a time, on a statement of its own: a stream is read across
   * many turns of the event loop, and a cached statement in use by a stream could not serve
   * another request meanwhile.
   */
  * iterate<T> (sql: string, params: unknown[] = []): Generator<T> {
    this.executed++
    yield * this.sqlite.prepare(sql).iterate(...params) as IterableIterator<T>
  }
}

/** Parses `sort=-date,value` against the fields a resource allows. */
export function parseSort (sort: string | undefined, shape: Pick<ListShape, 'sortable' | 'defaultSort' | 'tiebreak'>): SortKey[] {
  const spec = sort === undefined || sort === '' ? shape.defaultSort : sort
  const keys: SortKey[] = []
  const seen = new Set<string>()
  const parts = spec.split(',')
  if (parts.length > LIMITS.sortKeys) throw badParameter('sort', `at most ${LIMITS.sortKeys} sort fields`)
  for (const raw of parts) {
    const part = raw.trim()
    const direction: SortDirection = part.startsWith('-') ? 'desc' : 'asc'
    const field = part.replace(/^[-+]/, '')
    // Own properties only: `sort=constructor` must not find Object's.
    const def = Object.hasOwn(shape.sortable, field) ? shape.sortable[field] : undefined
    if (!def) {
      throw badParameter('sort', `cannot sort by '${field}'; sortable fields: ${Object.keys(shape.sortable).join(', ')}`)
    }
    if (seen.has(field)) throw badParameter('sort', `field '${field}' is listed twice`)
    seen.add(field)
    keys.push({ field, expr: def.expr, direction })
  }
  if (!keys.some((k) => k.expr === shape.tiebreak.expr)) {
    keys.push({ field: '_id', expr: shape.tiebreak.expr, direction: keys[keys.length - 1]?.direction ?? 'asc' })
  }
  return keys
}

function signature (resource: string, keys: SortKey[]): string {
  return `${resource}:${keys.map((k) => (k.direction === 'desc' ? '-' : '') + k.field).join(',')}`
}

export function encodeCursor (resource: string, keys: SortKey[], values: unknown[]): string {
  return Buffer.from(JSON.stringify({ s: signature(resource, keys), k: values })).toString('base64url')
}

export function decodeCursor (cursor: string, resource: string, keys: SortKey[]): unknown[] {
  let parsed: unknown
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url')
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw badCursor('not a cursor issued by this API')
  }
  const p = parsed as { s?: unknown, k?: unknown } | null
  if (p === null || typeof p !== 'object' || typeof p.s !== 'string' || !Array.isArray(p.k) || p.k.length !== keys.length ||
    !p.k.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw badCursor('not a cursor issued by this API')
  }
  if (p.s !== signature(resource, keys)) {
    throw badCursor('the cursor was made for another list or sort order; repeat the request that returned it')
  }
  return p.k
}

/**
 * The rows strictly after the cursor in this order. When every key goes the same way this is a
 * row value, `(a, b) > (?, ?)`, which SQLite answers as one range of an index on (a, b): a page
 * at any depth costs what the first page costs. Mixed directions need the expanded form,
 * `(a > ?) OR (a = ? AND b < ?) OR ...`.
 */
export function keysetCondition (keys: SortKey[], values: unknown[]): { sql: string, params: unknown[] } {
  if (keys.length > 1 && keys.every((k) => k.direction === keys[0]!.direction)) {
    return {
      sql: `(${keys.map((k) => k.expr).join(', ')}) ${keys[0]!.direction === 'asc' ? '>' : '<'} (${keys.map(() => '?').join(', ')})`,
      params: [...values],
    }
  }
  const ors: string[] = []
  const params: unknown[] = []
  for (let i = 0; i < keys.length; i++) {
    const ands: string[] = []
    for (let j = 0; j < i; j++) {
      ands.push(`${keys[j]!.expr} = ?`)
      params.push(values[j])
    }
    ands.push(`${keys[i]!.expr} ${keys[i]!.direction === 'asc' ? '>' : '<'} ?`)
    params.push(values[i])
    ors.push(`(${ands.join(' AND ')})`)
  }
  return { sql: `(${ors.join(' OR ')})`, params }
}

export interface PlannedList {
  sql: string
  params: unknown[]
  keys: SortKey[]
  countSql: string
  countParams: unknown[]
}

/** Builds the SQL of one page (or, with limit 'all', of every row after the cursor). */
export function planList (shape: ListShape, req: ListRequest): PlannedList {
  const keys = parseSort(req.sort, shape)
  const where = [...shape.where]
  const params = [...shape.params]
  if (req.cursor !== undefined) {
    const values = decodeCursor(req.cursor, shape.resource, keys)
    const k = keysetCondition(keys, values)
    where.push(k.sql)
    params.push(...k.params)
  }
  const whereSql = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''
  const keyColumns = keys.map((k, i) => `${k.expr} AS _k${i}`).join(', ')
  const order = keys.map((k) => `${k.expr} ${k.direction.toUpperCase()}`).join(', ')
  let sql: string
  if (req.limit !== 'all' && shape.countFrom !== undefined) {
    // The page's rows are found over the base table alone, and only they are joined and read in
    // full: sorting a wide range (a year of figures, by id) then moves row ids, not whole rows.
    const alias = shape.countFrom.split(' ').pop()!
    sql = `SELECT ${shape.columns}, ${keyColumns} FROM ${shape.from} WHERE ${alias}.rowid IN (SELECT ${alias}.rowid FROM ${shape.countFrom}${whereSql} ORDER BY ${order} LIMIT ?) ORDER BY ${order}`
    params.push(req.limit + 1)
  } else {
    sql = `SELECT ${shape.columns}, ${keyColumns} FROM ${shape.from}${whereSql} ORDER BY ${order}`
    if (req.limit !== 'all') {
      sql += ' LIMIT ?'
      params.push(req.limit + 1)
    }
  }
  const baseWhere = shape.where.length > 0 ? ` WHERE ${shape.where.join(' AND ')}` : ''
  if (shape.counted) {
    return { sql, params, keys, countSql: 'SELECT COALESCE((SELECT n FROM indicator_counts WHERE filter = ? AND value = ?), 0) AS n', countParams: [shape.counted.filter, shape.counted.value] }
  }
  return { sql, params, keys, countSql: `SELECT count(*) AS n FROM ${shape.countFrom ?? shape.from}${baseWhere}`, countParams: [...shape.params] }
}

type KeyedRow = Record<string, unknown>

function stripKeys (row: KeyedRow, n: number): KeyedRow {
  for (let i = 0; i < n; i++) delete row[`_k${i}`]
  return row
}

export function runList<R, T> (cache: StatementCache, shape: ListShape, req: ListRequest, map: (row: R) => T): Page<T> {
  const plan = planList(shape, req)
  const rows = cache.all<KeyedRow>(plan.sql, plan.params)
  let next: string | null = null
  if (req.limit !== 'all' && rows.length > req.limit) {
    rows.length = req.limit
    const last = rows[rows.length - 1]!
    next = encodeCursor(shape.resource, plan.keys, plan.keys.map((_, i) => last[`_k${i}`]))
  }
  const page: Page<T> = { items: rows.map((r) => map(stripKeys(r, plan.keys.length) as R)), next }
  if (req.count) page.total = cache.one<{ n: number }>(plan.countSql, plan.countParams)!.n
  return page
}

/** Every matching row after the cursor, one at a time: for CSV and NDJSON with limit=all. */
export function * iterateList<R, T> (cache: StatementCache, shape: ListShape, req: ListRequest, map: (row: R) => T): Generator<T> {
  const plan = planList(shape, { ...req, limit: 'all' })
  for (const row of cache.iterate<KeyedRow>(plan.sql, plan.params)) yield map(stripKeys(row, plan.keys.length) as R)
}

/**
 * A list filter: `expr = ?` for one value (an index on expr then also gives its order), else
 * `IN (SELECT value FROM json_each(?))`, one statement shape for any length.
 */
export function inList (expr: string, values: readonly unknown[], where: string[], params: unknown[]): void {
  if (values.length === 1) {
    where.push(`${expr} = ?`)
    params.push(values[0])
    return
  }
  where.push(`${expr} IN (SELECT value FROM json_each(?))`)
  params.push(JSON.stringify(values))
}

/** A `q` filter: every word must appear in the folded search text. */
export function textFilter (expr: string, words: string[], where: string[], params: unknown[]): void {
  for (const w of words) {
    where.push(`instr(${expr}, ?) > 0`)
    params.push(w)
  }
}
