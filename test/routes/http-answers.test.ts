// What the HTTP plugin does to an answer on its way out, in the cases test/routes/http.test.ts
// leaves aside: HEAD from the cache, a first answer compressed by the compression plugin, the
// headers an answer is kept with, a 304 that drops the length a route set, and 405 for ids as
// long as the router allows. One app with two routes of its own.
import t from 'tap'
import { brotliCompressSync, deflateSync, gzipSync, constants as zlib } from 'node:zlib'
import Fastify, { type LightMyRequestResponse } from 'fastify'
import appPlugin, { fastifyOptions } from '../../src/app.js'
import { testDatabasePath, TEST_GUARD } from '../helper.js'

const app = Fastify({ ...fastifyOptions, logger: false })
await app.register(appPlugin, { databasePath: await testDatabasePath(), ...TEST_GUARD })
await app.register(async (f) => {
  f.get('/x-test/body', { schema: { hide: true } }, async (request, reply) => {
    reply.type('text/plain; charset=utf-8')
    return 'x'.repeat(Number((request.query as { n: string }).n))
  })
  f.get('/x-test/sized', { schema: { hide: true } }, async (_request, reply) => reply.header('content-length', 11).send('sized reply'))
})
await app.ready()
t.teardown(() => app.close())

/** A request and the statements the query layer ran for it. */
async function run (method: 'GET' | 'HEAD', url: string, headers: Record<string, string> = {}): Promise<{ n: number, res: LightMyRequestResponse }> {
  const before = app.queries.cache.executed
  const res = await app.inject({ method, url, headers })
  return { n: app.queries.cache.executed - before, res }
}

t.test('HEAD is answered from the cache and from a held tag, with no work', async (t) => {
  const url = '/v1/regions/431100'
  const get = await run('GET', url)
  t.ok(get.n > 0)
  const head = await run('HEAD', url)
  t.same([head.n, head.res.statusCode, head.res.body, head.res.headers['content-length'], head.res.headers.etag],
    [0, 200, '', String(get.res.rawPayload.length), get.res.headers.etag])
  const held = await run('HEAD', '/v1/regions/431200', { 'if-none-match': String((await app.inject('/v1/regions/431200')).headers.etag) })
  t.same([held.n, held.res.statusCode], [0, 304])
})

t.test('an answer is kept with its own headers only', async (t) => {
  const url = '/v1/regions?limit=2&count=true&format=csv'
  const res = await app.inject(url)
  t.same(app.responseCache.get(`${url}\0`)!.headers, {
    'content-type': 'text/csv; charset=utf-8',
    link: res.headers.link,
    'x-total-count': '3235',
    'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  })
  await app.inject('/v1/regions/431300')
  t.same(Object.keys(app.responseCache.get('/v1/regions/431300\0')!.headers), ['content-type', 'content-security-policy'], 'no link or count where there is none')
})

t.test('a first answer is compressed by the compression plugin: brotli at quality 4, gzip or deflate', async (t) => {
  const body = 'x'.repeat(5000)
  const br = await app.inject({ url: '/x-test/body?n=5000', headers: { 'accept-encoding': 'br' } })
  t.equal(br.headers['content-encoding'], 'br')
  t.same(br.rawPayload, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } }))
  const gz = await app.inject({ url: '/x-test/body?n=5001', headers: { 'accept-encoding': 'gzip' } })
  t.equal(gz.headers['content-encoding'], 'gzip')
  t.same(gz.rawPayload, gzipSync(`${body}x`))
  const deflate = await app.inject({ url: '/x-test/body?n=5002', headers: { 'accept-encoding': 'deflate' } })
  t.equal(deflate.headers['content-encoding'], 'deflate')
  t.same(deflate.rawPayload, deflateSync(`${body}xx`))
  const small = await app.inject({ url: '/x-test/body?n=2047', headers: { 'accept-encoding': 'gzip' } })
  t.equal(small.headers['content-encoding'], undefined, 'under 2,048 bytes it is not worth it')
})

t.test('a 304 drops the length the route set, and has none of its own', async (t) => {
  const plain = await app.inject('/x-test/sized')
  t.same([plain.statusCode, plain.headers['content-length'], plain.body], [200, '11', 'sized reply'])
  const star = await app.inject({ url: '/x-test/sized', headers: { 'if-none-match': '*' } })
  t.same([star.statusCode, star.headers['content-length'], star.body], [304, undefined, ''])
})

t.test('405 for ids as long as the routes take (the router of known paths does not stop at 100 characters)', async (t) => {
  for (const n of [101, 200]) {
    const res = await app.inject({ method: 'DELETE', url: `/v1/organs/${'a'.repeat(n)}` })
    t.equal(res.statusCode, 405, `${n} characters`)
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
  }
})
