// The REST routes of API v1, plus health, readiness and the OpenAPI documents.
import { Type, type TSchema } from 'typebox'
import type { FastifyInstance } from 'fastify'
import * as Q from '../queries/index.js'
import { notFound, badParameter, NotAcceptableError } from '../errors.js'
import {
  bomParam, commaList, errorResponses, negotiate, problemResponse, querySchema, csvHeader, csvRow, columnsOf, stringEnum, type Format,
} from './http.js'
import { problem } from '../problem.js'
import { registerResource } from './resource.js'
import * as S from './schemas.js'
import { EVENT_KINDS, LANGUAGES, ORGAN_KINDS, ORGAN_LEVELS, QUALIFIERS, REGION_LEVELS } from '../domain/index.js'
import { LIMITS } from '../limits.js'
import { registerExplorer, wantsHtml } from '../explorer.js'

const s = (description: string, example: string): TSchema => Type.String({ description, examples: [example], minLength: 1, maxLength: 2000 })
const list = (q: Record<string, unknown>, name: string): string[] | undefined => commaList(q[name] as string | undefined, name)
const text = (q: Record<string, unknown>, name: string): string | undefined => q[name] as string | undefined

const indicatorFilters = {
  region: s('Comma list of region codes; includes the regions inside them unless regionScope=exact', '430000'),
  regionScope: stringEnum(['descendants', 'exact'], 'descendants (default): a region filter includes the regions inside it; exact: only the named regions'),
  metric: s('Comma list of metric codes, or category prefixes such as education.*', 'education.*'),
  category: s('Comma list of metric categories', 'education'),
  organ: s('Comma list of organ ids', 'hunan-high-peoples-court'),
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
  regionLevel: s(`Comma list of the levels of the figures' own regions: ${REGION_LEVELS.join(', ')} (region=430000&regionLevel=prefecture: Hunan's cities)`, 'province'),
}

function indicatorFilter (q: Record<string, unknown>): Q.IndicatorFilter {
  return {
    region: list(q, 'region'), regionScope: q.regionScope as 'exact' | 'descendants' | undefined,
    metric: list(q, 'metric'), category: list(q, 'category'), organ: list(q, 'organ'), organKind: list(q, 'organKind'),
    event: list(q, 'event'), document: list(q, 'document'), from: text(q, 'from'), to: text(q, 'to'),
    qualifier: checkEnum(list(q, 'qualifier'), 'qualifier', QUALIFIERS),
    unit: list(q, 'unit'), minValue: q.minValue as number | undefined, maxValue: q.maxValue as number | undefined, q: text(q, 'q'),
    dimension: list(q, 'dimension'), phase: list(q, 'phase'), valueBasis: list(q, 'valueBasis'), dateBasis: list(q, 'dateBasis'),
    regionBasis: list(q, 'regionBasis'), inferred: bool(q.inferred), regionLevel: list(q, 'regionLevel'),
  }
}

function checkEnum (values: string[] | undefined, parameter: string, allowed: readonly string[]): string[] | undefined {
  for (const v of values ?? []) if (!allowed.includes(v)) throw badParameter(parameter, `unknown value '${v}'; allowed: ${allowed.join(', ')}`)
  return values
}

function bool (v: unknown): boolean | undefined {
  return v === undefined ? undefined : v === true
}

/** The CSV columns of a summary: the metric, the keys grouped by, then the figures. */
function summaryColumns (keys: readonly string[]): string[] {
  const all = columnsOf(S.SummaryRow)
  const keyColumns = (k: string): string[] => all.filter((c) => c === k || c.startsWith(`${k}.`) || c === `dimensions.${k}`)
  return [
    'key', 'metric.code', 'metric.name', 'unit', ...keys.filter((k) => k !== 'metric').flatMap(keyColumns),
    'count', 'summed', 'sum', 'sumNote', 'min', 'max', 'basis', 'documents', 'indicators',
  ]
}

const OBSERVATION_CORE = ['region', 'regionName', 'regionLevel', 'organ', 'phase', 'periodStart', 'date']
const OBSERVATION_LONG = [...OBSERVATION_CORE, 'datePrecision', 'metric', 'metricName', 'unit', 'value', 'valueText', 'qualifier', 'indicator', 'document']

