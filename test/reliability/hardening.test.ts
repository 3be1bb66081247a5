// Each input that once made the service answer 500, grow, or misbehave at the HTTP level, with the
// answer it must get now: a 4xx problem document (or the documented 405/429/503), bounded caches,
// headers that are right for what was answered.
import t, { type Test } from 'tap'
import { connect } from 'node:net'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildSchema, getIntrospectionQuery, parse } from 'graphql'
import { measure } from '../../src/graphql/limits.js'
import { projectRoot } from '../../src/paths.js'
import type { FastifyInstance } from 'fastify'
import Fastify from 'fastify'
import appPlugin, { fastifyOptions } from '../../src/app.js'
import { build, testDatabasePath, TEST_GUARD } from '../helper.js'
import { LIMITS } from '../../src/limits.js'

type Json = Record<string, any>

const LISTS = ['/v1/regions', '/v1/organs', '/v1/events', '/v1/metrics', '/v1/indicators', '/v1/documents']
const PROTOTYPE_NAMES = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']

async function gql (app: FastifyInstance, query: string, extra: Json = {}): Promise<{ status: number, body: Json, headers: Json }> {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, ...extra } })
  return { status: res.statusCode, body: res.json(), headers: res.headers }
}

function isProblem (t: Test, res: { statusCode: number, headers: Json, body: string }, status: number, what: string): Json {
  t.equal(res.statusCode, status, `${what}: ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/, `${what}: a problem document`)
  const body = JSON.parse(res.body)
  t.equal(body.status, status)
  t.ok(body.code && body.detail, `${what}: code and detail`)
  return body
}

t.test('a cursor that decodes to JSON null, or to any non-object, is a 400 on every list', async (t) => {
  const app = await build(t)
  const cursors = ['bnVsbA', Buffer.from('42').toString('base64url'), Buffer.from('"x"').toString('base64url'), Buffer.from('[1]').toString('base64url'), Buffer.from('true').toString('base64url')]
  for (const list of LISTS) {
    for (const c of cursors) {
      const body = isProblem(t, await app.inject(`${list}?cursor=${c}`), 400, `${list}?cursor=${c}`)
      t.equal(body.code, 'CF_BAD_CURSOR')
    }
  }
  for (const field of ['regions', 'organs', 'events', 'metrics', 'indicators', 'documents']) {
    const r = await gql(app, `{ ${field}(after: "bnVsbA") { nodes { __typename } } }`)
    t.equal(r.status, 400, `${field}(after: null cursor)`)
    t.equal(r.body.errors[0].extensions.code, 'CF_BAD_CURSOR')
  }
  // Nested lists too: the error names the cursor, not an internal failure.
  for (const nested of ['organs', 'events', 'indicators', 'children']) {
    const r = await gql(app, `{ regions(first: 2) { nodes { ${nested}(after: "bnVsbA") { nodes { __typename } } } } }`)
    t.equal(r.body.errors[0].extensions.code, 'CF_BAD_CURSOR', `Region.${nested}(after: null cursor)`)
    t.ok(r.status < 500)
  }
})

t.test('sort fields are looked up among their own names only', async (t) => {
  const app = await build(t)
  for (const list of LISTS) {
    for (const name of PROTOTYPE_NAMES) {
      for (const sort of [name, `-${name}`, `id,${name}`]) {
        const body = isProblem(t, await app.inject(`${list}?sort=${encodeURIComponent(sort)}`), 400, `${list}?sort=${sort}`)
        t.equal(body.parameter, 'sort')
      }
    }
  }
})

t.test('at most three sort keys, so that a client cannot make unbounded query shapes', async (t) => {
  const app = await build(t)
  t.equal(LIMITS.sortKeys, 3)
  t.equal((await app.inject('/v1/indicators?sort=date,-value,region&limit=1')).statusCode, 200)
  const body = isProblem(t, await app.inject('/v1/indicators?sort=date,-value,region,metric&limit=1'), 400, 'four sort keys')
  t.match(body.detail, /at most 3 sort fields/)
  const r = await gql(app, '{ indicators(first: 1, orderBy: [{field: date}, {field: value}, {field: region}, {field: metric}]) { nodes { id } } }')
  t.equal(r.status, 400)
  t.equal(r.body.errors[0].extensions.parameter, 'orderBy')
})

t.test('the statement cache keeps at most LIMITS.statementCache statements, however many shapes', async (t) => {
  const app = await build(t)
  const fields = ['id', 'date', 'value', 'metric', 'region', 'document', 'category', 'position']
  const sorts = new Set<string>()
  for (const a of fields) for (const b of fields) for (const c of fields) {
    if (a === b || b === c || a === c) continue
    for (const d of ['', '-']) sorts.add(`${d}${a},${b},-${c}`)
  }
  t.ok(sorts.size > LIMITS.statementCache, `${sorts.size} distinct sort orders`)
  for (const sort of sorts) {
    const res = await app.inject(`/v1/indicators?limit=1&sort=${sort}`)
    if (res.statusCode !== 200) t.fail(`${sort}: ${res.statusCode}`)
  }
  t.ok(app.queries.cache.size <= LIMITS.statementCache, `${app.queries.cache.size} statements held`)
  t.ok(app.queries.cache.size >= LIMITS.statementCache * 0.9, 'and the cache is used')
  // A statement pushed out is prepared again when its shape comes back.
  t.equal((await app.inject(`/v1/indicators?limit=1&sort=${[...sorts][0]}`)).statusCode, 200)
})

t.test('GET /graphql runs queries only (405 with Allow: POST); the operation to run must exist', async (t) => {
  const app = await build(t)
  for (const op of ['mutation { x }', 'subscription { x }', 'mutation M { dataset { version } }']) {
    const res = await app.inject(`/graphql?query=${encodeURIComponent(op)}`)
    t.equal(res.statusCode, 405, op)
    t.equal(res.headers.allow, 'POST')
    t.equal(res.json().errors[0].extensions.code, 'CF_METHOD_NOT_ALLOWED')
    t.equal(res.headers['cache-control'], 'no-store')
  }
  const unknown = await app.inject(`/graphql?query=${encodeURIComponent('query A { dataset { version } }')}&operationName=Nope`)
  t.equal(unknown.statusCode, 400)
  t.match(unknown.json().errors[0].message, /"Nope" is not an operation of the document; its operations: A/)
  const two = await gql(app, 'query A { dataset { version } } query B { dataset { name } }')
  t.equal(two.status, 400)
  t.match(two.body.errors[0].message, /2 operations; say which one to run with operationName \(A, B\)/)
  const picked = await gql(app, 'query A { dataset { version } } query B { dataset { name } }', { operationName: 'B' })
  t.equal(picked.status, 200)
  t.same(Object.keys(picked.body.data.dataset), ['name'])
  const anonymousTwo = await gql(app, '{ dataset { version } } { dataset { name } }')
  t.equal(anonymousTwo.status, 400, 'two anonymous operations')
})

t.test('the query text is bounded in bytes, comments included', async (t) => {
  const app = await build(t)
  const body = '{ dataset { version } }'
  const pad = (bytes: number): string => `# ${'x'.repeat(bytes - body.length - 3)}\n${body}`
  t.equal((await gql(app, pad(LIMITS.graphql.queryBytes))).status, 200, 'exactly the limit')
  const over = await gql(app, pad(LIMITS.graphql.queryBytes + 1))
  t.equal(over.status, 400)
  t.equal(over.body.errors[0].extensions.code, 'CF_QUERY_TOO_LARGE')
  // Multi-byte characters count as bytes, not as characters.
  const cjk = await gql(app, `# ${'字'.repeat(Math.ceil(LIMITS.graphql.queryBytes / 3))}\n${body}`)
  t.equal(cjk.body.errors?.[0].extensions.code, 'CF_QUERY_TOO_LARGE')
})

