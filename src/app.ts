// The application as a plugin: it registers the database, the REST routes, the docs and GraphQL,
// and never listens. src/server.ts (and the tests) build the Fastify instance around it.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Socket } from 'node:net'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyServerOptions, FastifyError, FastifyReply, onRequestHookHandler } from 'fastify'
import cors from '@fastify/cors'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import database, { type DatabasePluginOptions } from './plugins/database.js'
import http from './plugins/http.js'
import guard, { type GuardOptions } from './plugins/guard.js'
import { LIMITS } from './limits.js'
import { loadConfig } from './config.js'
import { namedSchemas } from './routes/registry.js'
import { registerRoutes } from './routes/index.js'
import { parameterOf } from './errors.js'
import { openapiDocument, withExamplesInSchemas } from './openapi.js'
import { problem } from './problem.js'
import graphql from './graphql/index.js'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import { AjvCompiler } from '@fastify/ajv-compiler'

export type AppOptions = DatabasePluginOptions & Partial<GuardOptions>

/** Rate limits and load shedding as the environment's defaults give them (see config.ts). */
export function guardOptionsFrom (config = loadConfig({})): GuardOptions {
  return {
    rateLimit: { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS, graphqlCost: config.RATE_LIMIT_GRAPHQL_COST },
    shedding: { eventLoopDelayMs: config.SHED_EVENT_LOOP_DELAY_MS, heapUsedMb: config.SHED_HEAP_USED_MB },
  }
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' }

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (malformed request, headers too
 * large, a client too slow): a problem document, and the connection closed, since what follows
 * on it cannot be trusted to be a request boundary.
 */
function clientErrorHandler (err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const detail = status === 408
    ? 'The request was not received in time.'
    : status === 431 ? `The request line and headers exceed ${LIMITS.http.headerBytes} bytes.` : 'The request is not valid HTTP/1.1.'
  const body = JSON.stringify(problem(status, `CF_HTTP_${status}`, detail))
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`)
  }
  setTimeout(() => socket.destroy(), 1000).unref()
}

type SerializerFactory = ReturnType<typeof SerializerSelector>

/**
 * Fastify's serializer factory, made lazy: a route's response serializer is compiled by its first
 * response, not at start. Compiling all of them (every route, every status) took about 0.4 s of a
 * start of 1.1 s; most routes are never asked for in a process's first seconds.
 */
function lazySerializers (): SerializerFactory {
  const build = SerializerSelector()
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options)
    return (route) => {
      let serialize: ((data: unknown) => string) | undefined
      return (data: unknown) => (serialize ??= compile(route) as (data: unknown) => string)(data)
    }
  }
}

type ValidatorFactory = ReturnType<typeof AjvCompiler>
type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown, schemaEnv?: unknown }

/**
 * Fastify's validator factory (Ajv), made lazy the same way: a route's request validators are
 * compiled by its first request. Compiling them all took about a third of a start.
 */
function lazyValidators (): ValidatorFactory {
  const build = AjvCompiler()
  return ((externalSchemas: never, options: never) => {
    const compile = build(externalSchemas, options) as (route: unknown) => Validate
    return (route: unknown) => {
      let validate: Validate | undefined
      const lazy: Validate = (data, context) => (validate ??= compile(route))(data, context)
      // Fastify reads a failed validation's errors from the function, and passes the request as
      // the parent of the data to a validator of Ajv's (which has schemaEnv), so that coercion can
      // replace the value itself.
      Object.defineProperty(lazy, 'errors', { get: () => validate?.errors })
      lazy.schemaEnv = true
      return lazy
    }
  }) as ValidatorFactory
}

/** Options every Fastify instance that hosts the app must be built with. */
export const fastifyOptions: FastifyServerOptions = {
  schemaController: { compilersFactory: { buildSerializer: lazySerializers() as never, buildValidator: lazyValidators() as never } },
  ajv: {
    // An unknown query parameter must be an error, not silently dropped; numbers and booleans in
    // the query string are coerced from their text.
    customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false, useDefaults: true },
  },
  routerOptions: { ignoreTrailingSlash: true, maxParamLength: LIMITS.pathSegment },
  bodyLimit: LIMITS.bodyBytes,
  clientErrorHandler,
  requestIdHeader: 'x-request-id',
  // Errors the router raises before any route runs (a path segment too long, a bad URL encoding)
  // are problem documents too.
  frameworkErrors: (err, _request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400
    const detail = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path segment is too long' : err.message
    ;(reply as unknown as FastifyReply).status(status).type('application/problem+json').send(problem(status, `CF_HTTP_${status}`, detail))
  },
  genReqId: () => randomUUID(),
}

/** Names the query parameter a schema validation error is about. */
function validationParameter (err: FastifyError): string | undefined {
  const v = err.validation?.[0]
  if (!v) return undefined
  const extra = (v.params as { additionalProperty?: string }).additionalProperty
  if (extra) return extra
  const path = v.instancePath.replace(/^\//, '').split('/')[0]
  return path || (v.params as { missingProperty?: string }).missingProperty
}

export default fp<AppOptions>(async function app (fastify: FastifyInstance, opts) {
  await fastify.register(database, opts)
  for (const schema of namedSchemas()) fastify.addSchema(schema)
  const defaults = guardOptionsFrom()
  await fastify.register(http)
  await fastify.register(guard, { rateLimit: opts.rateLimit ?? defaults.rateLimit, shedding: opts.shedding ?? defaults.shedding })

  await fastify.register(cors, {
    origin: '*',
    methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    exposedHeaders: ['Link', 'ETag', 'X-Total-Count', 'X-Request-Id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 86400,
  })
  // A kept answer is sent by the last onRequest hook of each GET route, once the limits (the rate
  // limit's own hook is the route's) and CORS have run (see answerFromCache).
  const sendKept: onRequestHookHandler = (request, reply, done) => {
    if (!fastify.answerFromCache(request, reply)) done()
  }
  fastify.addHook('onRoute', (route) => {
    if (!([] as string[]).concat(route.method).includes('GET')) return
    route.onRequest = [...([] as onRequestHookHandler[]).concat(route.onRequest ?? []), sendKept]
  })

  fastify.setErrorHandler((err: FastifyError, request, reply) => {
    let status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500
    // An error with a client status and no code of its own (as @fastify/static's send gives for a
    // path it refuses) is a client error, not an internal one.
    let code = err.code ?? (status >= 500 ? 'CF_INTERNAL' : `CF_HTTP_${status}`)
    let detail = err.message
    let parameter = parameterOf(err)
    if (err.validation) {
      status = 400
      parameter = validationParameter(err)
      const v = err.validation[0]!
      if (v.keyword === 'additionalProperties') {
        code = 'CF_UNKNOWN_PARAMETER'
        detail = `Unknown query parameter ${parameter}`
      } else if (v.keyword === 'type' && Array.isArray((request.query as Record<string, unknown> | undefined)?.[parameter ?? ''])) {
        code = 'CF_BAD_PARAMETER'
        detail = `Parameter ${parameter} is given more than once; give one value, or a comma list where the parameter takes several`
      } else {
        code = 'CF_BAD_PARAMETER'
        detail = `Invalid value for ${err.validationContext === 'params' ? 'path segment' : 'parameter'} ${parameter ?? ''}: ${v.message ?? 'invalid'}`.replace(/\s+:/, ':')
      }
    } else if (status >= 500 && !(status === 503 && code.startsWith('CF_'))) {
      // (A 503 of ours, such as CF_OVERLOADED, says what it is and when to come back.)
      request.log.error({ err }, 'request failed')
      code = 'CF_INTERNAL'
      detail = 'The server could not answer this request. It has been logged.'
      parameter = undefined
    } else if (!code.startsWith('CF_')) {
      // Fastify's own client errors (bad JSON body, unsupported media type, ...): keep the status,
      // give a stable code, and no internals.
      code = `CF_HTTP_${status}`
    }
    const retryAfter = (err as { retryAfter?: number }).retryAfter
    if (retryAfter !== undefined) reply.header('retry-after', retryAfter)
    reply.status(status).type('application/problem+json').send(problem(status, code, detail, parameter))
  })

  await fastify.register(swagger, {
    openapi: openapiDocument(),
    // Components are named by their $id (Indicator, Region, Problem, ...), not def-0, def-1.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string | undefined) ?? `def-${i}` },
    transformObject: (doc) => withExamplesInSchemas((doc as { openapiObject: Record<string, unknown> }).openapiObject),
  })
  // Swagger UI's files, named by path rather than found from the plugin's own file, so that the
  // plugin can be bundled (scripts/bundle.mjs) while its files stay in node_modules.
  const swaggerUiFiles = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui')), 'static')
  await fastify.register(swaggerUi, {
    routePrefix: '/docs',
    baseDir: swaggerUiFiles,
    logo: { type: 'image/svg+xml', content: readFileSync(join(swaggerUiFiles, 'logo.svg')) },
    uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true },
    staticCSP: false,
  })

  await fastify.register(registerRoutes)
  await fastify.register(graphql)
}, { name: 'campaign-facts', dependencies: [] })
