// GraphQL at /graphql (POST, and GET for cacheable queries) and GraphiQL at /graphiql: Mercurius on
// the committed SDL, relations through loaders, limits checked before execution, and errors that
// say what to fix without showing internals.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fp from 'fastify-plugin'
import mercurius from 'mercurius'
import { GraphQLError, type DocumentNode, type GraphQLFormattedError, type ExecutionResult } from 'graphql'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LIMITS as ALL_LIMITS } from '../limits.js'
import { HEAVY_RETRY_AFTER_S } from '../queries/heavy.js'
import { projectRoot } from '../paths.js'
import { GraphQLErrorCode } from '../errors.js'
import { resolvers } from './resolvers.js'
import { loaders } from './loaders.js'
import { checkLimits, checkOperation, checkQueryBytes, checkSyntax, checkTokens, LIMITS, RequestRefused } from './limits.js'
import { Shapes, skeleton, type Hoisted, type Skeleton } from './hoist.js'
import { registerGraphiql } from './graphiql.js'

export const schemaPath = join(projectRoot, 'src', 'graphql', 'schema.graphql')
export const GRAPHQL_PATH = '/graphql'
export const GRAPHIQL_PATH = '/graphiql'

interface ErrorSource extends Error {
  code?: string
  statusCode?: number
  parameter?: string
  errors?: unknown[]
  validation?: unknown
}

interface Formatted { error: GraphQLFormattedError, status: number }

function asGraphQLError (e: unknown): GraphQLError {
  if (e instanceof GraphQLError) return e
  const err = e as ErrorSource
  return new GraphQLError(err?.message ?? String(e), { originalError: err instanceof Error ? err : undefined })
}