t.test('introspection is measured like any other field', async (t) => {
  const app = await build(t)
  // The standard introspection query (GraphiQL, code generators) runs.
  const full = await gql(app, getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }))
  t.equal(full.status, 200, 'the standard introspection query runs')
  t.ok(full.body.data.__schema.types.length > 20)
  // Aliases count.
  const aliased = await gql(app, `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __schema { queryType { name } }`).join(' ')} }`)
  t.equal(aliased.status, 400)
  t.equal(aliased.body.errors[0].extensions.code, 'CF_TOO_MANY_ALIASES')
  // Cost counts: the full schema costs thousands (its lists sized from the schema), so a few copies
  // fit and one more does not, though both are far under the alias limit.
  const standard = getIntrospectionQuery({ descriptions: true })
  const fragments = standard.slice(standard.indexOf('fragment '))
  const copies = (n: number): string => `{ ${Array.from({ length: n }, (_, i) => `s${i}: __schema { types { ...FullType } }`).join(' ')} } ${fragments}`
  const schema = buildSchema(readFileSync(join(projectRoot, 'src', 'graphql', 'schema.graphql'), 'utf8'))
  const one = measure(schema, parse(copies(1)), {}).cost
  const fit = Math.floor(LIMITS.graphql.cost / one)
  t.ok(one > 5000 && fit >= 2 && fit < LIMITS.graphql.aliases, `one schema costs ${one}; ${fit} fit`)
  t.equal((await gql(app, copies(fit))).status, 200, `${fit} schemas`)
  const many = await gql(app, copies(fit + 1))
  t.equal(many.status, 400, `${fit + 1} schemas`)
  t.equal(many.body.errors[0].extensions.code, 'CF_QUERY_TOO_COSTLY')
  // Depth counts.
  const deep = `{ __schema { types { ${'ofType { '.repeat(16)}name${' }'.repeat(16)} } } }`
  t.equal((await gql(app, deep)).body.errors[0].extensions.code, 'CF_QUERY_TOO_DEEP')
  // __typename is cheap and allowed everywhere.
  t.equal((await gql(app, '{ __typename dataset { __typename } }')).status, 200)
})

t.test('ETags are issued for successful answers only, and If-None-Match: * matches only those', async (t) => {
  const app = await build(t)
  const star = { 'if-none-match': '*' }
  t.equal((await app.inject({ url: '/v1/nope', headers: star })).statusCode, 404, '* on an unknown path')
  t.equal((await app.inject({ url: '/v1/regions/999999', headers: star })).statusCode, 404, '* on an unknown item')
  t.equal((await app.inject({ url: '/v1/indicators?region=999999', headers: star })).statusCode, 400, '* on a bad filter')
  t.equal((await app.inject({ url: '/v1/indicators?limit=0', headers: star })).statusCode, 400, '* on a bad limit')
  t.equal((await app.inject({ url: '/v1/regions/430700', headers: star })).statusCode, 304, '* on something that exists')
  const ok = await app.inject('/v1/regions/430700')
  t.ok(ok.headers.etag)
  const again = await app.inject({ url: '/v1/regions/430700', headers: { 'if-none-match': ok.headers.etag as string } })
  t.equal(again.statusCode, 304)
  t.equal(again.body, '')
  for (const url of ['/v1/nope', '/v1/regions/999999', '/v1/indicators?region=999999']) {
    const res = await app.inject(url)
    t.notOk(res.headers.etag, `${url}: no ETag on an error`)
    t.equal(res.headers['cache-control'], 'no-store', `${url}: not cached`)
  }
  // JSON and CSV of one URL are different representations with different tags.
  const json = await app.inject('/v1/indicators?limit=2')
  const csv = await app.inject({ url: '/v1/indicators?limit=2', headers: { accept: 'text/csv' } })
  t.not(json.headers.etag, csv.headers.etag)
  t.equal((await app.inject({ url: '/v1/indicators?limit=2', headers: { accept: 'text/csv', 'if-none-match': json.headers.etag as string } })).statusCode, 200, "JSON's tag does not validate the CSV")
})

t.test('GraphQL answers with errors are never cached; health and readiness never are', async (t) => {
  const app = await build(t)
  for (const q of ['{ nope }', '{ regions(first: 0) { nodes { code } } }', '{ organs(after: "bnVsbA") { nodes { id } } }']) {
    const res = await app.inject(`/graphql?query=${encodeURIComponent(q)}`)
    t.equal(res.headers['cache-control'], 'no-store', q)
    t.notOk(res.headers.etag, `${q}: no ETag`)
  }
  const good = await app.inject(`/graphql?query=${encodeURIComponent('{ dataset { version } }')}`)
  t.match(good.headers['cache-control'], /public/)
  t.ok(good.headers.etag)
  for (const url of ['/health', '/ready']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200)
    t.equal(res.headers['cache-control'], 'no-store', url)
    t.notOk(res.headers.etag, `${url}: no ETag`)
  }
})

t.test('unsupported methods are 405 with Allow; OPTIONS answers without a preflight', async (t) => {
  const app = await build(t)
  for (const method of ['PUT', 'DELETE', 'PATCH'] as const) {
    for (const url of ['/v1/regions', '/v1/regions/430700', '/v1/indicators/summary', '/health']) {
      const res = await app.inject({ method, url })
      isProblem(t, res, 405, `${method} ${url}`)
      t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
    }
  }
  const post = await app.inject({ method: 'POST', url: '/v1/regions', payload: {} })
  isProblem(t, post, 405, 'POST on a REST list')
  const gqlPut = await app.inject({ method: 'PUT', url: '/graphql', payload: {} })
  t.equal(gqlPut.statusCode, 405)
  t.equal(gqlPut.headers.allow, 'GET, HEAD, POST, OPTIONS')
  t.equal((await app.inject({ method: 'PUT', url: '/v1/nothing' })).statusCode, 404, 'an unknown path stays 404')

  const options = await app.inject({ method: 'OPTIONS', url: '/v1/regions' })
  t.equal(options.statusCode, 204)
  t.equal(options.headers.allow, 'GET, HEAD, OPTIONS')
  isProblem(t, await app.inject({ method: 'OPTIONS', url: '/v1/nothing' }), 404, 'OPTIONS on an unknown path')
  // A real preflight still gets its CORS answer.
  const preflight = await app.inject({ method: 'OPTIONS', url: '/graphql', headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' } })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], '*')
})

t.test('ids up to the 200 characters the contract allows are looked up, not refused by the router', async (t) => {
  const app = await build(t)
  for (const n of [101, 150, 200]) {
    const res = await app.inject(`/v1/organs/${'a'.repeat(n)}`)
    t.equal(res.statusCode, 404, `${n} characters: 404`)
  }
  isProblem(t, await app.inject(`/v1/organs/${'a'.repeat(201)}`), 400, '201 characters')
})

t.test('security headers, and a CSP the pages can live with', async (t) => {
  const app = await build(t)
  const api = await app.inject('/v1/regions?limit=1')
  t.equal(api.headers['x-content-type-options'], 'nosniff')
  t.match(api.headers['content-security-policy'], /default-src 'none'/)
  for (const page of ['/docs/', '/graphiql']) {
    const res = await app.inject(page)
    t.equal(res.statusCode, 200, page)
    const csp = String(res.headers['content-security-policy'])
    t.match(csp, /default-src 'self'/, `${page}: its own origin only`)
    t.match(csp, /script-src 'self'(;|$)/, `${page}: no inline or foreign scripts`)
    t.notMatch(csp, /unsafe-eval|https?:/, `${page}: no eval, no foreign hosts`)
  }
})

t.test('large answers are compressed for clients that accept it', async (t) => {
  const app = await build(t)
  const gz = await app.inject({ url: '/v1/indicators?limit=200', headers: { 'accept-encoding': 'gzip' } })
  t.equal(gz.headers['content-encoding'], 'gzip')
  const br = await app.inject({ url: '/graphiql/graphiql.min.js', headers: { 'accept-encoding': 'br, gzip' } })
  t.equal(br.headers['content-encoding'], 'br')
  const plain = await app.inject({ url: '/v1/indicators?limit=200' })
  t.notOk(plain.headers['content-encoding'], 'not for a client that did not ask')
  t.ok(plain.body.length > Number(gz.headers['content-length'] ?? gz.rawPayload.length) * 3, 'and it is worth it')
})

t.test('rate limits: a request budget for REST, a cost budget for GraphQL, with the draft headers', async (t) => {
  const app = await build(t, { rateLimit: { max: 5, windowMs: 60_000, graphqlCost: 200 } })
  for (let i = 0; i < 5; i++) {
    const res = await app.inject('/v1/regions?limit=1')
    t.equal(res.statusCode, 200)
    t.equal(res.headers['ratelimit-remaining'], String(4 - i))
  }
  const limited = await app.inject('/v1/regions?limit=1')
  const body = isProblem(t, limited, 429, 'the sixth request')
  t.equal(body.code, 'CF_RATE_LIMITED')
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After')
  t.equal(limited.headers['ratelimit-limit'], '5')
  t.equal(limited.headers['ratelimit-remaining'], '0')
  t.equal(limited.headers['cache-control'], 'no-store')
  t.equal((await app.inject('/health')).statusCode, 200, 'liveness is never limited')
  // Another client has its own budget.
  t.equal((await app.inject({ url: '/v1/regions?limit=1', remoteAddress: '10.0.0.2' })).statusCode, 200)

  // GraphQL spends by cost: `regions(first: 50) { nodes { code } }` costs 51.
  const q = '{ regions(first: 50) { nodes { code } } }'
  const costs: Array<[number, string | undefined]> = []
  for (let i = 0; i < 4; i++) {
    const r = await gql(app, q)
    costs.push([r.status, r.headers['ratelimit-remaining']])
  }
  // Being parsed costs 1 point, which the query's cost includes; a refused query still spent it.
  t.same(costs, [[200, '149'], [200, '98'], [200, '47'], [429, '46']], 'three queries of 51 fit in 200, the fourth does not')
  const over = await gql(app, q)
  t.equal(over.body.errors[0].extensions.code, 'CF_RATE_LIMITED')
  t.ok(Number(over.headers['retry-after']) > 0)
  t.notOk('data' in over.body, 'a request error has no data entry')
  // A cheap query still fits.
  t.equal((await gql(app, '{ dataset { version } }')).status, 200)

  // A GET answered again from the response cache costs one point, and is refused once the budget is spent.
  const url = `/graphql?query=${encodeURIComponent(q)}`
  const client = { remoteAddress: '10.0.0.3' }
  const remaining = async (): Promise<[number, string | undefined]> => {
    const res = await app.inject({ url, ...client })
    return [res.statusCode, res.headers['ratelimit-remaining'] as string | undefined]
  }
  t.same(await remaining(), [200, '149'], 'computed: its cost')
  t.same(await remaining(), [200, '148'], 'kept: one point')
  for (let i = 0; i < 148; i++) await app.inject({ url, ...client })
  const spent = await app.inject({ url, ...client })
  t.equal(spent.statusCode, 429, 'a kept answer is refused once the budget is spent')
  t.equal(spent.json().errors[0].extensions.code, 'CF_RATE_LIMITED')
})

t.test('load shedding: 503 with Retry-After when the process is over its thresholds; liveness still answers', async (t) => {
  // A heap threshold of 1 MB is always exceeded: the first sample (250 ms) turns shedding on.
  const app = await build(t, { shedding: { eventLoopDelayMs: 0, heapUsedMb: 1 } })
  await new Promise((resolve) => setTimeout(resolve, 600))
  const res = await app.inject('/v1/regions?limit=1')
  const body = isProblem(t, res, 503, 'under pressure')
  t.equal(body.code, 'CF_OVERLOADED')
  t.equal(res.headers['retry-after'], '5')
  t.equal((await app.inject('/health')).statusCode, 200)
})

t.test('load shedding: the start itself is not load (the first sample after ready is not held against requests)', async (t) => {
  const busy = (ms: number): void => { const end = performance.now() + ms; while (performance.now() < end) { /* the event loop is blocked */ } }
  // Blocked for 400 ms during the start, as compiling and opening the database do.
  const app = Fastify({ ...fastifyOptions, logger: false })
  await app.register(appPlugin, { databasePath: await testDatabasePath(), ...TEST_GUARD, shedding: { eventLoopDelayMs: 5, heapUsedMb: 0 } })
  app.register(async () => { busy(400) })
  await app.ready()
  t.teardown(() => app.close())
  await new Promise((resolve) => setTimeout(resolve, 20)) // the sample of the start has been taken
  t.equal((await app.inject('/v1/regions?limit=1')).statusCode, 200, 'the first request after the start is answered')
  // Later, a blocked event loop is load again.
  await new Promise((resolve) => setTimeout(resolve, 600))
  busy(400)
  await new Promise((resolve) => setTimeout(resolve, 50))
  isProblem(t, await app.inject('/v1/regions?limit=1'), 503, 'a blocked event loop sheds once the start is past')
})

t.test('draining: readiness fails and every answer closes its connection', async (t) => {
  const app = await build(t)
  t.equal((await app.inject('/ready')).statusCode, 200)
  app.lifecycle.draining = true
  const ready = await app.inject('/ready')
  isProblem(t, ready, 503, 'readiness while draining')
  t.equal(ready.headers.connection, 'close')
  const res = await app.inject('/v1/regions?limit=1')
  t.equal(res.statusCode, 200, 'requests are still answered')
  t.equal(res.headers.connection, 'close')
})

/** Sends raw bytes to a listening app and returns what comes back, and whether the server closed the socket. */
async function raw (port: number, bytes: string): Promise<{ response: string, closed: boolean }> {
  return await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let response = ''
    socket.on('data', (d) => { response += d.toString() })
    socket.on('end', () => resolve({ response, closed: true }))
    socket.on('error', reject)
    socket.write(bytes)
    setTimeout(() => { socket.destroy(); resolve({ response, closed: false }) }, 3000)
  })
}

t.test("the HTTP parser's own errors are problem documents that close the connection", async (t) => {
  const app = await build(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as { port: number }).port
  const huge = await raw(port, `GET /v1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(LIMITS.http.headerBytes + 10)}\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n`)
  t.match(huge.response, /^HTTP\/1\.1 431 /)
  t.match(huge.response, /Content-Type: application\/problem\+json/i)
  t.match(huge.response, /Connection: close/i)
  t.match(huge.response, /"code":"CF_HTTP_431"/)
  t.notMatch(huge.response, /"status":"ok"/, 'what followed on the socket was not taken as a request')
  t.ok(huge.closed, 'the server closed the connection')
  const garbage = await raw(port, 'NOT HTTP AT ALL\r\n\r\n')
  t.match(garbage.response, /^HTTP\/1\.1 400 /)
  t.match(garbage.response, /"code":"CF_HTTP_400"/)
  t.ok(garbage.closed)
  // A body over the limit is refused with a GraphQL error (its route speaks GraphQL).
  const big = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query: `{ dataset { version } } #${'x'.repeat(LIMITS.bodyBytes)}` }) })
  t.equal(big.statusCode, 413)
  t.ok(big.json().errors[0].message)
})

