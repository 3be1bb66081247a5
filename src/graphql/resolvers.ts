// Resolvers of the root lists, the dataset and the summary, and the PartialDate scalar. Every
// relation is a loader (loaders.ts); every read goes through the shared query layer.
import { Kind, type ValueNode } from 'graphql'
import type { IResolvers } from 'mercurius'
import * as Q from '../queries/index.js'
import { dimensionValue } from '../domain/index.js'
import { rootConnection, queriesOf, toFilter, type ConnectionArgs } from './lists.js'

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
    indicatorSummary: (_root: unknown, args: { filter?: Record<string, unknown> | null, groupBy: Q.GroupBy }, ctx: Ctx) =>
      Q.summarizeIndicators(queriesOf(ctx), toFilter(args.filter), args.groupBy),
  },
  Dataset: {
    counts: (_d: unknown, _args: unknown, ctx: Ctx) => Q.datasetCounts(queriesOf(ctx)),
  },
  // Embedded in the indicator's row (REST's object { form: "1" }), as a list with labels.
  Indicator: {
    dimensions: (i: Q.Indicator) => Object.entries(i.dimensions).map(([name, value]) => ({ name, value, label: dimensionValue(name, value)!.label })),
  },
}
