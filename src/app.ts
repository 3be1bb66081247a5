// The application as a plugin: it registers the database, the REST routes, the docs and GraphQL,
// and never listens. src/server.ts (and the tests) build the Fastify instance around it.
import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyServerOptions, FastifyError, FastifyReply } from 'fastify'
import cors from '@fastify/cors'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import database, { type DatabasePluginOptions } from './plugins/database.js'
import { Problem } from './routes/http.js'
import { registerRoutes } from './routes/index.js'
import { parameterOf } from './errors.js'
import { openapiDocument } from './openapi.js'
import { problem } from './problem.js'
import graphql from './graphql/index.js'

export type AppOptions = DatabasePluginOptions

/** Options every Fastify instance that hosts the app must be built with. */
export const fastifyOptions: FastifyServerOptions = {
  ajv: {
    // An unknown query parameter must be an error, not silently dropped; numbers and booleans in
    // the query string are coerced from their text.
    customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false, useDefaults: true },
  },
  routerOptions: { ignoreTrailingSlash: true },
  requestIdHeader: 'x-request-id',
  // Errors the router raises before any route runs (a path segment too long, a bad URL encoding)
  // are problem documents too.
  frameworkErrors: (err, _request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400
    const detail = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path segment is too long' : err.message
    ;(reply as unknown as FastifyReply).status(status).type('application/problem+json').send(problem(status, `CF_HTTP_${status}`, detail))
  },
  genReqId: () => createHash('sha1').update(`${process.hrtime.bigint()}${Math.random()}`).digest('hex').slice(0, 16),
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
  fastify.addSchema(Problem)

  await fastify.register(cors, {
    origin: '*',
    methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    exposedHeaders: ['Link', 'ETag', 'X-Total-Count', 'X-Request-Id'],
    maxAge: 86400,
  })

  fastify.setErrorHandler((err: FastifyError, request, reply) => {
    let status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500
    let code = err.code ?? 'CF_INTERNAL'
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
    } else if (status >= 500) {
      request.log.error({ err }, 'request failed')
      code = 'CF_INTERNAL'
      detail = 'The server could not answer this request. It has been logged.'
      parameter = undefined
    } else if (!code.startsWith('CF_')) {
      // Fastify's own client errors (bad JSON body, unsupported media type, ...): keep the status,
      // give a stable code, and no internals.
      code = `CF_HTTP_${status}`
    }
    reply.status(status).type('application/problem+json').send(problem(status, code, detail, parameter))
  })

  fastify.setNotFoundHandler((request, reply) => {
    reply.status(404).type('application/problem+json').send(problem(404, 'CF_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`))
  })

  // Every GET answer is a function of the dataset version and the request, so the ETag can be
  // computed before any work is done, and a matching If-None-Match answered at once.
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return
    const tag = `"${fastify.queries.version}-${createHash('sha1').update(`${request.url}\0${request.headers.accept ?? ''}`).digest('base64url').slice(0, 16)}"`
    reply.header('etag', tag)
    reply.header('cache-control', 'public, max-age=300')
    reply.header('vary', 'Accept, Accept-Encoding')
    const inm = request.headers['if-none-match']
    if (inm && inm.split(',').map((s) => s.trim().replace(/^W\//, '')).some((t) => t === tag || t === '*')) {
      return reply.code(304).send()
    }
  })
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode >= 400) {
      reply.removeHeader('etag')
      reply.header('cache-control', 'no-store')
    }
    return payload
  })

  await fastify.register(swagger, { openapi: openapiDocument() })
  await fastify.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true },
    staticCSP: false,
  })

  await fastify.register(registerRoutes)
  await fastify.register(graphql)
}, { name: 'campaign-facts', dependencies: [] })