t.test('admission by turn: once a burst has taken its budget, the rest of it is refused at once', async (t) => {
  const { createServer } = await import('node:http')
  const { admitByTurn } = await import('../../src/plugins/guard.js')
  // A handler that works 10 ms synchronously, as a heavy query does.
  const server = createServer(admitByTurn(15, (req, res) => {
    const until = performance.now() + 10
    while (performance.now() < until) { /* busy */ }
    res.end(req.url)
  }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const port = (server.address() as { port: number }).port
  const { Agent, request } = await import('node:http')
  const agent = new Agent({ keepAlive: true, maxSockets: 20 })
  const one = async (path: string): Promise<{ status: number, retryAfter?: string, type?: string }> => await new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path, agent }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, type: res.headers['content-type'] }))
    }).on('error', reject).end()
  })
  // Open the sockets first, so that the burst below arrives in one turn.
  await Promise.all(Array.from({ length: 10 }, (_, i) => one(`/warm${i}`)))
  const burst = await Promise.all([...Array.from({ length: 10 }, (_, i) => one(`/x${i}`)), one('/health')])
  const accepted = burst.filter((r) => r.status === 200).length
  const refused = burst.filter((r) => r.status === 503)
  t.ok(accepted >= 1 && accepted <= 4, `a few of the burst are served (${accepted})`)
  t.ok(refused.length >= 6, `the rest are refused (${refused.length})`)
  t.ok(refused.every((r) => r.retryAfter === '1' && /problem\+json/.test(r.type ?? '')), 'with Retry-After, as problem documents')
  t.equal(burst[10]!.status, 200, 'liveness is never refused')
  // Once the burst is over, the next request is served.
  t.equal((await one('/after')).status, 200)
  agent.destroy()
  const plain = (): void => {}
  t.equal(admitByTurn(0, plain), plain, 'a budget of 0 turns admission off')
})

