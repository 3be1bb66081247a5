// Batched reads for GraphQL's loaders: the pages of many parents' lists in one statement, paged per
// parent with ROW_NUMBER() OVER (PARTITION BY parent), on the very list shapes, filters, sorts and
// keyset cursors that REST uses. A nested list therefore costs one statement per level of a query,
// whatever the number of parents.
import {
  decodeCursor, encodeCursor, keysetCondition, parseSort, planList, type ListShape, type SortKey, type StatementCache,
} from './core.js'
import type { QueryContext } from './context.js'
import { regionListShape, mapRegion, type Region } from './regions.js'
import type { Span } from './documents.js'

/** A forward page request: `first` items after the `after` cursor, in `sort` (REST's sort syntax). */
export interface PageRequest { first: number, after?: string | undefined, sort?: string | undefined }

export interface Edge<T> {
  node: T
  /** The keyset cursor of this item: pass it as `after` to continue after it. */
  cursor: string
  /** What the membership says about the link, e.g. the roles of an organ in an event (JSON). */
  link: string | null
}

export interface EdgePage<T> { edges: Array<Edge<T>>, hasNextPage: boolean }

type Row = Record<string, unknown>

function toPage<R, T> (rows: Row[], keys: SortKey[], resource: string, first: number, map: (row: R) => T): EdgePage<T> {
  const hasNextPage = rows.length > first
  if (hasNextPage) rows.length = first
  const edges = rows.map((row) => {
    const cursor = encodeCursor(resource, keys, keys.map((_, i) => row[`_k${i}`]))
    const link = (row._link as string | null | undefined) ?? null
    for (let i = 0; i < keys.length; i++) delete row[`_k${i}`]
    delete row._pk
    delete row._rn
    delete row._link
    return { node: map(row as R), cursor, link }
  })
  return { edges, hasNextPage }
}

/** One page of one list: exactly the statement REST's runList runs, with a cursor for every item. */
export function pageOf<R, T> (cache: StatementCache, shape: ListShape, req: PageRequest, map: (row: R) => T): EdgePage<T> {
  const plan = planList(shape, { limit: req.first, cursor: req.after, sort: req.sort })
  return toPage(cache.all<Row>(plan.sql, plan.params), plan.keys, shape.resource, req.first, map)
}

/** The number of items in one list (REST's `count=true`). */
export function countOf (cache: StatementCache, shape: ListShape): number {
  const plan = planList(shape, { limit: 1 })
  return cache.one<{ n: number }>(plan.countSql, plan.countParams)!.n
}

/**
 * Which rows of a list belong to which parent: a subquery yielding (pk, v, link) rows, joined to
 * the list on `column = v`. One parent may own many rows and one row belong to many parents
 * (a province and the country both contain a prefecture's indicators).
 */
export interface Membership { column: string, sql: string, params: unknown[] }

const PAIRS = "SELECT json_extract(value, '$[0]') AS pk, json_extract(value, '$[1]') AS v, NULL AS link FROM json_each(?)"
const SAME = 'SELECT value AS pk, value AS v, NULL AS link FROM json_each(?)'

/** Each parent owns the rows whose `column` equals its own key (children by parent code, ...). */
export function byKey (column: string, keys: readonly string[]): Membership {
  return { column, sql: SAME, params: [JSON.stringify(keys)] }
}

/** Explicit (parent, value) pairs. */
export function byPairs (column: string, pairs: ReadonlyArray<readonly [string, string]>): Membership {
  return { column, sql: PAIRS, params: [JSON.stringify(pairs)] }
}

/** Each region owns the rows in itself and, unless `exact`, in every region inside it (REST's region filter). */
export function byRegionTree (ctx: QueryContext, column: string, codes: readonly string[], exact: boolean): Membership {
  const pairs: Array<[string, string]> = []
  for (const code of codes) for (const c of ctx.regionCodes([code], exact)) pairs.push([code, c])
  return byPairs(column, pairs)
}

/** Each event owns the rows of itself and its descendants (REST's event filter). */
export function byEventTree (ctx: QueryContext, column: string, ids: readonly string[]): Membership {
  const pairs: Array<[string, string]> = []
  for (const id of ids) for (const e of ctx.eventIds([id], false)) pairs.push([id, e])
  return byPairs(column, pairs)
}

/** The organs taking part in each event, with their roles. */
export function eventOrganLinks (eventIds: readonly string[]): Membership {
  return {
    column: 'o.id',
    sql: `SELECT event_id AS pk, organ_id AS v, json_group_array(role) AS link FROM event_organs
      WHERE event_id IN (SELECT value FROM json_each(?)) GROUP BY event_id, organ_id`,
    params: [JSON.stringify(eventIds)],
  }
}

/** The events each organ takes part in, with its roles (REST's events `organ` filter). */
export function organEventLinks (organIds: readonly string[]): Membership {
  return {
    column: 'e.id',
    sql: `SELECT organ_id AS pk, event_id AS v, json_group_array(role) AS link FROM event_organs
      WHERE organ_id IN (SELECT value FROM json_each(?)) GROUP BY organ_id, event_id`,
    params: [JSON.stringify(organIds)],
  }
}

