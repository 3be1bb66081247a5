// Kept answers sent before Fastify sees the request (answerRaw in src/plugins/http.ts, called by
// src/server.ts), as a client of the process sees them: the same bytes and headers as the answers
// before them, counted against the same rate limit, and logged.
import t from 'tap'
import { request } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { startServer } from './server-process.js'

interface Answer { status: number, headers: Record<string, string>, body: Buffer }

async function get (origin: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return await new Promise((resolve, reject) => {
    request(origin + path, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }))
    }).on('error', reject).end()
  })
}

/**
 * The headers that must be the same for every answer to a request: not the date nor the budget
 * left; Vary as a set of names; and not how the length is sent (a computed answer compressed on
 * the fly is chunked, a kept one has its length).
 */
function stable (a: Answer): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(a.headers)) {
    if (['date', 'ratelimit-remaining', 'ratelimit-reset', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name)) continue
    out[name] = name === 'vary' ? [...new Set(value.split(',').map((v) => v.trim().toLowerCase()))].sort().join(', ') : value
  }
  return out
}

/** Log lines of answers sent before Fastify, once the log has caught up with `atLeast` of them (or 2 s). */
async function keptLines (output: () => string, atLeast: number): Promise<number> {
  const count = (): number => output().split('\n').filter((l) => l.includes('"kept":true')).length
  for (let i = 0; i < 40 && count() < atLeast; i++) await new Promise((resolve) => setTimeout(resolve, 50))
  return count()
}

t.test('sent before Fastify: the same answer, counted by the rate limit, logged', async (t) => {
  const server = await startServer({ RATE_LIMIT_MAX: '13', LOG_LEVEL: 'info' })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const kept = async (atLeast = 0): Promise<number> => await keptLines(server.output, atLeast)

  for (const [path, headers] of [
    ['/v1/regions?limit=3', {}], ['/v1/indicators?limit=30', { 'accept-encoding': 'gzip' }], ['/v1/regions?limit=3&format=csv', {}],
  ] as Array<[string, Record<string, string>]>) {
    const computed = await get(server.origin, path, headers)
    // A compressed form is made once, by the preHandler path (off the event loop).
    if (headers['accept-encoding'] !== undefined) await get(server.origin, path, headers)
    const early = await get(server.origin, path, headers) // from onRequest, which keeps its headers
    const before = await kept()
    const raw = await get(server.origin, path, headers)
    t.equal(await kept(before + 1), before + 1, `${path}: the third answer is sent before Fastify`)
    t.same([computed.status, early.status, raw.status], [200, 200, 200])
    t.same(raw.body, computed.body, `${path}: the same bytes`)
    t.same(stable(raw), stable(computed), `${path}: the same headers`)
    t.same(stable(raw), stable(early))
    t.equal(raw.headers['ratelimit-limit'], '13')
    t.equal(Number(raw.headers['ratelimit-remaining']), Number(early.headers['ratelimit-remaining']) - 1, `${path}: counted`)
    if (headers['accept-encoding'] === 'gzip') {
      t.equal(raw.headers['content-encoding'], 'gzip')
      t.ok(gunzipSync(raw.body).length > raw.body.length)
    }
  }
  // Ten requests spent; three more fit, whichever path answers them, then the budget is spent.
  const statuses: number[] = []
  for (let i = 0; i < 4; i++) statuses.push((await get(server.origin, '/v1/regions?limit=3')).status)
  t.same(statuses, [200, 200, 200, 429], 'a kept answer is refused once the budget is spent')

  // A request behind a proxy header is left to Fastify, which works out its client.
  // One for each of the three paths above, and the three answers that fit.
  const before = await kept(6)
  t.equal(before, 6)
  const other = await get(server.origin, '/v1/regions?limit=3', { 'x-forwarded-for': '10.9.9.9' })
  t.equal(other.status, 429, 'the same client (TRUST_PROXY is off)')
  t.equal(await kept(before + 1), before, 'left to Fastify')
})

t.test('not before Fastify: a GraphQL answer (costed), a conditional request', async (t) => {
  const server = await startServer({ LOG_LEVEL: 'info' })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const kept = async (atLeast = 0): Promise<number> => await keptLines(server.output, atLeast)
  const gql = `/graphql?query=${encodeURIComponent('{ regions(first: 2) { nodes { code } } }')}`
  for (let i = 0; i < 3; i++) t.equal((await get(server.origin, gql)).status, 200)
  t.equal(await kept(1), 0, 'a GraphQL answer is charged to its budget by Fastify\'s path')
  const encoded = gql.replace('/graphql', '/%67raphql/')
  for (let i = 0; i < 3; i++) t.equal((await get(server.origin, encoded)).status, 200)
  t.equal(await kept(1), 0, 'and so is one asked for at /%67raphql/')
  const path = '/v1/metrics?limit=2'
  const first = await get(server.origin, path)
  await get(server.origin, path)
  t.equal((await get(server.origin, path, { 'if-none-match': first.headers.etag! })).status, 304)
  t.equal(await kept(1), 0, 'a conditional request is answered by Fastify')
  t.equal((await get(server.origin, path)).status, 200)
  t.equal(await kept(1), 1, 'a plain one is sent before Fastify')
  // Deflate alone is the compression plugin's (an answer over 2 KiB, kept, then asked for so).
  const big = '/v1/indicators?limit=20'
  for (let i = 0; i < 3; i++) await get(server.origin, big)
  t.equal(await kept(2), 2)
  const deflated = await get(server.origin, big, { 'accept-encoding': 'deflate' })
  t.equal(deflated.headers['content-encoding'], 'deflate')
  t.equal(await kept(3), 2, 'a client that takes only deflate is answered by Fastify')
})