function shaped (e: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLFormattedError {
  return {
    message,
    ...(e.locations ? { locations: e.locations } : {}),
    ...(e.path ? { path: e.path } : {}),
    extensions,
  }
}

/** Syntax and validation errors, limits, bad variables: graphql-js's messages name the problem. */
function requestError (e: GraphQLError): GraphQLFormattedError {
  const code = (e.extensions?.code as string | undefined) ??
    (e.message.startsWith('Syntax Error') ? GraphQLErrorCode.syntax : GraphQLErrorCode.validation)
  return shaped(e, e.message, { ...e.extensions, code })
}

/** One error as the client sees it: a message that says what to fix, a stable code, nothing internal. */
function formatOne (e: GraphQLError, batched: boolean, log: FastifyInstance['log']): Formatted[] {
  const original = e.originalError as ErrorSource | undefined
  // Errors that stand for a list of errors, all about the request: Mercurius's validation error
  // (syntax, validation, variables, a body of the wrong shape) and our RequestRefused (limits).
  if (original && Array.isArray(original.errors)) {
    return original.errors.flatMap((inner) => inner instanceof GraphQLError
      ? [{ error: requestError(inner), status: original.statusCode ?? 400 }]
      : formatOne(asGraphQLError(inner), batched, log))
  }
  // graphql-js's own errors: before execution (no path) they are about the request; during
  // execution (a value the schema cannot represent) they are ours, and handled as internal below.
  const fromGraphql = !original || original instanceof GraphQLError
  if (fromGraphql && e.path === undefined) return [{ error: requestError(e), status: 400 }]
  if (fromGraphql) return internal(e, e, log)
  const status = original.statusCode ?? 500
  if (original.code?.startsWith('CF_') && (status < 500 || status === 503)) {
    return [{ error: shaped(e, original.message, { code: original.code, ...(original.parameter ? { parameter: original.parameter } : {}) }), status }]
  }
  if (original.validation) {
    // The HTTP body or query string did not have the shape of a GraphQL request.
    const message = batched
      ? 'Batched queries are not supported: send one operation per request, as a JSON object {"query": ..., "variables": ...}.'
      : `The request is not a GraphQL request: ${original.message}. Send {"query": ..., "variables": ..., "operationName": ...} as JSON, or GET ?query=...`
    return [{ error: shaped(e, message, { code: batched ? GraphQLErrorCode.batching : GraphQLErrorCode.badRequest }), status: 400 }]
  }
  if (original.code === 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND') {
    return [{ error: shaped(e, 'The request has no query: send {"query": "{ dataset { version } }"} as JSON, or GET /graphql?query=...', { code: GraphQLErrorCode.badRequest }), status: 400 }]
  }
  if (original.code === 'MER_ERR_GQL_VALIDATION' && original instanceof SyntaxError) {
    return [{ error: shaped(e, `The variables or extensions parameter is not valid JSON: ${original.message}`, { code: GraphQLErrorCode.badRequest }), status: 400 }]
  }
  if (original.code === 'MER_ERR_METHOD_NOT_ALLOWED') {
    return [{ error: shaped(e, 'Only queries can be sent with GET; use POST.', { code: GraphQLErrorCode.badRequest }), status: 405 }]
  }
  if (status >= 400 && status < 500 && original.code?.startsWith('FST_')) {
    // Fastify's own client errors (body not JSON, unsupported media type, body too large).
    return [{ error: shaped(e, original.message, { code: GraphQLErrorCode.badRequest }), status }]
  }
  return internal(e, original, log)
}

/** A failure of ours: logged in full, reported without a word of it. */
function internal (e: GraphQLError, cause: Error, log: FastifyInstance['log']): Formatted[] {
  log.error({ err: cause }, 'GraphQL request failed')
  return [{ error: shaped(e, 'The server could not answer this part of the request. It has been logged.', { code: GraphQLErrorCode.internal }), status: 500 }]
}

interface FormatterReply { request: { body?: unknown, headers?: Record<string, unknown> }, log: FastifyInstance['log'], header: (name: string, value: string) => unknown }

/**
 * GraphQL over HTTP's media type: a client that accepts application/graphql-response+json gets
 * it, and with it the status codes that say whether the request was valid; a client of
 * application/json (or none) gets 200 for a document that does not parse or validate, as that
 * spec asks, the errors saying why.
 */
export const GRAPHQL_RESPONSE = 'application/graphql-response+json'

export function acceptsGraphqlResponse (accept: unknown): boolean {
  if (typeof accept !== 'string') return false
  return accept.split(',').some((part) => {
    const [type, ...params] = part.trim().split(';').map((x) => x.trim())
    const q = params.find((p) => p.startsWith('q='))
    return type?.toLowerCase() === GRAPHQL_RESPONSE && (q === undefined || Number(q.slice(2)) > 0)
  })
}

/** Errors of the document itself: under application/json they are answered 200. */
const DOCUMENT_ERRORS = new Set<string>([GraphQLErrorCode.syntax, GraphQLErrorCode.validation])

export function errorFormatter (execution: ExecutionResult & { statusCode?: number }, context: { reply?: FormatterReply, app: FastifyInstance }): { statusCode: number, response: { data?: unknown, errors: GraphQLFormattedError[] } } {
  const log = context.reply?.log ?? context.app.log
  const batched = Array.isArray(context.reply?.request.body)
  const formatted = (execution.errors ?? []).flatMap((e) => formatOne(asGraphQLError(e), batched, log))
  const data = execution.data ?? null
  // A request error (nothing executed: no error has a path) has no `data` entry at all; an
  // execution that failed has `data: null`.
  const requestError = data === null && formatted.every((f) => f.error.path === undefined)
  // With data, errors are partial failures (HTTP 200); without, the request failed as a whole.
  // A request error is the highest of its errors' statuses, limits before anything else (a
  // 429 or 405 says more than a 400 beside it).
  let statusCode = data !== null ? 200 : Math.max(400, ...formatted.map((f) => f.status))
  if (requestError && statusCode === 400 && !acceptsGraphqlResponse(context.reply?.request.headers?.accept) &&
    formatted.every((f) => DOCUMENT_ERRORS.has(f.error.extensions?.code as string))) statusCode = 200
  // An answer with errors is never cached: it may be a passing failure.
  context.reply?.header('cache-control', 'no-store')
  if (statusCode === 405) context.reply?.header('allow', 'POST')
  // A part refused for load (the heavy-query pool full or too slow) says when to come back.
  if (formatted.some((f) => f.status === 503)) context.reply?.header('retry-after', String(HEAVY_RETRY_AFTER_S))
  const errors = formatted.map((f) => f.error)
  return { statusCode, response: requestError ? { errors } : { data, errors } }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Query texts Mercurius has validated (its cache missed), and the shapes they share. */
    graphqlDocuments: { validated: number, shapes: Shapes }
  }
}