/**
 * A server behind admission by turn (budget `turnMs`, with the floor of `floor` open connections,
 * or as the server configures it from `env`) whose handler works `workMs(url)` synchronously, told
 * that `open` connections are open, and a client of it that returns each answer's status, over
 * kept-alive sockets (with the server's port).
 */
async function busyServer (t: Test, turnMs: number, workMs: (url: string) => number, open: number, floor = 0, env?: Record<string, string>): Promise<((path: string) => Promise<number>) & { port: number }> {
  const { createServer, Agent, request } = await import('node:http')
  const { admitByTurn, admitByConfig } = await import('../../src/plugins/guard.js')
  const { loadConfig } = await import('../../src/config.js')
  const work = (req: IncomingMessage, res: ServerResponse): void => {
    const until = performance.now() + workMs(req.url ?? '')
    while (performance.now() < until) { /* busy */ }
    res.end(req.url)
  }
  // With `env`, admission as the server sets it up from that configuration (SHED_TURN_MS etc.).
  const server = createServer(env ? admitByConfig(loadConfig({ ...env, SHED_TURN_MS: String(turnMs) }), work, () => open) : admitByTurn(turnMs, work, { open: () => open, floor }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  const agent = new Agent({ keepAlive: true, maxSockets: 20 })
  t.teardown(() => { agent.destroy(); server.close() })
  return Object.assign(async (path: string) => await new Promise<number>((resolve, reject) => {
    request({ port, host: '127.0.0.1', path, agent }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode!))
    }).on('error', reject).end()
  }), { port })
}

