// One list route and one item route for a resource, from its schemas and query-layer functions:
// every resource pages, filters, negotiates formats and fails the same way.
import { Type, type TSchema } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ListRequest, Page, QueryContext } from '../queries/index.js'
import { notFound } from '../errors.js'
import {
  columnsOf, errorResponses, listEnvelope, listParams, listRequest, negotiate, oneEnvelope, querySchema, sendList,
  type ListQuery,
} from './http.js'

export interface ResourceSpec<F, T, D> {
  path: string
  tag: string
  /** Singular and plural nouns, for summaries and operation ids. */
  noun: [string, string]
  item: TSchema
  detail: TSchema
  idParam: { name: string, description: string, example: string }
  filters: Record<string, TSchema>
  sortFields: string
  toFilter: (query: Record<string, unknown>) => F
  list: (q: QueryContext, f: F, req: ListRequest) => Page<T>
  iterate: (q: QueryContext, f: F, req: ListRequest) => Iterable<T>
  get: (q: QueryContext, id: string) => D | null
}

const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1)

/** A named schema by reference (the schemas are registered with Fastify under their $id). */
const refTo = (schema: TSchema): TSchema => Type.Ref((schema as { $id?: string }).$id ?? (() => { throw new Error('unnamed schema') })())

export function registerResource<F, T, D> (fastify: FastifyInstance, spec: ResourceSpec<F, T, D>): void {
  const columns = columnsOf(spec.item)
  const [one, many] = spec.noun
  fastify.get(spec.path, {
    schema: {
      operationId: `list${cap(many)}`,
      summary: `List ${many}`,
      description: `Pages of ${many}. Sortable by: ${spec.sortFields}. JSON by default; CSV with Accept: text/csv or format=csv; NDJSON with Accept: application/x-ndjson or format=ndjson.`,
      tags: [spec.tag],
      querystring: querySchema({ ...spec.filters, ...listParams, sort: Type.String({ description: `Comma list of: ${spec.sortFields}; prefix - for descending`, examples: [spec.sortFields.split(', ')[0]!] }) }),
      response: {
        200: {
          description: `A page of ${many}`,
          content: {
            'application/json': { schema: listEnvelope(refTo(spec.item), many) },
            'text/csv': { schema: { type: 'string', description: 'A header row, then one row per item; nested objects are flattened to dotted columns' } },
            'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object per line' } },
          },
        },
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const query = request.query as ListQuery & Record<string, unknown>
    const format = negotiate(request)
    const req = listRequest(query, format)
    const filter = spec.toFilter(query)
    return sendList(request, reply, format, req, {
      columns,
      bom: query.bom === true,
      page: () => spec.list(fastify.queries, filter, req),
      all: () => spec.iterate(fastify.queries, filter, req),
    })
  })

  fastify.get(`${spec.path}/:${spec.idParam.name}`, {
    schema: {
      operationId: `get${cap(one)}`,
      summary: `Get one ${one}`,
      description: `One ${one} by ${spec.idParam.name}, with its relations; 404 when there is none.`,
      tags: [spec.tag],
      params: Type.Object({ [spec.idParam.name]: Type.String({ description: spec.idParam.description, examples: [spec.idParam.example], minLength: 1, maxLength: 200 }) }),
      querystring: querySchema({}),
      response: { 200: { description: `The ${one}`, ...oneEnvelope(refTo(spec.detail)) }, ...errorResponses },
    },
  }, async (request) => {
    negotiate(request, ['json'])
    const id = (request.params as Record<string, string>)[spec.idParam.name]!
    const data = spec.get(fastify.queries, id)
    if (data === null) throw notFound(cap(one), id)
    return { data }
  })
}
