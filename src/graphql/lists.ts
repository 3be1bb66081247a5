// The lists of the GraphQL API (root connections and nested relations alike): how connection
// arguments become a query-layer filter and page request, and the connection objects returned.
// Filter inputs carry the REST parameters' names, so they map onto the query layer's filters as is.
import type { FastifyInstance } from 'fastify'
// The database plugin declares `app.queries`; imported for its types alone, so that this module
// type-checks on its own (as the mutation tests' checker reads it).
import type {} from '../plugins/database.js'
import * as Q from '../queries/index.js'
import { badParameter } from '../errors.js'
import { LIMITS } from '../limits.js'

export interface ConnectionArgs {
  first?: number | null
  after?: string | null
  filter?: Record<string, unknown> | null
  orderBy?: Array<{ field: string, direction?: 'asc' | 'desc' | null }> | null
}

export type ListName = 'regions' | 'organs' | 'events' | 'metrics' | 'indicators' | 'documents'

interface ListDef {
  shape: (q: Q.QueryContext, filter: Record<string, unknown>) => Q.ListShape
  map: (q: Q.QueryContext) => (row: never) => unknown
}

export const LISTS: Record<ListName, ListDef> = {
  regions: { shape: (q, f) => Q.regionListShape(q, f), map: (q) => Q.mapRegion(q) },
  organs: { shape: (q, f) => Q.organListShape(q, f), map: () => Q.mapOrgan },
  events: { shape: (q, f) => Q.eventListShape(q, f), map: () => Q.mapEvent },
  metrics: { shape: (q, f) => Q.metricListShape(q, f), map: () => Q.mapMetric },
  indicators: { shape: (q, f) => Q.indicatorListShape(q, f), map: () => Q.mapIndicator },
  documents: { shape: (_q, f) => Q.documentListShape(f), map: () => Q.mapDocument },
}

/** The query layer behind a request: every resolver and loader reads through it. */
export function queriesOf (ctx: { app: FastifyInstance }): Q.QueryContext {
  return ctx.app.queries
}

/**
 * A filter input as the query layer's filter. Lists are checked as REST checks its comma lists:
 * no empty list (it would silently match everything), no empty item, at most LIMITS.listItems items.
 */
export function toFilter (input: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(input ?? {})) {
    if (value === null || value === undefined) continue
    if (Array.isArray(value)) {
      if (value.length === 0) throw badParameter(name, 'the list is empty; leave the filter out to match everything')
      if (value.length > LIMITS.listItems) throw badParameter(name, `at most ${LIMITS.listItems} items`)
      if (value.some((v) => v === '')) throw badParameter(name, 'empty item in list')
    }
    out[name] = value
  }
  return out
}

/** `first`, `after` and `orderBy` as a page request; orderBy becomes REST's sort syntax (`-date,id`). */
export function toPageRequest (args: ConnectionArgs): Q.PageRequest {
  const first = args.first ?? 50
  if (!Number.isInteger(first) || first < 1 || first > Q.MAX_LIMIT) {
    throw badParameter('first', `must be an integer from 1 to ${Q.MAX_LIMIT}; got ${first}`)
  }
  let sort: string | undefined
  if (args.orderBy) {
    if (args.orderBy.length === 0) throw badParameter('orderBy', 'the list is empty; leave it out for the default order')
    if (args.orderBy.length > LIMITS.sortKeys) throw badParameter('orderBy', `at most ${LIMITS.sortKeys} fields`)
    const seen = new Set<string>()
    for (const o of args.orderBy) {
      if (seen.has(o.field)) throw badParameter('orderBy', `field '${o.field}' is listed twice`)
      seen.add(o.field)
    }
    sort = args.orderBy.map((o) => `${o.direction === 'desc' ? '-' : ''}${o.field}`).join(',')
  }
  return { first, after: args.after ?? undefined, sort }
}

/** What a connection's totalCount counts: a list, its filter, and the parent it belongs to, if any. */
export interface CountSpec {
  list: ListName
  /** 'Region.indicators' and the like; null for a root list. */
  relation: string | null
  filter: Record<string, unknown>
  filterKey: string
  parent: string | null
}

/**
 * A page of a list. Only its count spec is serialized (toJSON), which is how Mercurius's loader
 * cache tells connections apart without serializing their pages.
 */
export class Connection<T> {
  readonly #page: Q.EdgePage<T>
  readonly count: CountSpec

  constructor (page: Q.EdgePage<T>, count: CountSpec) {
    this.#page = page
    this.count = count
  }

  get nodes (): T[] {
    return this.#page.edges.map((e) => e.node)
  }

  get edges (): Array<{ cursor: string, node: T, roles: string[] | null }> {
    return this.#page.edges.map((e) => ({ cursor: e.cursor, node: e.node, roles: e.link === null ? null : JSON.parse(e.link) as string[] }))
  }

  get pageInfo (): { hasNextPage: boolean, endCursor: string | null } {
    const last = this.#page.edges[this.#page.edges.length - 1]
    return { hasNextPage: this.#page.hasNextPage, endCursor: last?.cursor ?? null }
  }

  toJSON (): string {
    return JSON.stringify([this.count.relation ?? this.count.list, this.count.filterKey, this.count.parent])
  }
}

/** A root list: the statement REST runs for the same filter, page and sort. */
export function rootConnection (q: Q.QueryContext, list: ListName, args: ConnectionArgs): Connection<unknown> {
  const filter = toFilter(args.filter)
  const def = LISTS[list]
  const page = Q.pageOf(q.cache, def.shape(q, filter), toPageRequest(args), def.map(q))
  return new Connection(page, { list, relation: null, filter, filterKey: JSON.stringify(filter), parent: null })
}
