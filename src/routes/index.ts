// The REST routes of API v1, plus health, readiness and the OpenAPI documents.
import { Type, type TSchema } from 'typebox'
import type { FastifyInstance } from 'fastify'
import * as Q from '../queries/index.js'
import { notFound, badParameter, NotAcceptableError } from '../errors.js'
import { commaList, errorResponses, negotiate, querySchema, csvHeader, csvRow, columnsOf, stringEnum, ProblemRef } from './http.js'
import { problem } from '../problem.js'
import { registerResource } from './resource.js'
import * as S from './schemas.js'
import { EVENT_KINDS, LANGUAGES, ORGAN_KINDS, ORGAN_LEVELS, QUALIFIERS } from '../domain/index.js'

const s = (description: string, example: string): TSchema => Type.String({ description, examples: [example], minLength: 1, maxLength: 2000 })
const list = (q: Record<string, unknown>, name: string): string[] | undefined => commaList(q[name] as string | undefined, name)
const text = (q: Record<string, unknown>, name: string): string | undefined => q[name] as string | undefined

const indicatorFilters = {
  region: s('Comma list of region codes; includes the regions inside them unless regionScope=exact', '430000'),
  regionScope: stringEnum(['descendants', 'exact'], 'descendants (default): a region filter includes the regions inside it; exact: only the named regions'),
  metric: s('Comma list of metric codes, or category prefixes such as education.*', 'education.*'),
  category: s('Comma list of metric categories', 'education'),
  organ: s('Comma list of organ ids', 'changde-intermediate-court'),
  organKind: s('Comma list of organ kinds', 'court'),
  event: s('Comma list of event ids; includes their child events', 'first-batch'),
  document: s('Comma list of document ids', 'first-batch-results-2021'),
  from: s('Earliest date (YYYY, YYYY-MM or YYYY-MM-DD); a figure dated with less precision matches when its period overlaps', '2021-06'),
  to: s('Latest date (YYYY, YYYY-MM or YYYY-MM-DD)', '2021-12'),
  qualifier: s(`Comma list of qualifiers: ${QUALIFIERS.join(', ')}`, 'more_than'),
  unit: s('Comma list of units', 'persons'),
  minValue: Type.Number({ description: 'Smallest value', examples: [1000] }),
  maxValue: Type.Number({ description: 'Largest value', examples: [1000000] }),
  q: s('Words that must all appear in the quote or the metric name (English or Chinese, Traditional or Simplified)', 'warning'),
  dimension: s('Comma list of dimension values written name:value (see a metric\'s dimensions); values of one dimension are alternatives, and every dimension named must match', 'form:1'),
  phase: s('Comma list of campaign phases (first-batch, first-batch-looking-back, second-batch): figures of one phase are comparable', 'first-batch'),
  valueBasis: s('Comma list of value bases: stated, corrected, derived', 'corrected'),
  dateBasis: s('Comma list of date bases: stated, context, inferred', 'inferred'),
  regionBasis: s('Comma list of region bases: stated, inferred', 'inferred'),
  inferred: Type.Boolean({ description: 'Only figures with (true) or without (false) a field the curator inferred', examples: [true] }),
}

function indicatorFilter (q: Record<string, unknown>): Q.IndicatorFilter {
  return {
    region: list(q, 'region'), regionScope: q.regionScope as 'exact' | 'descendants' | undefined,
    metric: list(q, 'metric'), category: list(q, 'category'), organ: list(q, 'organ'), organKind: list(q, 'organKind'),
    event: list(q, 'event'), document: list(q, 'document'), from: text(q, 'from'), to: text(q, 'to'),
    qualifier: checkEnum(list(q, 'qualifier'), 'qualifier', QUALIFIERS),
    unit: list(q, 'unit'), minValue: q.minValue as number | undefined, maxValue: q.maxValue as number | undefined, q: text(q, 'q'),
    dimension: list(q, 'dimension'), phase: list(q, 'phase'), valueBasis: list(q, 'valueBasis'), dateBasis: list(q, 'dateBasis'),
    regionBasis: list(q, 'regionBasis'), inferred: bool(q.inferred),
  }
}

function checkEnum (values: string[] | undefined, parameter: string, allowed: readonly string[]): string[] | undefined {
  for (const v of values ?? []) if (!allowed.includes(v)) throw badParameter(parameter, `unknown value '${v}'; allowed: ${allowed.join(', ')}`)
  return values
}

function bool (v: unknown): boolean | undefined {
  return v === undefined ? undefined : v === true
}

