// The response cache: a repeated successful GET is answered from memory (no SQL), in the format and
// encoding asked for, with the same headers and bytes; errors, no-store answers and streams are
// never kept; the cache is bounded in bytes.
import t from 'tap'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { build } from '../helper.js'
import { LIMITS } from '../../src/limits.js'

t.test('a repeated GET costs no SQL and answers the same bytes, in every format and encoding', async (t) => {
  const app = await build(t)
  const statements = async (url: string, headers: Record<string, string> = {}): Promise<{ n: number, body: string, headers: Record<string, unknown> }> => {
    const before = app.queries.cache.executed
    const res = await app.inject({ url, headers })
    t.equal(res.statusCode, 200, url)
    const enc = res.headers['content-encoding']
    const body = enc === 'br' ? brotliDecompressSync(res.rawPayload).toString() : enc === 'gzip' ? gunzipSync(res.rawPayload).toString() : res.body
    return { n: app.queries.cache.executed - before, body, headers: res.headers }
  }
  const url = '/v1/indicators?limit=20&sort=-date'
  const first = await statements(url)
  t.ok(first.n > 0, 'the first request runs its statement')
  const second = await statements(url)
  t.equal(second.n, 0, 'the second runs none')
  t.equal(second.body, first.body, 'the same bytes')
  for (const h of ['content-type', 'etag', 'cache-control', 'link', 'content-security-policy', 'access-control-allow-origin']) {
    t.equal(second.headers[h], first.headers[h], `the same ${h}`)
  }
  const br = await statements(url, { 'accept-encoding': 'br' })
  t.equal(br.headers['content-encoding'], 'br')
  t.equal(br.body, first.body, 'brotli decodes to the same bytes')
  const gz = await statements(url, { 'accept-encoding': 'gzip;q=1, br;q=0' })
  t.equal(gz.headers['content-encoding'], 'gzip', 'br;q=0 is refused, so gzip')
  t.equal(gz.body, first.body)
  const csv = await statements(url, { accept: 'text/csv' })
  t.ok(csv.n > 0, 'another format is another answer')
  t.match(csv.headers['content-type'], /text\/csv/)
  t.equal((await statements(url, { accept: 'text/csv' })).n, 0)
  t.not(csv.body, first.body)
})

t.test('errors, no-store answers and streams are not kept', async (t) => {
  const app = await build(t)
  const runs = async (url: string): Promise<number> => {
    const before = app.queries.cache.executed
    await app.inject(url)
    return app.queries.cache.executed - before
  }
  t.ok(await runs('/v1/regions/999999') > 0)
  t.ok(await runs('/v1/regions/999999') > 0, 'a 404 is asked again')
  t.ok(await runs('/ready') > 0)
  t.ok(await runs('/ready') > 0, 'readiness is asked again')
  t.ok(await runs('/v1/indicators?limit=all&format=csv') > 0)
  t.ok(await runs('/v1/indicators?limit=all&format=csv') > 0, 'a stream is made again')
  const q = `/graphql?query=${encodeURIComponent('{ organs(after: "bnVsbA") { nodes { id } } }')}`
  await app.inject(q)
  t.equal(app.responseCache.has(`${q}\0`), false, 'a GraphQL answer with errors is not kept')
})

t.test('the cache is bounded in bytes', async (t) => {
  const app = await build(t)
  for (let i = 0; i < 400; i++) await app.inject(`/v1/indicators?limit=${100 + i}`)
  t.ok(app.responseCache.calculatedSize <= LIMITS.responseCache.bytes, `${app.responseCache.calculatedSize} bytes held`)
  t.ok(app.responseCache.size < 400, `older answers were let go (${app.responseCache.size} kept)`)
})