interface HookContext { reply?: FastifyReply & { request: FastifyRequest } }

/** A request whose text has literals: its own text, and the shape's it is sent to Mercurius as. */
interface Literals { skeleton: Skeleton, source: string, hoisted: Hoisted | null, document?: DocumentNode }
const kLiterals = Symbol('literals')
type WithLiterals = FastifyRequest & { [kLiterals]?: Literals }
const literalsOf = (context: HookContext): Literals | undefined => (context.reply?.request as WithLiterals | undefined)?.[kLiterals]

/** No variables sent: absent, null, `{}`, or (with GET) an empty or `{}` parameter. */
function noVariables (variables: unknown): boolean {
  if (variables === undefined || variables === null || variables === '') return true
  if (typeof variables === 'string') return /^\s*(\{\s*\}|null)\s*$/.test(variables)
  return typeof variables === 'object' && !Array.isArray(variables) && Object.keys(variables).length === 0
}

function operationNameOf (context: HookContext): string | undefined {
  const req = context.reply?.request
  const from = (req?.body ?? req?.query) as { operationName?: unknown } | undefined
  return typeof from?.operationName === 'string' ? from.operationName : undefined
}

/** Spends from the client's GraphQL cost budget, or refuses the request with 429. */
function charge (fastify: FastifyInstance, context: HookContext, cost: number): void {
  const reply = context.reply
  if (!reply) return
  const wait = fastify.costBudget.charge(reply.request, reply, cost)
  if (wait !== null) {
    throw new RequestRefused([new GraphQLError(`This client has spent its GraphQL budget of ${fastify.costBudget.limit} cost points per ${Math.round(fastify.costBudget.windowMs / 1000)} s (this request costs ${cost}); retry in ${wait} s.`, { extensions: { code: GraphQLErrorCode.rateLimited, cost, limit: fastify.costBudget.limit, retryAfter: wait } })], 429)
  }
}