export async function registerRoutes (fastify: FastifyInstance): Promise<void> {
  const q = (): Q.QueryContext => fastify.queries

  fastify.get('/health', {
    schema: { operationId: 'health', summary: 'Liveness', tags: ['dataset'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    return { status: 'ok' as const }
  })

  fastify.get('/ready', {
    schema: {
      operationId: 'ready', summary: 'Readiness: the database answers', tags: ['dataset'],
      response: {
        200: Type.Object({ status: Type.Literal('ready'), version: Type.String() }),
        503: { ...ProblemRef, description: 'The database does not answer, or the server is shutting down' },
      },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    if (fastify.lifecycle.draining) {
      return reply.code(503).header('retry-after', 1).type('application/problem+json').send(problem(503, 'CF_SHUTTING_DOWN', 'The server is shutting down; send new requests elsewhere'))
    }
    try {
      q().cache.one('SELECT count(*) FROM dataset_info')
    } catch (err) {
      request.log.error({ err }, 'readiness check failed')
      return reply.code(503).type('application/problem+json').send(problem(503, 'CF_NOT_READY', 'The database does not answer'))
    }
    return { status: 'ready' as const, version: q().version }
  })

  fastify.get('/v1', {
    schema: { operationId: 'getDataset', summary: 'Dataset version, counts and documents', tags: ['dataset'], response: { 200: S.DatasetInfo, ...errorResponses } },
  }, async (request) => {
    negotiate(request, ['json'])
    const docs = Q.listDocuments(q(), {}, { limit: 1000 }).items
    return {
      name: 'campaign-facts',
      version: q().version,
      counts: Q.datasetCounts(q()),
      documents: docs.map((d) => ({ id: d.id, fileName: d.fileName, sha256: d.sha256, title: d.title, language: d.language })),
      links: {
        regions: '/v1/regions', organs: '/v1/organs', events: '/v1/events', metrics: '/v1/metrics', indicators: '/v1/indicators',
        summary: '/v1/indicators/summary', documents: '/v1/documents', openapi: '/openapi.yaml', docs: '/docs', graphql: '/graphql',
      },
    }
  })

  fastify.get('/openapi.json', { schema: { hide: true } }, async () => fastify.swagger())
  fastify.get('/openapi.yaml', { schema: { hide: true } }, async (_req, reply) => reply.type('application/yaml; charset=utf-8').send(fastify.swagger({ yaml: true })))

  registerResource(fastify, {
    path: '/v1/regions', tag: 'regions', noun: ['region', 'regions'], item: S.Region, detail: S.RegionDetail,
    idParam: { name: 'code', description: 'GB/T 2260 code, or CN', example: '430700' },
    sortFields: 'code, name, level',
    filters: {
      level: s('Comma list of levels: country, province, prefecture, county', 'province'),
      parent: s('Comma list of parent region codes', '430000'),
      q: s('Words in the English, Simplified or Traditional name', '常德'),
      hasData: Type.Boolean({ description: 'Only regions with (true) or without (false) indicators in them', examples: [true] }),
    },
    toFilter: (x) => ({ level: list(x, 'level'), parent: list(x, 'parent'), q: text(x, 'q'), hasData: bool(x.hasData) }),
    list: Q.listRegions, iterate: Q.iterateRegions,
    get: Q.regionDetail,
  })

  registerResource(fastify, {
    path: '/v1/organs', tag: 'organs', noun: ['organ', 'organs'], item: S.Organ, detail: S.OrganDetail,
    idParam: { name: 'id', description: 'Organ id', example: 'supreme-peoples-court' },
    sortFields: 'id, name, kind, region',
    filters: {
      kind: s(`Comma list of kinds: ${ORGAN_KINDS.join(', ')}`, 'court'),
      level: s(`Comma list of levels: ${ORGAN_LEVELS.join(', ')}`, 'provincial'),
      region: s('Comma list of region codes; includes the regions inside them', '210000'),
      parent: s('Comma list of parent organ ids', 'ministry-of-public-security'),
      q: s('Words in the English or Chinese name', 'court'),
    },
    toFilter: (x) => ({ kind: list(x, 'kind'), level: list(x, 'level'), region: list(x, 'region'), parent: list(x, 'parent'), q: text(x, 'q') }),
    list: Q.listOrgans, iterate: Q.iterateOrgans,
    get: Q.organDetail,
  })

  registerResource(fastify, {
    path: '/v1/events', tag: 'events', noun: ['event', 'events'], item: S.Event, detail: S.EventDetail,
    idParam: { name: 'id', description: 'Event id', example: 'first-batch' },
    sortFields: 'id, start, title, kind',
    filters: {
      kind: s(`Comma list of kinds: ${EVENT_KINDS.join(', ')}`, 'meeting'),
      region: s('Comma list of region codes; includes the regions inside them', '430000'),
      organ: s('Comma list of organ ids taking part', 'supreme-peoples-court'),
      parent: s('Comma list of parent event ids', 'education-rectification-2021'),
      from: s('Events overlapping from this date', '2021-07'),
      to: s('Events overlapping up to this date', '2021-12'),
      q: s('Words in the title or description', 'meeting'),
    },
    toFilter: (x) => ({
      kind: list(x, 'kind'), region: list(x, 'region'), organ: list(x, 'organ'), parent: list(x, 'parent'),
      from: text(x, 'from'), to: text(x, 'to'), q: text(x, 'q'),
    }),
    list: Q.listEvents, iterate: Q.iterateEvents,
    get: Q.eventDetail,
  })

  registerResource(fastify, {
    path: '/v1/metrics', tag: 'metrics', noun: ['metric', 'metrics'], item: S.Metric, detail: S.Metric,
    idParam: { name: 'code', description: 'Metric code', example: 'discipline.four_forms.share' },
    sortFields: 'code, name, category',
    filters: {
      category: s('Comma list of categories', 'education'),
      dimension: s('Comma list of dimension names: metrics declaring any of them', 'activity'),
      q: s('Words in the code, name or description', 'warning'),
    },
    toFilter: (x) => ({ category: list(x, 'category'), dimension: list(x, 'dimension'), q: text(x, 'q') }),
    list: Q.listMetrics, iterate: Q.iterateMetrics,
    get: (ctx, code) => Q.getMetrics(ctx, [code])[0] ?? null,
  })

  const summaryColumns = columnsOf(S.SummaryRow)
  fastify.get('/v1/indicators/summary', {
    schema: {
      operationId: 'summarizeIndicators',
      summary: 'Aggregate indicators by a dimension',
      description: 'One row per group: key, label, count, sum, min, max and the number of distinct documents. Takes the same filters as /v1/indicators.',
      tags: ['indicators'],
      querystring: querySchema({
        ...indicatorFilters,
        groupBy: stringEnum(Q.GROUP_BY, 'The dimension to group by (required)', 'region'),
        format: stringEnum(['json', 'csv'], 'Response format; overrides the Accept header'),
      }),
      response: {
        200: {
          description: 'Groups, ordered by key',
          content: {
            'application/json': { schema: Type.Object({ data: Type.Array(S.SummaryRow), groupBy: Type.String() }, { additionalProperties: false }) },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const query = request.query as Record<string, unknown>
    const format = negotiate(request, ['json', 'csv'])
    if (query.groupBy === undefined) throw badParameter('groupBy', `required; one of ${Q.GROUP_BY.join(', ')}`)
    const rows = Q.summarizeIndicators(q(), indicatorFilter(query), query.groupBy as Q.GroupBy)
    if (format === 'csv') {
      reply.type('text/csv; charset=utf-8')
      return csvHeader(summaryColumns) + rows.map((r) => csvRow(summaryColumns, r as unknown as Record<string, unknown>)).join('')
    }
    return { data: rows, groupBy: query.groupBy as string }
  })

  registerResource(fastify, {
    path: '/v1/indicators', tag: 'indicators', noun: ['indicator', 'indicators'], item: S.Indicator, detail: S.Indicator,
    idParam: { name: 'id', description: 'Indicator id (stable across rebuilds)', example: 'd000-gd-political-education-sessions' },
    sortFields: Object.keys(Q.INDICATOR_SORTABLE).join(', '),
    filters: indicatorFilters,
    toFilter: indicatorFilter,
    list: Q.listIndicators, iterate: Q.iterateIndicators,
    get: Q.getIndicator,
  })

  registerResource(fastify, {
    path: '/v1/documents', tag: 'documents', noun: ['document', 'documents'], item: S.Document, detail: S.DocumentDetail,
    idParam: { name: 'id', description: 'Document id', example: 'first-batch-results-2021' },
    sortFields: 'fileName, id, publishedAt',
    filters: { language: s(`Comma list of BCP 47 tags: ${LANGUAGES.join(', ')}`, 'en') },
    toFilter: (x) => ({ language: list(x, 'language') }),
    list: Q.listDocuments, iterate: Q.iterateDocuments,
    get: Q.documentDetail,
  })

  fastify.get('/v1/documents/:id/text', {
    schema: {
      operationId: 'getDocumentText', summary: 'The raw text of a document', tags: ['documents'],
      description: 'Exactly the stored text, which every offset refers to.',
      params: Type.Object({ id: Type.String({ description: 'Document id', examples: ['first-batch-results-2021'] }) }),
      querystring: querySchema({}),
      response: { 200: { description: 'The raw text', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errorResponses },
    },
  }, async (request, reply) => {
    const accept = request.headers.accept
    if (accept && !/(^|,)\s*(text\/plain|text\/\*|\*\/\*)/.test(accept)) throw new NotAcceptableError(`${accept}; this resource is served as text/plain`)
    const { id } = request.params as { id: string }
    const t = Q.documentText(q(), id)
    if (!t) throw notFound('Document', id)
    return reply.type('text/plain; charset=utf-8').send(t.rawText)
  })
}