/** The events each document cites. */
export function documentEventLinks (documentIds: readonly string[]): Membership {
  return {
    column: 'e.id',
    sql: `SELECT DISTINCT document_id AS pk, subject_id AS v, NULL AS link FROM citations
      WHERE subject_type = 'event' AND document_id IN (SELECT value FROM json_each(?))`,
    params: [JSON.stringify(documentIds)],
  }
}

function memberWhere (shape: ListShape, m: Membership): { from: string, where: string, params: unknown[] } {
  // The membership drives the loop (CROSS JOIN keeps it outermost in SQLite), so each parent's
  // rows are found through the child table's index on the linking column.
  return {
    from: `(${m.sql}) p CROSS JOIN ${shape.from}`,
    where: [`${m.column} = p.v`, ...shape.where].join(' AND '),
    params: [...m.params, ...shape.params],
  }
}

/** A page of the list for every parent, in one statement. Parents without rows get an empty page. */
export function pagesByParent<R, T> (
  cache: StatementCache, shape: ListShape, m: Membership, parents: readonly string[], req: PageRequest, map: (row: R) => T,
): Map<string, EdgePage<T>> {
  const keys = parseSort(req.sort, shape)
  const { from, where, params } = memberWhere(shape, m)
  let cond = where
  if (req.after !== undefined) {
    const k = keysetCondition(keys, decodeCursor(req.after, shape.resource, keys))
    cond += ` AND ${k.sql}`
    params.push(...k.params)
  }
  const keyColumns = keys.map((k, i) => `${k.expr} AS _k${i}`).join(', ')
  const order = keys.map((k) => `${k.expr} ${k.direction.toUpperCase()}`).join(', ')
  const sql = `SELECT * FROM (SELECT p.pk AS _pk, p.link AS _link, ${shape.columns}, ${keyColumns},
    ROW_NUMBER() OVER (PARTITION BY p.pk ORDER BY ${order}) AS _rn
    FROM ${from} WHERE ${cond}) WHERE _rn <= ? ORDER BY _pk, _rn`
  params.push(req.first + 1)
  const byParent = new Map<string, Row[]>()
  for (const row of cache.all<Row>(sql, params)) {
    const pk = String(row._pk)
    let rows = byParent.get(pk)
    if (!rows) byParent.set(pk, (rows = []))
    rows.push(row)
  }
  return new Map(parents.map((pk) => [pk, toPage(byParent.get(pk) ?? [], keys, shape.resource, req.first, map)]))
}

/** The number of rows of the list each parent owns, in one statement. */
export function countsByParent (cache: StatementCache, shape: ListShape, m: Membership, parents: readonly string[]): Map<string, number> {
  const { from, where, params } = memberWhere(shape, m)
  const counts = new Map(parents.map((pk) => [pk, 0]))
  for (const r of cache.all<{ pk: string, n: number }>(`SELECT p.pk AS pk, count(*) AS n FROM ${from} WHERE ${where} GROUP BY p.pk`, params)) {
    counts.set(String(r.pk), r.n)
  }
  return counts
}

/** The ancestors of many regions (country first), in one statement. */
export function regionAncestorsOf (ctx: QueryContext, codes: readonly string[]): Map<string, Region[]> {
  const shape = regionListShape(ctx, {})
  const rows = ctx.cache.all<Row>(`WITH RECURSIVE chain(child, code) AS (
      SELECT r.code, r.parent_code FROM regions r WHERE r.code IN (SELECT value FROM json_each(?)) AND r.parent_code IS NOT NULL
      UNION ALL SELECT chain.child, r.parent_code FROM chain JOIN regions r ON r.code = chain.code WHERE r.parent_code IS NOT NULL)
    SELECT chain.child AS _child, ${shape.columns} FROM chain JOIN regions g ON g.code = chain.code ORDER BY chain.child, g.depth`,
  [JSON.stringify(codes)])
  const map = mapRegion(ctx)
  const out = new Map<string, Region[]>(codes.map((c) => [c, []]))
  for (const row of rows) {
    const child = row._child as string
    delete row._child
    out.get(child)?.push(map(row as unknown as Parameters<typeof map>[0]))
  }
  return out
}

export interface DocumentText { rawText: string, normalizedText: string }

/** The texts of many documents, in one statement. */
export function documentTexts (ctx: QueryContext, ids: readonly string[]): Map<string, DocumentText> {
  const rows = ctx.cache.all<DocumentText & { id: string }>(`SELECT id, raw_text AS rawText, normalized_text AS normalizedText
    FROM documents WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)])
  return new Map(rows.map(({ id, ...text }) => [id, text]))
}

/** The cited spans of many documents, each in text order (as REST's document detail), in one statement. */
export function documentSpansOf (ctx: QueryContext, ids: readonly string[]): Map<string, Span[]> {
  const json = JSON.stringify(ids)
  const rows = ctx.cache.all<Span & { documentId: string }>(`SELECT document_id AS documentId, 'indicator' AS type, id,
      start_offset AS start, end_offset AS "end", quote FROM indicators WHERE document_id IN (SELECT value FROM json_each(?))
    UNION ALL SELECT document_id, subject_type, subject_id, start_offset, end_offset, quote FROM citations
      WHERE document_id IN (SELECT value FROM json_each(?))
    ORDER BY documentId, start, "end", type, id`, [json, json])
  const out = new Map<string, Span[]>(ids.map((id) => [id, []]))
  for (const { documentId, ...span } of rows) out.get(documentId)?.push(span)
  return out
}