export async function registerRoutes (fastify: FastifyInstance): Promise<void> {
  const q = (): Q.QueryContext => fastify.queries

  fastify.get('/health', {
    schema: {
      operationId: 'health', summary: 'Liveness', tags: ['dataset'],
      description: 'Answers while the process runs; never rate-limited nor shed, so that an orchestrator does not restart a busy server.',
      response: { 200: Type.Object({ status: Type.Literal('ok') }) },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    return { status: 'ok' as const }
  })

  fastify.get('/ready', {
    schema: {
      operationId: 'ready', summary: 'Readiness: the database answers', tags: ['dataset'],
      description: 'The dataset version once the database answers; 503 while it does not, or once the server is shutting down.',
      response: {
        200: Type.Object({ status: Type.Literal('ready'), version: Type.String() }),
        429: errorResponses[429],
        503: problemResponse('The database does not answer, or the server is shutting down'),
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

  // The landing document, content-negotiated: the explorer for browsers (text/html preferred to
  // JSON), JSON for API clients and anything that accepts */*.
  const explorer = registerExplorer(fastify)
  fastify.get('/', {
    schema: {
      operationId: 'landing', summary: 'What this server is, and where to go', tags: ['dataset'],
      description: 'A small document with links to the API (/v1), its reference (/docs, /openapi.yaml) and GraphQL (/graphql, /graphiql). ' +
        'A client that prefers text/html (a browser) gets the explorer, the pages for people, instead.',
      querystring: querySchema({}),
      response: { 200: Type.Ref('Landing'), ...errorResponses },
    },
  }, async (request, reply) => {
    if (wantsHtml(request)) return explorer.page(request, reply)
    negotiate(request, ['json'])
    return {
      name: 'campaign-facts',
      description: 'Cited facts about the 2021 education-and-rectification campaign of China\'s political-legal teams, from five source documents',
      version: q().version,
      links: { api: '/v1', docs: '/docs', openapi: '/openapi.yaml', graphql: '/graphql', graphiql: '/graphiql' },
    }
  })

  fastify.get('/v1', {
    schema: {
      operationId: 'getDataset', summary: 'Dataset version, counts and documents', tags: ['dataset'],
      description: 'The entry point of the API: the dataset version, the number of each kind of thing, the five documents and links to every list.',
      querystring: querySchema({}),
      response: { 200: Type.Ref('DatasetInfo'), ...errorResponses },
    },
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
        summary: '/v1/indicators/summary', observations: '/v1/observations', search: '/v1/search', documents: '/v1/documents',
        openapi: '/openapi.yaml', docs: '/docs', graphql: '/graphql',
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
      coveredIn: s('Comma list of region codes: metrics with figures for them or regions inside them', '430000'),
      minRegions: Type.Integer({ minimum: 1, maximum: 100000, description: 'Metrics with figures for at least this many distinct regions (counting only those inside coveredIn and of regionLevel, when given)', examples: [2] }),
      regionLevel: s(`Comma list of levels (${REGION_LEVELS.join(', ')}): metrics with figures for regions of these levels; minRegions counts only those`, 'province'),
    },
    toFilter: (x) => ({
      category: list(x, 'category'), dimension: list(x, 'dimension'), q: text(x, 'q'), coveredIn: list(x, 'coveredIn'),
      minRegions: x.minRegions as number | undefined, regionLevel: list(x, 'regionLevel'),
    }),
    list: Q.listMetrics, iterate: Q.iterateMetrics,
    get: (ctx, code) => Q.getMetrics(ctx, [code])[0] ?? null,
  })

  fastify.get('/v1/indicators/summary', {
    schema: {
      operationId: 'summarizeIndicators',
      summary: 'Aggregate indicators by up to two keys, by metric and unit',
      description: 'One row per metric and group: unit, count, sum, min, max, and the documents and indicator ids behind it. ' +
        'Rows are always split by metric, so a sum never adds unlike things; within a group a figure stated for a region is not added to ' +
        'those of the regions inside it, and a sum that could count something twice (two periods of one region) or whose unit does not add up ' +
        '(a percentage) is null with a note. rollup=province|prefecture|county groups regions at that level; each row says whether its sum is ' +
        'stated for the region itself or adds up its parts. Takes the same filters as /v1/indicators.',
      tags: ['indicators'],
      querystring: querySchema({
        ...indicatorFilters,
        groupBy: s(`Comma list of one or two keys: ${Q.SUMMARY_KEYS.join(', ')} (the last ones are the metrics' dimensions); rows are split by metric as well`, 'region'),
        rollup: stringEnum(Q.ROLLUP_LEVELS, 'Group regions at this level (needs region in groupBy): a county\'s figure counts toward its prefecture and province'),
        format: stringEnum(['json', 'csv'], 'Response format; overrides the Accept header'),
        bom: bomParam,
      }, ['groupBy']),
      response: {
        200: {
          description: 'Groups, ordered by metric and keys',
          content: {
            'application/json': { schema: Type.Ref('Summary') },
            'text/csv': { schema: { type: 'string', description: 'One row per group; a column for each key grouped by' } },
          },
        },
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const query = request.query as Record<string, unknown>
    const format = negotiate(request, ['json', 'csv'])
    const filter = indicatorFilter(query)
    const req = { groupBy: list(query, 'groupBy') ?? [], rollup: text(query, 'rollup') }
    if (format === 'json') {
      // With no filter and one key, the body the seed stored: a lookup, on this thread. Otherwise
      // computed and serialized in a worker: a big answer costs this thread a write, not a
      // structured clone of its rows and their serialization.
      const body = Q.storedSummaryBody(fastify.queries, filter, req) ?? await fastify.heavy.summaryBody(filter, req)
      return reply.type('application/json; charset=utf-8').send(body)
    }
    const summary = await fastify.heavy.summarize(filter, req)
    const columns = summaryColumns(summary.groupBy)
    reply.type('text/csv; charset=utf-8')
    return csvHeader(columns, query.bom === true) + summary.rows.map((r) => csvRow(columns, r as unknown as Record<string, unknown>)).join('')
  })

  fastify.get('/v1/observations', {
    schema: {
      operationId: 'listObservations',
      summary: 'Figures as a tidy table, for charts and data frames',
      description: 'Long shape: one flat row per figure (region, organ, period, phase, metric, a field per dimension, value). Wide shape: one row per ' +
        'region, organ, period and phase, one column per metric (and dimension values). JSON ({ data: [...] }, as Vega-Lite\'s data.values, ' +
        'ECharts\' dataset.source, Grafana Infinity and pandas read it), CSV or NDJSON. comparable=true keeps, for each metric and dimension values, ' +
        `only the figures of one period and phase (the one most regions share). At most ${LIMITS.observations} figures: narrow with the filters of /v1/indicators.`,
      tags: ['indicators'],
      querystring: querySchema({
        ...indicatorFilters,
        shape: stringEnum(['long', 'wide'], 'long (default): one row per figure; wide: one column per metric'),
        comparable: Type.Boolean({ description: 'Only figures of the same period and phase, per metric', examples: [true] }),
        format: stringEnum(['json', 'csv', 'ndjson'], 'Response format; overrides the Accept header'),
        bom: bomParam,
      }),
      response: {
        200: {
          description: 'The table',
          content: {
            'application/json': { schema: Type.Ref('Observations') },
            'text/csv': { schema: { type: 'string', description: 'A header row, then one row per observation' } },
            'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object per row' } },
          },
        },
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const query = request.query as Record<string, unknown>
    const format: Format = negotiate(request)
    const table = await fastify.heavy.observations(indicatorFilter(query), { shape: query.shape as 'long' | 'wide' | undefined, comparable: bool(query.comparable) })
    if (format === 'json') return table
    const rows = table.data as unknown as Array<Record<string, unknown>>
    if (format === 'ndjson') {
      reply.type('application/x-ndjson; charset=utf-8')
      return rows.map((r) => `${JSON.stringify(r)}\n`).join('')
    }
    const columns = table.shape === 'wide'
      ? [...OBSERVATION_CORE, ...table.columns.map((c) => c.name), 'indicators']
      : [...OBSERVATION_LONG.slice(0, 11), ...table.dimensions, ...OBSERVATION_LONG.slice(11)]
    reply.type('text/csv; charset=utf-8')
    return csvHeader(columns, query.bom === true) + rows.map((r) => csvRow(columns, r)).join('')
  })

  fastify.get('/v1/search', {
    schema: {
      operationId: 'search',
      summary: 'Search documents, quotes, metrics, organs, events and regions',
      description: 'Words in English (any case, accents and word endings: "educated" finds "education"), Chinese in Traditional or Simplified ' +
        'characters (one character is enough), or pinyin of a region (changde, hunan). Every word must match; a run of Chinese characters matches ' +
        'as written. Documents are searched in their normalized text (no page chrome, no scraper pinyin); a hit in a passage or a quote gives the ' +
        'raw offsets of its matches. Best first.',
      tags: ['search'],
      querystring: querySchema({
        q: Type.String({ minLength: 1, maxLength: LIMITS.search.queryChars, description: 'What to search for', examples: ['机制'] }),
        type: s(`Comma list of hit types: ${Q.SEARCH_TYPES.join(', ')}`, 'indicator'),
        limit: Type.Integer({ minimum: 1, maximum: LIMITS.search.pageSize, description: `Hits per page, 1–${LIMITS.search.pageSize} (default 20)`, examples: [20] }),
        cursor: Type.String({ description: 'Opaque cursor from a previous page (page.next); valid only for the same q and type' }),
      }, ['q']),
      response: { 200: Type.Ref('SearchResults'), ...errorResponses },
    },
  }, async (request, reply) => {
    negotiate(request, ['json'])
    const query = request.query as Record<string, unknown>
    const limit = (query.limit as number | undefined) ?? 20
    const page = Q.search(q(), { q: query.q as string, type: list(query, 'type'), limit, cursor: text(query, 'cursor') })
    if (page.next) {
      const url = new URL(request.url, 'http://localhost')
      url.searchParams.set('cursor', page.next)
      reply.header('link', `<${url.pathname}${url.search}>; rel="next"`)
    }
    return { data: page.hits, page: { limit, next: page.next }, total: page.total }
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
