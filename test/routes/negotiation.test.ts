// The edges of what a client asks for and what it gets back: Accept and Accept-Encoding with
// parameters, spaces and zero weights; the compressed forms of a kept answer made once and reused;
// brotli at the quality chosen; a stream answered 304; the count header only when counted; and
// which schemas the CSV columns flatten. One app with a route of its own.
import t from 'tap'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, constants as zlib } from 'node:zlib'
import Fastify from 'fastify'
import { Type } from 'typebox'
import appPlugin, { fastifyOptions } from '../../src/app.js'
import { columnsOf } from '../../src/routes/http.js'
import { testDatabasePath, TEST_GUARD } from '../helper.js'

const app = Fastify({ ...fastifyOptions, logger: false })
await app.register(appPlugin, { databasePath: await testDatabasePath(), ...TEST_GUARD })
// Text that compresses differently at each brotli quality (a repeated letter does not).
let x = 7
const text = Array.from({ length: 6000 }, () => { x = (x * 1103515245 + 12345) % 2147483648; return 'abcdefghij klmnopqrstuvwxyz,.'[x % 29] }).join('')
await app.register(async (f) => {
  f.get('/x-test/text', { schema: { hide: true } }, async (_request, reply) => reply.type('text/plain; charset=utf-8').send(text))
})
await app.ready()
t.teardown(() => app.close())

const URL = '/v1/regions?limit=60'

t.test('a kept answer is sent in the encoding Accept-Encoding allows: parameters, spaces, zero weights and *', async (t) => {
  const first = await app.inject(URL)
  t.ok(first.rawPayload.length > 2048, 'big enough to compress')
  const cases: Array<[string, string | undefined]> = [
    ['gzip;q=0, br;q=0', undefined],
    ['br;q=0.5', 'br'],
    ['gzip; q=1', 'gzip'],
    ['gzip;level=1', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity, *', 'gzip'],
    ['*;q=0', undefined],
    ['identity', undefined],
  ]
  for (const [header, encoding] of cases) {
    const res = await app.inject({ url: URL, headers: { 'accept-encoding': header } })
    t.equal(res.headers['content-encoding'], encoding, header)
    const body = encoding === 'br' ? brotliDecompressSync(res.rawPayload) : encoding === 'gzip' ? gunzipSync(res.rawPayload) : res.rawPayload
    t.same(body, first.rawPayload, `${header}: the same answer`)
  }
})

t.test('a compressed form is made once and sent again as it was kept', async (t) => {
  const url = '/v1/regions?limit=70'
  await app.inject(url)
  const key = `${url}\0`
  await app.inject({ url, headers: { 'accept-encoding': 'br' } })
  const kept = app.responseCache.get(key)!
  t.ok(kept.br && kept.br.length > 0, 'the brotli form is kept with the answer')
  t.same(brotliDecompressSync(kept.br!), kept.body)
  // A kept form is what is sent: replaced by a marker, the marker is what comes back.
  app.responseCache.set(key, { ...kept, br: Buffer.from('kept form') })
  const again = await app.inject({ url, headers: { 'accept-encoding': 'br' } })
  t.equal(again.body, 'kept form')
})

t.test('brotli at quality 4 for a first answer and for a kept one', async (t) => {
  const q4 = brotliCompressSync(text, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } })
  t.notSame(q4, brotliCompressSync(text), 'the default quality compresses this text otherwise')
  const first = await app.inject({ url: '/x-test/text', headers: { 'accept-encoding': 'br' } })
  t.equal(first.headers['content-encoding'], 'br')
  t.same(first.rawPayload, q4, 'the first answer, by the compression plugin')
  const kept = await app.inject({ url: '/x-test/text', headers: { 'accept-encoding': 'br' } })
  t.same(brotliDecompressSync(kept.rawPayload).toString(), text)
  t.same(kept.rawPayload, brotliCompressSync(text, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: text.length } }), 'the kept answer, compressed here')
})

t.test('Accept with spaces and media type parameters', async (t) => {
  const csv = await app.inject({ url: '/v1/documents?limit=1', headers: { accept: 'application/xml, text/csv' } })
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8', 'a second range after a space')
  const param = await app.inject({ url: '/v1/documents?limit=1', headers: { accept: 'text/csv;charset=utf-8' } })
  t.equal(param.headers['content-type'], 'text/csv; charset=utf-8', 'a parameter that is not q')
  const weighed = await app.inject({ url: '/v1/documents?limit=1', headers: { accept: 'text/csv;charset=utf-8;q=0.2, application/x-ndjson;q=0.9' } })
  t.equal(weighed.headers['content-type'], 'application/x-ndjson; charset=utf-8')
})

t.test('X-Total-Count only when counted, in NDJSON as in CSV', async (t) => {
  for (const format of ['ndjson', 'csv']) {
    const plain = await app.inject(`/v1/organs?limit=2&format=${format}`)
    t.equal(plain.headers['x-total-count'], undefined, `${format} without count=true`)
    const counted = await app.inject(`/v1/organs?limit=2&format=${format}&count=true`)
    t.match(counted.headers['x-total-count'], /^[1-9]\d*$/, `${format} with count=true`)
  }
})

t.test('a stream answered 304 is not read, and the same stream is whole afterwards', async (t) => {
  const url = '/v1/regions?limit=all&format=ndjson'
  const held = await app.inject({ url, headers: { 'if-none-match': '*' } })
  t.same([held.statusCode, held.body, held.headers['content-length']], [304, '', undefined])
  const whole = await app.inject(url)
  t.equal(whole.body.split('\n').length - 1, 3235)
})

t.test('CSV columns flatten object schemas only', async (t) => {
  const schema = Type.Object({
    a: Type.Object({ b: Type.String(), c: Type.Object({ d: Type.Number() }) }),
    free: Type.Record(Type.String(), Type.String()),
    untyped: Type.Unsafe<unknown>({ properties: { e: { type: 'string' } } }),
    either: Type.Union([Type.Null(), Type.Object({ f: Type.String() })]),
    plain: Type.String(),
  })
  t.same(columnsOf(schema), ['a.b', 'a.c.d', 'free', 'untyped', 'either.f', 'plain'])
})