t.test('admission by turn: a turn past its budget goes on to twice it when the rest of its burst fits', async (t) => {
  // Each request works 16 ms; the budget is 60 ms, so 120 at most. The margins below are 40 ms
  // and more, so that a loaded machine does not change the outcome.
  /** A server told that `open` connections are open; it returns a client that sends bursts of n on n sockets. */
  const serve = async (open: number): Promise<(n: number) => Promise<number[]>> => {
    const one = await busyServer(t, 60, () => 16, open)
    return async (n) => await Promise.all(Array.from({ length: n }, (_, i) => one(`/x${i}`)))
  }
  /** A burst of `size` on `open` connections, after two of `open` (the sockets, and a burst that big lately). */
  const burst = async (open: number, size: number): Promise<number[]> => {
    const send = await serve(open)
    await send(open)
    await send(open)
    return await send(size)
  }
  // Five on five: the fifth starts at 64 ms, past the budget, and the burst ends at 80 ms.
  t.same(await burst(5, 5), [200, 200, 200, 200, 200], 'a burst that ends within twice the budget is served whole')
  // Five, with twelve connections open and a burst of twelve lately: the rest could take
  // 64 + 8 × 16 ms, so the fifth is refused at the budget, as in a flood.
  const flood = await burst(12, 5)
  t.ok(flood.filter((s) => s === 503).length >= 1, `a request past the budget is refused when the rest may not fit (${flood.join(' ')})`)
  // Nine on nine: the fifth, at 64 ms, would end the burst at 144 ms and is refused; the last
  // three would fit by themselves (64 + 3 × 16 ms), but a turn that has refused refuses the rest.
  const sticky = await burst(9, 9)
  t.ok(sticky.filter((s) => s === 503).length >= 5, `once refusing, the rest of the burst is refused (${sticky.join(' ')})`)
  // Five, with twelve connections open but bursts of five lately: the rest is taken as the
  // smaller, and the burst is served whole.
  const send = await serve(12)
  await send(12)
  await new Promise((resolve) => setTimeout(resolve, 1100))
  await send(5)
  t.same(await send(5), [200, 200, 200, 200, 200], 'the rest of a burst is no bigger than the biggest burst of the last second')
  // And no bigger than the connections open: bursts of twelve lately, five open now (the server
  // is told five; the client's other sockets stand for connections closed since).
  const few = await serve(5)
  await few(12)
  await few(12)
  t.same(await few(5), [200, 200, 200, 200, 200], 'the rest of a burst is at most one request per open connection')
})

