// Resolvers of the root lists, the dataset, the summary, observations and search, and the
// PartialDate scalar. Every
// relation is a loader (loaders.ts); every read goes through the shared query layer.
import { Kind, type ValueNode } from 'graphql'
import type { IResolvers } from 'mercurius'
import * as Q from '../queries/index.js'
import { dimensionValue } from '../domain/index.js'
import { rootConnection, queriesOf, toFilter, type ConnectionArgs } from './lists.js'
import { badParameter } from '../errors.js'
import { LIMITS } from '../limits.js'

const dimensionList = (dims: Record<string, string>): Array<{ name: string, value: string, label: string }> =>
  Object.entries(dims).map(([name, value]) => ({ name, value, label: dimensionValue(name, value)?.label ?? value }))

/** REST's table as GraphQL types: long rows with their dimensions as a list, wide rows with their values in column order. */
function observationsOf (t: Q.Observations): Record<string, unknown> {
  const rows = t.shape === 'long'
    ? (t.data as Q.Observation[]).map((o) => {
        const dims: Record<string, string> = {}
        for (const d of t.dimensions) if (typeof o[d] === 'string') dims[d] = o[d]
        return { ...o, dimensions: dimensionList(dims) }
      })
    : []
  const wide = t.shape === 'wide'
    ? (t.data as Q.WideObservation[]).map((w) => ({ ...w, values: t.columns.map((c) => w[c.name] as number | null) }))
    : []
  return {
    shape: t.shape, rows, wide,
    columns: t.columns.map((c) => ({ ...c, dimensions: dimensionList(c.dimensions) })),
    comparable: t.comparable?.map((c) => ({ ...c, dimensions: dimensionList(c.dimensions) })) ?? null,
  }
}

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

/**
 * A reduced-precision ISO date, checked as REST checks `from` and `to`. graphql-js puts the message
 * after its own (`Expected value of type "PartialDate", found ...; `), with the location.
 */
export function parsePartialDate (value: unknown): string {
  const m = typeof value === 'string' ? PARTIAL_DATE.exec(value) : null
  if (!m) throw new TypeError(`PartialDate must be a string YYYY, YYYY-MM or YYYY-MM-DD; got ${JSON.stringify(value)}`)
  const [, y, mo, d] = m
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) throw new TypeError(`'${value as string}' has no month ${mo}`)
  if (d !== undefined && (Number(d) < 1 || Number(d) > new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate())) {
    throw new TypeError(`'${value as string}' is not a calendar date`)
  }
  return value as string
}

/** Serialized as stored: a date known to the month stays YYYY-MM, never padded to a day. */
const PartialDate = {
  serialize: (value: unknown): string => String(value),
  parseValue: parsePartialDate,
  parseLiteral: (ast: ValueNode): string => {
    if (ast.kind !== Kind.STRING) throw new TypeError('PartialDate must be a string YYYY, YYYY-MM or YYYY-MM-DD')
    return parsePartialDate(ast.value)
  },
}

type Ctx = Parameters<typeof queriesOf>[0]

export const resolvers: IResolvers = {
  PartialDate: PartialDate as never,
  Query: {
    dataset: (_root: unknown, _args: unknown, ctx: Ctx) => ({ name: 'campaign-facts', version: queriesOf(ctx).version }),
    regions: (_root: unknown, args: ConnectionArgs, ctx: Ctx) => rootConnection(queriesOf(ctx), 'regions', args),
    organs: (_root: unknown, args: ConnectionArgs, ctx: Ctx) => rootConnection(queriesOf(ctx), 'organs', args),
    events: (_root: unknown, args: ConnectionArgs, ctx: Ctx) => rootConnection(queriesOf(ctx), 'events', args),
    metrics: (_root: unknown, args: ConnectionArgs, ctx: Ctx) => rootConnection(queriesOf(ctx), 'metrics', args),
    indicators: (_root: unknown, args: ConnectionArgs, ctx: Ctx) => rootConnection(queriesOf(ctx), 'indicators', args),
    documents: (_root: unknown, args: ConnectionArgs, ctx: Ctx) => rootConnection(queriesOf(ctx), 'documents', args),
    indicatorSummary: (_root: unknown, args: { filter?: Record<string, unknown> | null, groupBy: string[], rollup?: string | null }, ctx: Ctx) =>
      ctx.app.heavy.summarize(toFilter(args.filter), { groupBy: args.groupBy, rollup: args.rollup ?? undefined }),
    observations: async (_root: unknown, args: { filter?: Record<string, unknown> | null, shape?: 'long' | 'wide' | null, comparable?: boolean | null }, ctx: Ctx) =>
      observationsOf(await ctx.app.heavy.observations(toFilter(args.filter), { shape: args.shape ?? 'long', comparable: args.comparable ?? false })),
    search: (_root: unknown, args: { q: string, type?: string[] | null, first?: number | null, after?: string | null }, ctx: Ctx) => {
      if (args.type?.length === 0) throw badParameter('type', 'the list is empty; leave it out to search every type')
      const first = args.first ?? 20
      if (!Number.isInteger(first) || first < 1 || first > LIMITS.search.pageSize) {
        throw badParameter('first', `must be an integer from 1 to ${LIMITS.search.pageSize}; got ${first}`)
      }
      const page = Q.search(queriesOf(ctx), { q: args.q, type: args.type ?? undefined, limit: first, cursor: args.after ?? undefined })
      const edges = page.hits.map((node, i) => ({ node, cursor: page.cursors[i]! }))
      return {
        totalCount: page.total, nodes: page.hits, edges,
        pageInfo: { hasNextPage: page.next !== null, endCursor: edges[edges.length - 1]?.cursor ?? null },
      }
    },
  },
  IndicatorSummary: {
    omitted: (s: Q.Summary) => s.omitted.map((o) => ({ ...o, indicatorIds: o.indicators })),
  },
  SummaryRow: {
    dimensions: (r: Q.SummaryRow) => r.dimensions === undefined
      ? null
      : Object.entries(r.dimensions).map(([name, value]) => ({ name, value, label: value === null ? null : dimensionValue(name, value)?.label ?? null })),
  },
  Dataset: {
    counts: (_d: unknown, _args: unknown, ctx: Ctx) => Q.datasetCounts(queriesOf(ctx)),
  },
  // Embedded in the indicator's row (REST's object { form: "1" }), as a list with labels.
  Indicator: {
    dimensions: (i: Q.Indicator) => Object.entries(i.dimensions).map(([name, value]) => ({ name, value, label: dimensionValue(name, value)!.label })),
  },
}
