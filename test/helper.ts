// Builds a fresh app per test on a database built once from the real seed data (cached by dataset
// version in the temp folder; the build is atomic, so parallel test files can share it).
// Every JSON response a test receives is validated against the response schema of its route (the
// schemas openapi.yaml is generated from); a response that does not match becomes a 500, so the
// test that received it fails.
import Fastify, { type FastifyInstance } from 'fastify'
import { Ajv, type ValidateFunction } from 'ajv'
import app, { fastifyOptions, type AppOptions } from '../src/app.js'
import { testDatabasePath } from './database.js'
import { namedSchemas } from '../src/routes/registry.js'
import '../src/routes/index.js'

export { testDatabasePath }

interface TapLike { teardown: (fn: () => unknown) => void }

const ajv = new Ajv({ strict: false, allErrors: true })
for (const schema of namedSchemas()) ajv.addSchema(schema)
const validators = new WeakMap<object, ValidateFunction>()

function responseSchema (schema: unknown, status: number, contentType: string): object | null {
  const responses = (schema as { response?: Record<string, unknown> } | undefined)?.response
  const entry = (responses?.[String(status)] ?? (status >= 400 ? { $ref: 'Problem' } : undefined)) as Record<string, any> | undefined
  if (!entry) return null
  if (entry.content) return entry.content[contentType.split(';')[0]!]?.schema ?? null
  return entry
}

/**
 * Options of the app under test. Rate limits are off unless a test turns them on (a test file
 * makes thousands of requests from one address); load shedding is off, so that a busy test
 * machine does not answer 503.
 */
export const TEST_GUARD: Pick<AppOptions, 'rateLimit' | 'shedding'> = {
  rateLimit: { max: 0, windowMs: 60_000, graphqlCost: 0 },
  shedding: { eventLoopDelayMs: 0, heapUsedMb: 0 },
}

export async function build (t: TapLike, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const fastify = Fastify({ ...fastifyOptions, logger: false })
  fastify.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '')
    if (!/^application\/(problem\+)?json/.test(type) || typeof payload !== 'string' || request.url.startsWith('/graphql') || request.url.startsWith('/openapi')) return payload
    const schema = responseSchema(request.routeOptions.schema, reply.statusCode, type)
    if (!schema) return payload
    let validate = validators.get(schema)
    if (!validate) {
      validate = ajv.compile(schema)
      validators.set(schema, validate)
    }
    if (validate(JSON.parse(payload))) return payload
    reply.code(500)
    return JSON.stringify({ error: 'response does not match its schema', url: request.url, errors: validate.errors })
  })
  await fastify.register(app, { databasePath: await testDatabasePath(), ...TEST_GUARD, ...options })
  await fastify.ready()
  t.teardown(() => fastify.close())
  return fastify
}

type Json = Record<string, any>

/** POSTs a GraphQL query and returns its data; any error fails the test. */
export async function gql (app: FastifyInstance, query: string, variables?: Json): Promise<Json> {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } })
  const body = res.json()
  if (res.statusCode !== 200 || body.errors) throw new Error(`GraphQL failed (${res.statusCode}): ${JSON.stringify(body.errors)}`)
  return body.data
}

/** GETs a REST URL and returns its JSON; anything but a 200 fails the test. */
export async function rest (app: FastifyInstance, url: string): Promise<any> {
  const res = await app.inject(url)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}