t.test('admission by turn: a pause of the process in a burst is not taken as the pace of the rest of it', async (t) => {
  // Budget 60 ms (120 at most); requests take 6 ms, but /pause holds the process for 70 ms, as a
  // collection or the scheduler can.
  const one = await busyServer(t, 60, (url) => url === '/pause' ? 70 : 6, 4)
  const send = async (paths: string[]): Promise<number[]> => await Promise.all(paths.map(one))
  // Bursts of four at 6 ms each, enough for the turns' average pace to be theirs.
  for (let i = 0; i < 60; i++) await send(Array.from({ length: 4 }, (_, j) => `/x${j}`))
  // The pause first: the second request starts at 70 ms, past the budget, after one request in
  // 70 ms; at that turn's pace the three left would end at 280 ms, at the usual pace at 88 ms.
  const burst = await send(['/pause', '/y0', '/y1', '/y2'])
  t.same(burst, [200, 200, 200, 200], `the burst is served whole (${burst.join(' ')})`)
})

t.test('admission by turn: below a floor of open connections a turn goes on to eight times its budget, unless it holds pipelined requests', async (t) => {
  // Budget 60 ms (120 at most, 480 under the floor), 16 ms a request: a burst of nine takes
  // 144 ms, and with no floor its fifth request on is refused (above).
  const nine = Array.from({ length: 9 }, () => 200)
  const bursts = async (open: number, floor: number, turnMs = 60, env?: Record<string, string>): Promise<number[]> => {
    const one = await busyServer(t, turnMs, () => 16, open, floor, env)
    const send = async (): Promise<number[]> => await Promise.all(Array.from({ length: 9 }, (_, i) => one(`/x${i}`)))
    await send()
    await send()
    return await send()
  }
  t.same(await bursts(9, 9), nine, 'with no more connections open than the floor, the burst is served whole')
  const over = await bursts(10, 9)
  t.ok(over.filter((s) => s === 503).length >= 5, `with one connection more, the rest of it is refused past the budget (${over.join(' ')})`)
  // The server's own configuration: SHED_TURN_MIN_CONNECTIONS, 64 unless set.
  t.same(await bursts(9, 0, 60, {}), nine, 'the server configured by default serves the burst whole (a floor of 64)')
  const configured = await bursts(9, 0, 60, { SHED_TURN_MIN_CONNECTIONS: '8' })
  t.ok(configured.filter((s) => s === 503).length >= 5, `SHED_TURN_MIN_CONNECTIONS=8 is the floor the server applies (${configured.join(' ')})`)
  // Under the floor, a budget of 5 ms: the turn may run to 40 ms, so the fourth request, at
  // 48 ms, and the rest are refused.
  const ceiling = await bursts(9, 9, 5)
  t.ok(ceiling.filter((s) => s === 503).length >= 5, `under the floor, the turn is still cut at eight times its budget (${ceiling.join(' ')})`)
  // Nine requests pipelined on one connection, nine connections open (the server is told so, as
  // if eight others were idle), the floor nine.
  /** Three bursts of nine requests pipelined on one connection; the last one's statuses. */
  const pipelined = async (port: number): Promise<number[]> => {
    const burst = async (): Promise<number[]> => await new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1')
      let text = ''
      socket.setEncoding('latin1')
      socket.on('data', (chunk: string) => {
        text += chunk
        const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))
        if (statuses.length === 9) { socket.destroy(); resolve(statuses) }
      })
      socket.on('error', reject)
      socket.write(Array.from({ length: 9 }, (_, i) => `GET /p${i} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''))
    })
    await burst()
    await burst()
    return await burst()
  }
  const piped = await pipelined((await busyServer(t, 60, () => 16, 9, 9)).port)
  t.ok(piped.filter((s) => s === 503).length >= 5, `pipelined requests are refused past the budget below the floor too (${piped.join(' ')})`)
  // And the one connection they come on does not bound the rest of their burst (no floor; one
  // connection open, as the server is told).
  const alone = await pipelined((await busyServer(t, 60, () => 16, 1)).port)
  t.ok(alone.filter((s) => s === 503).length >= 5, `the rest of a pipelined burst is not bounded by its connections (${alone.join(' ')})`)
})

t.test('heavy queries run in worker threads, bounded in number and time, each answered as inline', async (t) => {
  const inline = await build(t)
  const pooled = await build(t, { heavyThreads: 1 })
  t.equal(pooled.heavy.pooled, true)
  const urls = [
    '/v1/indicators/summary?groupBy=region&rollup=province',
    '/v1/indicators/summary?metric=education.*&groupBy=metric,year&format=csv',
    '/v1/observations?metric=heroes.*&shape=wide',
  ]
  for (const url of urls) {
    const a = await inline.inject(url)
    const b = await pooled.inject(url)
    t.equal(b.statusCode, 200, url)
    t.equal(b.body, a.body, `${url}: the same answer from a worker thread`)
  }
  // Errors keep their code and parameter across the thread.
  const bad = await pooled.inject('/v1/indicators/summary?groupBy=nope')
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().parameter, 'groupBy')
  const gql = await pooled.inject({ method: 'POST', url: '/graphql', payload: { query: '{ indicatorSummary(groupBy: [metric]) { rows { unit count } } }' } })
  t.equal(gql.statusCode, 200)
  t.ok(gql.json().data.indicatorSummary.rows.length > 10)

  // Beyond the queue: 503 with Retry-After, at once.
  const { LIMITS: L } = await import('../../src/limits.js')
  const flood = await Promise.all(Array.from({ length: L.heavy.queue + 12 }, (_, i) => pooled.inject(`/v1/indicators/summary?groupBy=region,year&minValue=${i}`)))
  const refused = flood.filter((r) => r.statusCode === 503)
  t.ok(refused.length > 0, `${refused.length} of ${flood.length} refused when the queue is full`)
  t.ok(refused.every((r) => r.headers['retry-after'] === '2' && r.json().code === 'CF_OVERLOADED'), 'with Retry-After and a problem document')
  t.ok(flood.filter((r) => r.statusCode === 200).length >= L.heavy.queue, 'what fits is answered')
})

t.test("Swagger UI's file route: a path it refuses is a client error with its own code, never an internal one", async (t) => {
  const app = await build(t)
  for (const [url, status] of [['/docs/%00', 400], ['/docs/..%2f..%2fpackage.json', 403]] as const) {
    const body = isProblem(t, await app.inject(url), status, url)
    t.equal(body.code, `CF_HTTP_${status}`, `${url}: code`)
  }
  t.equal((await app.inject('/docs/static/swagger-ui.css')).statusCode, 200, 'its files are served')
})