export default fp(async function graphql (fastify: FastifyInstance) {
  const schema = readFileSync(schemaPath, 'utf8')
  // A GraphQL answer sent again from the response cache costs its client one point, as parsing a
  // query does; a client whose budget is spent is left to the route, which refuses it.
  fastify.cachedAnswerGate = (request, reply) =>
    request.routeOptions.url !== GRAPHQL_PATH || fastify.costBudget.charge(request, reply, 1) === null
  // Encapsulated, so that Mercurius's error handler and its application/graphql body parser apply
  // to its own routes only.
  await fastify.register(async function graphqlRoutes (scope) {
    // GraphQL describes itself (introspection, the SDL); its routes stay out of openapi.yaml.
    scope.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true }
    })
    await scope.register(mercurius, {
      schema,
      resolvers,
      loaders,
      path: GRAPHQL_PATH,
      // Mercurius's GraphiQL loads its scripts from unpkg.com; ours is served locally (graphiql.ts).
      graphiql: false,
      allowBatchedQueries: false,
      // Parsed and validated documents, keyed by query text (bounded in count here, and each
      // entry in bytes by checkQueryBytes).
      cache: ALL_LIMITS.graphql.parseCache,
      errorFormatter: errorFormatter as never,
    })
    // GraphQL over HTTP: `"extensions": null` is no extensions (Mercurius's body schema wants an
    // object), and a client that accepts application/graphql-response+json gets that type.
    scope.addHook('preValidation', async (request) => {
      const body = request.body as Record<string, unknown> | null | undefined
      if (!body || typeof body !== 'object' || Array.isArray(body)) return
      if (body.extensions === null) delete body.extensions
      // Fastify would coerce a number to a string: a query or variables of the wrong type is not a
      // GraphQL request, whatever it could be read as.
      const wrong = 'query' in body && typeof body.query !== 'string'
        ? 'body/query must be string'
        : body.variables !== undefined && body.variables !== null && (typeof body.variables !== 'object' || Array.isArray(body.variables))
          ? 'body/variables must be object'
          : null
      if (wrong) throw Object.assign(new Error(wrong), { statusCode: 400, validation: [{ message: wrong }] })
    })
    // Set before the answer is serialized, so that the response cache (an onSend hook of the
    // root, which runs before this scope's) keeps the type sent; onSend covers a body sent as text.
    const graphqlResponseType = (request: FastifyRequest, reply: FastifyReply): void => {
      const type = reply.getHeader('content-type')
      if (request.url.startsWith(GRAPHQL_PATH) && acceptsGraphqlResponse(request.headers.accept) &&
        (type === undefined || String(type).startsWith('application/json'))) {
        reply.header('content-type', `${GRAPHQL_RESPONSE}; charset=utf-8`)
      }
    }
    scope.addHook('preSerialization', async (request, reply, payload) => {
      graphqlResponseType(request, reply)
      return payload
    })
    scope.addHook('onSend', async (request, reply, payload) => {
      if (reply.getHeader('content-type') !== undefined) graphqlResponseType(request, reply)
      return payload
    })
    // A query with literals and no variables is sent to Mercurius as its shape (hoist.ts), once a
    // text of that shape has validated; the checks below and the execution see the client's own.
    const shapes = new Shapes(LIMITS.parseCache)
    const documents = { validated: 0, shapes }
    fastify.decorate('graphqlDocuments', documents)
    // Mercurius runs this only for a text its cache does not hold, right before validating it.
    scope.graphql.addHook('preValidation', async () => { documents.validated++ })
    scope.addHook('preHandler', async (request) => {
      if (request.routeOptions.url !== GRAPHQL_PATH) return
      const from = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | null | undefined
      if (!from || typeof from !== 'object' || Array.isArray(from)) return
      const source = from.query
      if (typeof source !== 'string' || source.length * 3 > LIMITS.queryBytes || !noVariables(from.variables)) return
      const s = skeleton(source, LIMITS.tokens)
      if (!s) return
      const hoisted = shapes.hoist(s);
      (request as WithLiterals)[kLiterals] = { skeleton: s, source, hoisted }
      if (hoisted) {
        from.query = hoisted.text
        from.variables = request.method === 'GET' ? JSON.stringify(hoisted.variables) : hoisted.variables
      }
    })
    // Everything a request costs before it runs is bounded here, in order: its budget (1 point to
    // be parsed at all), its size, its tokens, its syntax, the operation it names.
    scope.graphql.addHook('preParsing', async (_schema, source, context) => {
      const ctx = context as HookContext
      const literals = literalsOf(ctx)
      const own = literals?.hoisted ? literals.source : source
      charge(fastify, ctx, 1)
      checkQueryBytes(own)
      // A text with literals was lexed for its skeleton, which stops past the same limit.
      if (!literals) checkTokens(own)
      // A hoisted request executes this document, so it keeps its locations for errors to cite.
      const document = checkSyntax(own, Boolean(literals?.hoisted))
      if (literals?.hoisted) literals.document = document
      checkOperation(document, operationNameOf(ctx), ctx.reply?.request.method)
    })
    scope.graphql.addHook('preExecution', async (schema, document, context, variables) => {
      const ctx = context as HookContext
      const literals = literalsOf(ctx)
      const own = literals?.hoisted ? { document: literals.document!, variables: {} } : { document, variables }
      const { cost } = checkLimits(schema, own.document, own.variables, operationNameOf(ctx))
      // The point charged for parsing is part of the cost.
      if (cost > 1) charge(fastify, ctx, cost - 1)
      if (literals?.hoisted) return own
      // Reached only by a document that has validated.
      if (literals) shapes.validated(schema, literals.skeleton, literals.source, document)
      return undefined
    })
    await registerGraphiql(scope, { path: GRAPHIQL_PATH, endpoint: GRAPHQL_PATH })
  })
}, { name: 'graphql', dependencies: ['database'] })
