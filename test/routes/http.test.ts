// The REST helpers (src/routes/http.ts) and the HTTP plugin (src/plugins/http.ts) as a client sees
// them, on one app with a few routes of its own for what the API's routes never do (set their own
// validators, compress, fail, redirect, answer other methods): formats and negotiation, pages and
// Link, problem documents, ETags and 304s, Cache-Control and Vary, the response cache, 404/405 and
// OPTIONS, security headers. One app for the whole file, so that it runs in seconds.
import t, { type Test } from 'tap'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync, constants as zlib } from 'node:zlib'
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify'
import { parse as parseCsv } from 'csv-parse/sync'
import { parse as parseYaml } from 'yaml'
import appPlugin, { fastifyOptions } from '../../src/app.js'
import { testDatabasePath, TEST_GUARD } from '../helper.js'
import { LIMITS } from '../../src/limits.js'
import { projectRoot } from '../../src/paths.js'
import { ENTRY_OVERHEAD, PAGE_CSP_HEADER } from '../../src/plugins/http.js'
import { csvHeader, csvRow, csvRows, flatten, listRequest, negotiate, commaList, streamLines, STREAM_SLICE_MS } from '../../src/routes/http.js'

type Json = Record<string, any>

const ENTRY = LIMITS.responseCache.entryBytes
const API_CSP = "default-src 'none';frame-ancestors 'none'"
const PAGE_CSP = "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'"

/** Routes that do what the API's own routes do not, to see the plugin handle it. */
async function testRoutes (f: FastifyInstance): Promise<void> {
  const hide = { schema: { hide: true } }
  // A body of n bytes: ASCII text, a Buffer, or 3-byte characters (n characters, 3n bytes).
  f.get('/x-test/body', hide, async (request, reply) => {
    const { n, kind } = request.query as { n: string, kind?: string }
    reply.type('text/plain; charset=utf-8')
    if (kind === 'buffer') return reply.send(Buffer.alloc(Number(n), 'b'))
    return kind === 'wide' ? '字'.repeat(Number(n)) : 'x'.repeat(Number(n))
  })
  // An answer with its own validator, caching policy and the other headers that belong to it.
  f.get('/x-test/own', hide, async (request, reply) => {
    const { cc } = request.query as { cc?: string }
    return reply.header('etag', '"own-1"').header('cache-control', cc ?? 'no-cache')
      .header('content-security-policy', "default-src 'self'").header('content-disposition', 'attachment; filename="own.txt"')
      .header('content-language', 'zh').header('link', '</x-test/own?page=2>; rel="next"').header('x-total-count', '7')
      .type('text/plain; charset=utf-8').send('own answer')
  })
  f.get('/x-test/no-store', hide, async (_request, reply) => reply.header('etag', '"own-2"').header('cache-control', 'no-store').send('fresh'))
  f.get('/x-test/fails', hide, async (_request, reply) => {
    reply.header('etag', '"own-3"').header('cache-control', 'public, max-age=60')
    throw new Error('SQLITE_CORRUPT at /srv/app/src/secret.ts:12')
  })
  f.get('/x-test/gzipped', hide, async (_request, reply) => reply.header('content-encoding', 'gzip').type('text/plain').send(gzipSync('compressed by the route')))
  f.get('/x-test/redirect', hide, async (_request, reply) => reply.redirect('/v1', 302))
  f.route({ method: ['PUT', 'DELETE', 'PATCH', 'OPTIONS'], url: '/x-test/methods', ...hide, handler: async () => 'ok' })
}

const app = Fastify({ ...fastifyOptions, logger: false })
await app.register(appPlugin, { databasePath: await testDatabasePath(), ...TEST_GUARD })
await app.register(testRoutes)
await app.ready()
t.teardown(() => app.close())

const version = app.queries.version
/** The ETag the plugin gives a successful answer: the dataset version and a hash of the URL and Accept. */
const tagFor = (url: string, accept = ''): string => `"${version}-${createHash('sha1').update(`${url}\0${accept}`).digest('base64url').slice(0, 16)}"`

async function get (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return await app.inject({ url, headers })
}

/** Statements the query layer ran for a request. */
async function statements (url: string, headers: Record<string, string> = {}): Promise<{ n: number, res: LightMyRequestResponse }> {
  const before = app.queries.cache.executed
  const res = await get(url, headers)
  return { n: app.queries.cache.executed - before, res }
}

/** What a function throws (an empty object when it does not). */
function thrown (fn: () => unknown): Json {
  try {
    fn()
  } catch (err) {
    return err as Json
  }
  return {}
}

function problemOf (t: Test, res: LightMyRequestResponse, status: number): Json {
  t.equal(res.statusCode, status)
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(res.headers['cache-control'], 'no-store', 'an error is never cached')
  t.equal(res.headers.etag, undefined, 'an error has no ETag')
  return res.json()
}

t.test('the format follows format=, else the Accept header by q-value, first listed on a tie', async (t) => {
  const type = async (accept: string | undefined, url = '/v1/regions?limit=1'): Promise<string> => {
    const res = await get(url, accept === undefined ? {} : { accept })
    t.equal(res.statusCode, 200, `${accept}: 200`)
    return String(res.headers['content-type'])
  }
  const JSON_ = 'application/json; charset=utf-8'
  const CSV = 'text/csv; charset=utf-8'
  const NDJSON = 'application/x-ndjson; charset=utf-8'
  const cases: Array<[string | undefined, string]> = [
    [undefined, JSON_], ['*/*', JSON_], ['application/*', JSON_], ['application/json', JSON_],
    ['text/csv', CSV], ['text/*', CSV], ['Text/CSV', CSV],
    ['application/x-ndjson', NDJSON], ['application/ndjson', NDJSON],
    ['text/csv;q=0.5, application/json', JSON_],
    ['application/json;q=0.5, text/csv', CSV],
    ['application/json; q=0.4, text/csv ; q=0.6', CSV],
    ['text/csv, application/x-ndjson', CSV],
    ['application/x-ndjson, text/csv', NDJSON],
    ['text/csv;q=0, application/x-ndjson;q=0.1', NDJSON],
    ['text/csv;level=1;q=0.2, application/x-ndjson;q=0.3', NDJSON],
    ['image/png, application/problem+json, text/csv;q=0.1', CSV],
  ]
  for (const [accept, expected] of cases) t.equal(await type(accept), expected, String(accept))
  t.equal(await type('application/json', '/v1/regions?limit=1&format=csv'), CSV, 'format= overrides Accept')
  t.equal(await type('text/csv', '/v1/regions?limit=1&format=ndjson'), NDJSON)
  t.equal(await type('text/csv, application/json;q=0.1', '/v1/regions/430700'), JSON_, 'an item is JSON only: the JSON range is taken')
})

t.test('nothing acceptable is a 406 that says what the resource is served as', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['/v1/regions?limit=1', 'image/png', 'application/json, text/csv, application/x-ndjson'],
    ['/v1/regions?limit=1', 'text/csv;q=0', 'application/json, text/csv, application/x-ndjson'],
    ['/v1/regions?limit=1', 'application/problem+json', 'application/json, text/csv, application/x-ndjson'],
    ['/v1/regions/430700', 'text/csv', 'application/json'],
    ['/v1/indicators/summary?groupBy=metric', 'application/x-ndjson', 'application/json, text/csv'],
  ]
  for (const [url, accept, served] of cases) {
    const body = problemOf(t, await get(url, { accept }), 406)
    t.same(body, {
      type: 'urn:campaign-facts:problem:not-acceptable',
      title: 'Not Acceptable',
      status: 406,
      detail: `None of the accepted media types can be served: ${accept}; this resource is served as ${served}`,
      code: 'CF_NOT_ACCEPTABLE',
    }, `${url} with ${accept}`)
  }
})

t.test('negotiate and listRequest refuse what the route schemas let through only if they change', async (t) => {
  const request = (query: Json, accept?: string): never => ({ query, headers: accept ? { accept } : {} }) as never
  t.match(thrown(() => negotiate(request({ format: 'csv' }), ['json'])), { parameter: 'format', detail: 'this resource is served as json', statusCode: 400 })
  t.match(thrown(() => negotiate(request({ format: 'ndjson' }), ['json', 'csv'])), { detail: 'this resource is served as json or csv' })
  t.equal(negotiate(request({ format: 'ndjson' })), 'ndjson', 'every format by default')
  t.equal(negotiate(request({}, 'text/csv')), 'csv')
  t.same(listRequest({}, 'json'), { limit: 50, cursor: undefined, sort: undefined, count: undefined }, '50 by default')
  t.same(listRequest({ limit: 1000, cursor: 'c', sort: 'id', count: true }, 'json'), { limit: 1000, cursor: 'c', sort: 'id', count: true })
  t.equal(listRequest({ limit: 1 }, 'csv').limit, 1)
  t.equal(listRequest({ limit: 'all' }, 'ndjson').limit, 'all')
  const hint = 'must be an integer from 1 to 1000, or all (CSV and NDJSON only)'
  for (const limit of [0, 1001, 1.5, Number.NaN]) {
    t.match(thrown(() => listRequest({ limit }, 'csv')), { parameter: 'limit', detail: hint }, `limit ${limit}`)
  }
  t.match(thrown(() => listRequest({ limit: 'all' }, 'json')), { parameter: 'limit', detail: '`all` is allowed for CSV and NDJSON only; page through JSON with cursor' })
})

t.test('comma lists: items trimmed, an empty item or more than the limit refused, naming the parameter', async (t) => {
  const units = (n: number): string => Array.from({ length: n }, (_, i) => `u${i}`).join(',')
  t.equal(commaList(undefined, 'level'), undefined)
  t.same(commaList(' a , b ', 'level'), ['a', 'b'])
  const both = (await get('/v1/regions?level=province,%20country&limit=1000')).json().data
  t.same([...new Set(both.map((r: Json) => r.level))].sort(), ['country', 'province'], 'a space after the comma is allowed')
  for (const [qs, detail] of [['level=province,,county', 'empty item in comma list'], ['level=province,', 'empty item in comma list'],
    [`unit=${units(LIMITS.listItems + 1)}`, `at most ${LIMITS.listItems} items`]]) {
    const parameter = qs.split('=')[0]
    const body = problemOf(t, await get(`/v1/${parameter === 'unit' ? 'indicators' : 'regions'}?${qs}`), 400)
    t.same(body, {
      type: 'urn:campaign-facts:problem:bad-parameter', title: 'Bad Request', status: 400,
      detail: `Invalid value for parameter ${parameter}: ${detail}`, code: 'CF_BAD_PARAMETER', parameter,
    }, qs.slice(0, 40))
  }
  const hundred = await get(`/v1/indicators?unit=persons,${units(LIMITS.listItems - 1)}&limit=1000`)
  t.equal(hundred.statusCode, 200, `${LIMITS.listItems} items are allowed`)
  t.ok(hundred.json().data.length > 0)
})

t.test('query strings: unknown parameters, missing required ones and bad limits are problem documents', async (t) => {
  t.same(problemOf(t, await get('/v1/regions?nope=1'), 400), {
    type: 'urn:campaign-facts:problem:unknown-parameter', title: 'Bad Request', status: 400,
    detail: 'Unknown query parameter nope', code: 'CF_UNKNOWN_PARAMETER', parameter: 'nope',
  })
  t.equal(problemOf(t, await get('/v1/regions/430700?format=json'), 400).parameter, 'format', 'an item takes no parameters')
  t.equal(problemOf(t, await get('/v1/indicators/summary'), 400).parameter, 'groupBy', 'groupBy is required')
  t.same(problemOf(t, await get('/v1/regions?limit=all'), 400), {
    type: 'urn:campaign-facts:problem:bad-parameter', title: 'Bad Request', status: 400,
    detail: 'Invalid value for parameter limit: `all` is allowed for CSV and NDJSON only; page through JSON with cursor',
    code: 'CF_BAD_PARAMETER', parameter: 'limit',
  })
})

t.test('JSON pages: the envelope, total with count=true, Link and page.next until the last page', async (t) => {
  const first = await get('/v1/regions')
  const body = first.json()
  t.equal(body.data.length, 50, '50 items by default')
  t.same(Object.keys(body), ['data', 'page'], 'no total without count=true')
  t.same(Object.keys(body.page), ['limit', 'next'])
  t.equal(body.page.limit, 50)
  t.equal(first.headers.link, `</v1/regions?cursor=${body.page.next}>; rel="next"`)
  t.equal(first.headers['x-total-count'], undefined)
  const counted = (await get('/v1/regions?limit=2&count=true')).json()
  t.equal(counted.total, 3235)
  t.equal(counted.page.limit, 2)

  // Walking the pages: the cursor is replaced, the other parameters kept (and encoded).
  let url = '/v1/regions?level=province,country&limit=20'
  const seen: string[] = []
  for (let guard = 0; guard < 5; guard++) {
    const res = await get(url)
    const page = res.json()
    seen.push(...page.data.map((r: Json) => r.code))
    if (page.page.next === null) {
      t.equal(res.headers.link, undefined, 'no Link on the last page')
      break
    }
    const next = `/v1/regions?level=province%2Ccountry&limit=20&cursor=${page.page.next}`
    t.equal(res.headers.link, `<${next}>; rel="next"`)
    url = next
  }
  t.equal(seen.length, 35, 'the country and its 34 provinces')
  t.equal(new Set(seen).size, 35)
  const last = (await get('/v1/documents?limit=5')).json()
  t.same([last.data.length, last.page.next], [5, null], 'a page that ends the list has next: null')
})

t.test('CSV and NDJSON pages: the same items, a quoted header, X-Total-Count with count=true, a byte order mark on request', async (t) => {
  const url = '/v1/indicators?limit=40&sort=id'
  const json = (await get(url)).json()
  const csv = await get(`${url}&format=csv&count=true`)
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8')
  t.equal(csv.headers['x-total-count'], '146')
  t.equal(csv.headers.link, `</v1/indicators?limit=40&sort=id&format=csv&count=true&cursor=${json.page.next}>; rel="next"`)
  const header = csv.body.slice(0, csv.body.indexOf('\n'))
  t.match(header, /^"id","metric\.code","metric\.name",/, 'every name quoted; nested objects as dotted columns')
  t.match(header, /,"organ\.id","organ\.name","organ\.kind",/, 'a nullable object too')
  t.match(header, /,"dimensions\.form",/)
  const columns = header.replace(/"/g, '').split(',')
  // Each cell is the JSON value as text: null empty, a formula defused with an apostrophe.
  const cell = (v: unknown): string => {
    const text = v === null || v === undefined ? '' : String(v)
    return typeof v === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  }
  t.same(parseCsv(csv.body, { columns: true }), json.data.map((item: Json) => {
    const flat = flatten(item)
    return Object.fromEntries(columns.map((c) => [c, cell(flat[c])]))
  }), 'the rows are the JSON items')
  t.equal((await get(`${url}&format=csv`)).headers['x-total-count'], undefined, 'no count unless asked')

  const nd = await get(`${url}&format=ndjson&count=true`)
  t.equal(nd.headers['content-type'], 'application/x-ndjson; charset=utf-8')
  t.equal(nd.headers['x-total-count'], '146')
  t.ok(nd.body.endsWith('\n'))
  t.same(nd.body.split('\n').slice(0, -1).map((l) => JSON.parse(l)), json.data, 'one item per line, as in JSON')
  t.equal((await get(`${url}&format=ndjson`)).headers['x-total-count'], undefined)

  const bom = await get('/v1/regions?limit=1&format=csv&bom=true')
  t.equal(bom.body, '\ufeff"code","name","nameZh","nameZhHant","level","parentCode","hasData"\n110000,Beijing,北京市,北京市,province,CN,false\n')
  t.equal((await get('/v1/regions?limit=1&format=csv')).body.slice(0, 7), '"code",', 'no byte order mark unless asked')
  const metrics = parseCsv((await get('/v1/metrics?format=csv&limit=1000')).body, { columns: true }) as Array<Record<string, string>>
  const metricsJson = (await get('/v1/metrics?limit=1000')).json().data
  t.equal(metrics[0]!.dimensions, JSON.stringify(metricsJson[0].dimensions), 'an array is a JSON cell')
  const organs = parseCsv((await get('/v1/organs?format=csv&limit=1000')).body, { columns: true }) as Array<Record<string, string>>
  t.ok(organs.some((o) => o.parentId === ''), 'null is an empty cell')
  t.ok(organs.some((o) => o.inferred === 'false') && organs.some((o) => o.inferred === 'true'), 'booleans are true and false')
})

t.test('the CSV columns of every list, nested objects flattened the way the rows are', async (t) => {
  const headers: Record<string, string> = {
    regions: '"code","name","nameZh","nameZhHant","level","parentCode","hasData"',
    organs: '"id","name","nameZh","kind","level","region.code","region.name","region.nameZh","region.level","parentId","inferred","note"',
    events: '"id","title","titleZh","kind","startDate","startPrecision","endDate","endPrecision","region.code","region.name","region.nameZh","region.level","parentId","description","inferred","note"',
    metrics: '"code","name","unit","category","description","indicatorCount","dimensions","coverage.count","coverage.firstDate","coverage.lastDate","coverage.regions","coverage.documents"',
    indicators: '"id","metric.code","metric.name","metric.unit","metric.category","value","valueText","unit","qualifier","dimensions.form","dimensions.planType","dimensions.activity","dimensions.scope","dimensions.groupType","dimensions.area","dimensions.gangType","dimensions.rankingScope","dimensions.distinction","dimensions.rectificationStatus","dimensions.material","dimensions.postLevel","date","datePrecision","periodStart","periodStartPrecision","region.code","region.name","region.nameZh","region.level","organ.id","organ.name","organ.kind","event.id","event.title","phase.id","phase.title","source.documentId","source.quote","source.start","source.end","valueBasis","valueNote","dateBasis","dateNote","regionBasis","regionNote","inferred","note"',
    documents: '"id","fileName","sha256","title","titleOriginal","language","publisher","provenance","publishedAt","publishedAtPrecision","regionCode","inferred","note","charCount"',
  }
  for (const [list, header] of Object.entries(headers)) {
    const res = await get(`/v1/${list}?format=csv&limit=1`)
    t.equal(res.body.slice(0, res.body.indexOf('\n')), header, list)
  }
  // A filter that matches nothing: the header still says the columns.
  t.equal((await get('/v1/indicators?format=csv&q=zzzzzzzz')).body, `${headers.indicators}\n`, 'the header of an empty page')
})

t.test('CSV cells: RFC 4180 quoting, formulas defused, numbers, booleans and empty values', async (t) => {
  const columns = ['comma', 'quote', 'crlf', 'eq', 'plus', 'minus', 'at', 'tab', 'neg', 'yes', 'no', 'nil', 'missing', 'nested.x', 'list']
  const row = {
    comma: 'one, two', quote: 'say "yes"', crlf: 'line\r\nbreak', eq: '=SUM(A1)', plus: '+1', minus: '-1', at: '@cmd', tab: '\tx',
    neg: -5, yes: true, no: false, nil: null, nested: { x: 'deep' }, list: [1, 'a'],
  }
  t.equal(csvRow(columns, row), '"one, two","say ""yes""","line\r\nbreak",\'=SUM(A1),\'+1,\'-1,\'@cmd,\'\tx,-5,true,false,,,deep,"[1,""a""]"\n')
  t.equal(csvRows(['a'], [{ a: 1 }, { a: 2 }]), '1\n2\n')
  t.equal(csvHeader(['a', 'b c']), '"a","b c"\n')
  t.equal(csvHeader(['a'], true), '\ufeff"a"\n')
  t.same(flatten({ a: { b: { c: 1 } }, d: null, e: [1] }), { 'a.b.c': 1, d: null, e: '[1]' })
})

t.test('a stream is cut into chunks of at most 200 rows, or of what was read in a few milliseconds', async (t) => {
  const lines = async (items: Iterable<unknown>, format: 'csv' | 'ndjson', sliceMs?: number): Promise<string[]> => {
    const out: string[] = []
    for await (const chunk of streamLines(items, format, ['a'], false, sliceMs)) out.push(chunk)
    return out
  }
  // With no time limit (a busy machine can take 4 ms over 130 trivial rows): 200 a chunk.
  const fast = await lines(Array.from({ length: 450 }, (_, i) => ({ a: i })), 'ndjson', Infinity)
  t.same(fast.map((c) => c.split('\n').length - 1), [200, 200, 50], 'rows read at once: 200 a chunk')
  t.equal(fast.join(''), Array.from({ length: 450 }, (_, i) => `{"a":${i}}\n`).join(''))
  // Rows that take 1 ms each to read: a chunk holds what one slice of STREAM_SLICE_MS read.
  function * slow (): Generator<{ a: number }> {
    for (let i = 0; i < 30; i++) {
      const until = performance.now() + 1
      while (performance.now() < until);
      yield { a: i }
    }
  }
  const cut = await lines(slow(), 'csv')
  t.equal(cut[0], '"a"\n', 'the header first')
  const sizes = cut.slice(1).map((c) => c.split('\n').length - 1)
  t.equal(sizes.reduce((a, b) => a + b, 0), 30)
  t.ok(sizes.length >= 30 / STREAM_SLICE_MS - 1 && sizes.every((n) => n <= STREAM_SLICE_MS + 1), `chunks of about ${STREAM_SLICE_MS} rows: ${sizes.join(', ')}`)
  t.same(await lines([], 'csv'), ['"a"\n'], 'no rows: the header alone')
  t.same(await lines([], 'ndjson'), [], 'no rows, no header in NDJSON')
})

t.test('limit=all streams every item as CSV or NDJSON, in chunks, giving the event loop a turn between them', async (t) => {
  const res = await app.inject({ url: '/v1/regions?limit=all&format=csv&bom=true', payloadAsStream: true })
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
  t.equal(res.headers.link, undefined)
  const chunks: string[] = []
  for await (const c of res.stream()) chunks.push(String(c))
  const text = chunks.join('')
  t.ok(text.startsWith('\ufeff"code","name",'), 'the header, after a byte order mark')
  const lines = text.split('\n').slice(0, -1)
  t.equal(lines.length, 3236, 'the header and every region')
  t.equal(new Set(lines).size, 3236, 'none twice')
  const page = (await get('/v1/regions?limit=1000&format=csv')).body.split('\n').slice(1, -1)
  t.same(lines.slice(1, 1001), page, 'in the order of the pages')
  const sizes = chunks.map((c) => c.split('\n').length - 1)
  t.ok(sizes.length >= 17 && sizes.every((n, i) => n >= 1 && n <= (i === 0 ? 201 : 200)), `chunks of at most 200 rows (the header goes with the first): ${sizes.length}`)
  t.notOk(text.slice(1).includes('\ufeff'))
  let turns = 0
  let done = false
  const tick = (): void => { if (!done) { turns++; setImmediate(tick) } }
  setImmediate(tick)
  const nd = await get('/v1/regions?limit=all&format=ndjson')
  done = true
  t.ok(turns >= 16, `the event loop turned ${turns} times during the stream`)
  t.equal(nd.headers['content-type'], 'application/x-ndjson; charset=utf-8')
  const items = nd.body.split('\n')
  t.equal(items.pop(), '', 'every line ends with a newline')
  t.equal(items.length, 3235)
  t.same(JSON.parse(items[0]!), (await get('/v1/regions?limit=1')).json().data[0])
  const short = await get('/v1/documents?limit=all&format=ndjson')
  t.equal(short.body.split('\n').length, 6, 'a stream shorter than a chunk: 5 lines')
  t.equal((await get('/v1/regions?limit=all&format=csv&q=zzzzzzzz')).body, '"code","name","nameZh","nameZhHant","level","parentCode","hasData"\n', 'an empty stream: the header')
  t.equal(app.responseCache.has('/v1/regions?limit=all&format=ndjson\0'), false, 'a stream is not kept')
})

t.test('a successful GET gets a strong ETag of its URL and Accept, public caching for 5 minutes and Vary', async (t) => {
  const url = '/v1/regions/430100'
  const res = await get(url)
  t.equal(res.headers.etag, tagFor(url))
  t.equal(res.headers['cache-control'], 'public, max-age=300')
  t.equal(res.headers.vary, 'Accept, Accept-Encoding')
  t.equal((await get(url, { accept: 'application/json' })).headers.etag, tagFor(url, 'application/json'), 'another Accept, another tag')
  t.equal((await get('/v1/regions/430200')).headers.etag, tagFor('/v1/regions/430200'), 'another URL, another tag')
  const head = await app.inject({ method: 'HEAD', url: '/v1/regions/430300' })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers.etag, tagFor('/v1/regions/430300'), 'HEAD: the tag of the GET')
  t.equal(head.headers['cache-control'], 'public, max-age=300')
  t.equal(app.responseCache.has('/v1/regions/430300\0'), false, 'a HEAD answer is not kept')
  const gotten = await get('/v1/regions/430300')
  t.equal(head.headers['content-length'], String(gotten.rawPayload.length))
  const headAgain = await app.inject({ method: 'HEAD', url: '/v1/regions/430300' })
  t.same([headAgain.statusCode, headAgain.body, headAgain.headers['content-length'], headAgain.headers.etag], [200, '', String(gotten.rawPayload.length), tagFor('/v1/regions/430300')], 'HEAD from the cache')

  // POST answers and redirects get no validator.
  const post = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ dataset { version } }' } })
  t.equal(post.statusCode, 200)
  t.equal(post.headers.etag, undefined)
  t.equal(post.headers['cache-control'], undefined)
  t.equal(app.responseCache.has('/graphql\0'), false, 'a POST answer is not kept')
  t.equal((await get('/graphql')).statusCode, 400, 'so that a GET of its URL is not answered with it')
  const redirect = await get('/x-test/redirect')
  t.equal(redirect.statusCode, 302)
  t.same([redirect.headers.etag, redirect.headers['cache-control'], redirect.headers.vary], [undefined, undefined, undefined])
  t.equal(app.responseCache.has('/x-test/redirect\0'), false)
})

t.test('If-None-Match: a held tag is a 304 before any work; a list, a weak form and * are understood', async (t) => {
  const url = '/v1/regions/430400'
  const tag = tagFor(url)
  const early = await statements(url, { 'if-none-match': tag })
  t.equal(early.res.statusCode, 304)
  t.equal(early.n, 0, 'no statement ran')
  t.equal(early.res.body, '')
  t.same([early.res.headers.etag, early.res.headers['cache-control'], early.res.headers.vary], [tag, 'public, max-age=300', 'Accept, Accept-Encoding'])
  t.equal(app.responseCache.has(`${url}\0`), false, 'a 304 is not an answer to keep')
  for (const held of [`"other", ${tag}`, `W/${tag}`, `"x",W/${tag} , "y"`]) {
    t.equal((await get(url, { 'if-none-match': held })).statusCode, 304, held)
  }
  for (const held of ['"other"', '', tag.replace('-', '-x'), `${tag.slice(0, 5)}W/${tag.slice(5)}`]) {
    const res = await get(url, { 'if-none-match': held })
    t.equal(res.statusCode, 200, `${held}: not a match`)
    t.equal(res.headers.etag, tag)
  }
  t.equal((await get(url, { 'if-none-match': tag, accept: 'text/csv, application/json' })).statusCode, 200, 'a tag is for one Accept')
  const post = await app.inject({ method: 'POST', url: '/graphql', headers: { 'if-none-match': tagFor('/graphql') }, payload: { query: '{ dataset { version } }' } })
  t.equal(post.statusCode, 200, 'a POST is never a 304')

  // * matches any answer that succeeds, once it has: the work is done, the body dropped.
  const any = await statements('/v1/regions/430500', { 'if-none-match': '*' })
  t.equal(any.res.statusCode, 304)
  t.ok(any.n > 0, 'the request ran')
  t.equal(any.res.body, '')
  t.equal(any.res.headers['content-length'], undefined, 'no length')
  t.equal(any.res.headers.etag, tagFor('/v1/regions/430500'))
  t.equal((await get('/v1/regions/999999', { 'if-none-match': '*' })).statusCode, 404)
  t.equal((await get('/v1/regions/430500', { 'if-none-match': '"a", *' })).statusCode, 304)
  const stream = await get('/v1/regions?limit=all&format=csv', { 'if-none-match': '*' })
  t.same([stream.statusCode, stream.body], [304, ''], 'a stream too')
  const own = await get('/x-test/own', { 'if-none-match': '"own-1"' })
  t.same([own.statusCode, own.headers.etag, own.headers['cache-control']], [304, '"own-1"', 'no-cache'], "a route's own tag is matched")
})

t.test("a route's own validator and caching policy are kept; no-store drops the ETag", async (t) => {
  const own = await get('/x-test/own')
  t.equal(own.headers.etag, '"own-1"')
  t.equal(own.headers['cache-control'], 'no-cache')
  t.equal(own.headers.vary, 'Accept, Accept-Encoding')
  t.equal((await get('/x-test/own?cc=public,%20max-age=31536000,%20immutable')).headers['cache-control'], 'public, max-age=31536000, immutable')
  t.equal((await get('/x-test/own?cc=private')).headers['cache-control'], 'public, max-age=300', 'any other policy is the API\'s')
  const fresh = await get('/x-test/no-store')
  t.equal(fresh.statusCode, 200)
  t.equal(fresh.headers['cache-control'], 'no-store')
  t.equal(fresh.headers.etag, undefined)
  t.equal(app.responseCache.has('/x-test/no-store\0'), false)
  t.equal((await get('/x-test/no-store', { 'if-none-match': '*' })).statusCode, 200, 'no validator, no 304')
  for (const url of ['/health', '/ready']) {
    const res = await get(url)
    t.same([res.statusCode, res.headers['cache-control'], res.headers.etag], [200, 'no-store', undefined], url)
    t.equal(app.responseCache.has(`${url}\0`), false, `${url} is not kept`)
  }
})

t.test('a failure is a 500 that shows nothing of it, with no validator and no-store, whatever the route had set', async (t) => {
  const body = problemOf(t, await get('/x-test/fails'), 500)
  t.same(body, {
    type: 'urn:campaign-facts:problem:internal', title: 'Internal Server Error', status: 500,
    detail: 'The server could not answer this request. It has been logged.', code: 'CF_INTERNAL',
  })
  const star = await get('/x-test/fails', { 'if-none-match': '*' })
  t.equal(star.statusCode, 500, '* does not match a failure')
})

t.test('404 names the path; 405 says which methods the path has; OPTIONS answers with Allow', async (t) => {
  t.same(problemOf(t, await get('/v1/nope?x=1'), 404), {
    type: 'urn:campaign-facts:problem:not-found', title: 'Not Found', status: 404, detail: 'No route GET /v1/nope', code: 'CF_NOT_FOUND',
  })
  t.equal(problemOf(t, await get('/docs/static/no-such-file.js'), 404).detail, 'No route GET /docs/static/no-such-file.js', 'a route that finds nothing is a 404, not a 405')
  const cases: Array<[string, string, string]> = [
    ['DELETE', '/v1/regions?limit=1', 'GET, HEAD, OPTIONS'],
    ['PUT', '/v1/regions/430700', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/graphql', 'GET, HEAD, POST, OPTIONS'],
    ['GET', '/x-test/methods', 'PUT, DELETE, PATCH, OPTIONS'],
    ['POST', '/x-test/methods/', 'PUT, DELETE, PATCH, OPTIONS'],
  ]
  for (const [method, url, allow] of cases) {
    const res = await app.inject({ method: method as 'GET', url })
    const body = problemOf(t, res, 405)
    t.equal(res.headers.allow, allow, `${method} ${url}`)
    t.same(body, {
      type: 'urn:campaign-facts:problem:method-not-allowed', title: 'Method Not Allowed', status: 405,
      detail: `${method} is not allowed on ${url.split('?')[0]}; allowed: ${allow}`, code: 'CF_METHOD_NOT_ALLOWED',
    })
  }
  t.equal((await app.inject({ method: 'PUT', url: '/x-test/methods' })).statusCode, 200)
  t.equal(problemOf(t, await app.inject({ method: 'DELETE', url: '/v1/nothing' }), 404).detail, 'No route DELETE /v1/nothing')

  for (const [url, allow] of [['/v1/regions?limit=1', 'GET, HEAD, OPTIONS'], ['/x-test/methods', 'PUT, DELETE, PATCH, OPTIONS']]) {
    const options = await app.inject({ method: 'OPTIONS', url })
    t.same([options.statusCode, options.headers.allow, options.headers['cache-control'], options.body], [204, allow, 'no-store', ''], `OPTIONS ${url}`)
  }
  t.same(problemOf(t, await app.inject({ method: 'OPTIONS', url: '/v1/nothing' }), 404).detail, 'No route OPTIONS /v1/nothing')
  const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/regions', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers.allow, undefined, 'a CORS preflight is CORS\'s')
  t.equal(preflight.headers['access-control-allow-methods'], 'GET, HEAD, POST, OPTIONS')
  t.equal(preflight.headers['cache-control'], 'no-store')
})

t.test('security headers: the API forbids everything, pages allow only this server', async (t) => {
  const api = await get('/v1')
  t.equal(api.headers['content-security-policy'], API_CSP)
  t.equal(api.headers['cross-origin-resource-policy'], 'cross-origin', 'other origins may read the API')
  t.equal(api.headers['cross-origin-embedder-policy'], undefined)
  t.equal(api.headers['strict-transport-security'], undefined, 'TLS is the proxy\'s')
  t.equal(api.headers['x-content-type-options'], 'nosniff')
  t.equal(api.headers['x-frame-options'], 'DENY')
  t.equal(PAGE_CSP_HEADER, PAGE_CSP)
  // The headers that govern HTML documents are the pages' alone.
  const pageOnly = ['cross-origin-opener-policy', 'origin-agent-cluster', 'referrer-policy', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection']
  for (const url of ['/docs/', '/docs', '/graphiql', '/explorer/assets/nothing.js', '/metrics', '/search']) {
    const res = await get(url)
    t.equal(res.headers['content-security-policy'], PAGE_CSP, url)
    t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin')
    t.equal(res.headers['x-frame-options'], 'SAMEORIGIN', url)
    t.same(pageOnly.filter((h) => res.headers[h] === undefined), [], `${url}: helmet's full set`)
  }
  for (const url of ['/v1/metrics', '/v1/search?q=court', '/graphql?query=%7B__typename%7D', '/v1/nope', '/docsx', '/v1/indicators?format=csv&limit=1']) {
    const res = await get(url)
    t.equal(res.headers['content-security-policy'], API_CSP, url)
    t.same(pageOnly.filter((h) => res.headers[h] !== undefined), [], `${url}: none of the pages' headers`)
  }
})

t.test('draining: every answer closes its connection', async (t) => {
  t.equal((await get('/v1')).headers.connection, 'keep-alive')
  app.lifecycle.draining = true
  t.teardown(() => { app.lifecycle.draining = false })
  const res = await get('/v1')
  t.equal(res.statusCode, 200)
  t.equal(res.headers.connection, 'close')
})

t.test('the response cache: a repeated GET is the same answer with no work, kept by URL and Accept', async (t) => {
  const url = '/v1/regions?limit=3&count=true&format=csv'
  const first = await statements(url, { accept: 'application/json' })
  t.ok(first.n > 0)
  t.equal(app.responseCache.has(`${url}\0application/json`), true)
  t.equal(app.responseCache.has(`${url}\0`), false, 'another Accept is another answer')
  const second = await statements(url, { accept: 'application/json' })
  t.equal(second.n, 0, 'no statement ran')
  t.equal(second.res.body, first.res.body)
  for (const h of ['content-type', 'link', 'x-total-count', 'etag', 'cache-control', 'vary', 'content-security-policy', 'content-length']) {
    t.equal(second.res.headers[h], first.res.headers[h], h)
  }
  t.equal(app.responseCache.get(`${url}\0application/json`)!.tag, tagFor(url, 'application/json'), 'the tag is computed once and kept')
  const noAccept = await statements('/v1/regions?limit=4')
  t.ok(noAccept.n > 0)
  t.equal(app.responseCache.has('/v1/regions?limit=4\0'), true)
  t.equal((await statements('/v1/regions?limit=4')).n, 0)

  // A route's own headers come back with it.
  await get('/x-test/own?cc=no-cache')
  const hit = await get('/x-test/own?cc=no-cache')
  t.same(
    ['etag', 'cache-control', 'content-security-policy', 'content-disposition', 'content-language', 'link', 'x-total-count', 'content-type'].map((h) => hit.headers[h]),
    ['"own-1"', 'no-cache', "default-src 'self'", 'attachment; filename="own.txt"', 'zh', '</x-test/own?page=2>; rel="next"', '7', 'text/plain; charset=utf-8'],
  )
  t.equal(hit.body, 'own answer')
  t.same(app.responseCache.get('/x-test/own?cc=no-cache\0')!.headers, {
    'content-type': 'text/plain; charset=utf-8', link: '</x-test/own?page=2>; rel="next"', 'x-total-count': '7',
    'content-disposition': 'attachment; filename="own.txt"', 'content-language': 'zh', etag: '"own-1"', 'cache-control': 'no-cache',
    'content-security-policy': "default-src 'self'",
  })
  t.equal(app.responseCache.get('/x-test/own?cc=no-cache\0')!.tag, undefined, 'a route\'s own tag needs none of its own')

  // Not kept: errors, answers the route compressed itself.
  await get('/v1/regions/999999')
  t.equal(app.responseCache.has('/v1/regions/999999\0'), false)
  const gz = await get('/x-test/gzipped')
  t.equal(gunzipSync(gz.rawPayload).toString(), 'compressed by the route')
  t.equal(app.responseCache.has('/x-test/gzipped\0'), false)
})

t.test('a kept answer is sent from onRequest, before the route runs, with the headers the route gave it', async (t) => {
  app.responseCache.clear()
  // Counts the answers sent by the early path (the preHandler path sends the others).
  let early = 0
  const send = app.answerFromCache
  app.answerFromCache = (request, reply) => {
    const sent = send(request, reply)
    if (sent) early++
    return sent
  }
  t.teardown(() => { app.answerFromCache = send })
  const varying = new Set(['date', 'x-request-id', 'keep-alive', 'connection'])
  const urls = [
    '/v1/regions?limit=3&count=true', '/v1/regions/430000', '/v1/regions?limit=3&format=csv', '/v1/indicators?limit=40',
    `/graphql?query=${encodeURIComponent('{ regions(first: 2) { nodes { code } } }')}`, '/x-test/own?cc=no-cache', '/x-test/body?n=3000', '/metrics',
  ]
  for (const url of urls) {
    for (const headers of [{}, { 'accept-encoding': 'gzip, br' }, { 'accept-encoding': 'gzip' }, { accept: 'text/csv' }, { accept: 'application/graphql-response+json' }] as Array<Record<string, string>>) {
      const first = await statements(url, headers)
      // (A compressed form is made by the preHandler path, off the event loop, the first time.)
      t.equal((await statements(url, headers)).n, 0)
      const before = early
      const second = await statements(url, headers)
      const what = `${url} ${JSON.stringify(headers)}`
      t.equal(second.res.statusCode, first.res.statusCode, what)
      if (first.res.statusCode !== 200) continue
      t.equal(early, before + 1, `${what}: the second answer is sent early`)
      t.equal(second.n, 0, `${what}: no statement ran`)
      t.same(second.res.rawPayload, first.res.rawPayload, `${what}: the same bytes`)
      const names = (res: LightMyRequestResponse): string[] => Object.keys(res.headers).filter((h) => !varying.has(h)).sort()
      t.same(names(second.res), names(first.res), `${what}: the same headers`)
      for (const h of names(first.res)) t.equal(second.res.headers[h], first.res.headers[h], `${what}: ${h}`)
    }
  }
  // Left to the preHandler path: HEAD, a conditional request, deflate alone, a draining process.
  const url = '/x-test/body?n=3000'
  for (const request of [
    { method: 'HEAD' as const, url }, { url, headers: { 'if-none-match': '"other"' } }, { url, headers: { 'accept-encoding': 'deflate' } },
  ]) {
    const before = early
    const res = await app.inject(request)
    t.equal(res.statusCode, 200, JSON.stringify(request))
    t.equal(early, before, `${JSON.stringify(request)}: not sent early`)
  }
  t.equal((await get(url, { 'accept-encoding': 'deflate' })).headers['content-encoding'], 'deflate')
  // A compressed form not yet made is made by the preHandler path (asynchronously), then sent early.
  const fresh = '/x-test/body?n=4000'
  await get(fresh)
  for (const [sentEarly, what] of [[false, 'compressed by the preHandler path'], [true, 'then sent early']] as const) {
    const before = early
    const res = await get(fresh, { 'accept-encoding': 'br' })
    t.same([res.headers['content-encoding'], brotliDecompressSync(res.rawPayload).length, early], ['br', 4000, before + (sentEarly ? 1 : 0)], what)
  }
  app.lifecycle.draining = true
  t.teardown(() => { app.lifecycle.draining = false })
  const before = early
  const draining = await get(url)
  t.same([draining.statusCode, draining.headers.connection, early], [200, 'close', before], 'draining: sent by the route path, closing')
})

t.test('the response cache: entries up to entryBytes, counted in bytes, with their compressed forms, within its bound', async (t) => {
  app.responseCache.clear()
  const key = (n: number, kind: string): string => `/x-test/body?n=${n}&kind=${kind}\0`
  for (const [n, kind, kept] of [
    [ENTRY, 'text', true], [ENTRY + 1, 'text', false], [ENTRY, 'buffer', true], [ENTRY + 1, 'buffer', false],
    [Math.floor(ENTRY / 3), 'wide', true], [Math.floor(ENTRY / 3) + 1, 'wide', false],
  ] as Array<[number, string, boolean]>) {
    const res = await get(key(n, kind).slice(0, -1))
    t.equal(res.statusCode, 200)
    t.equal(app.responseCache.has(key(n, kind)), kept, `${kind} of ${n}: ${kept ? '' : 'not '}kept`)
  }
  app.responseCache.clear()

  // A long Accept is counted: it is part of the key.
  const accept = `application/json, x/${'a'.repeat(15_000)}`
  await get('/x-test/body?n=10', { accept })
  t.equal(app.responseCache.calculatedSize, 10 + `/x-test/body?n=10\0${accept}`.length + ENTRY_OVERHEAD, 'the key counts')
  app.responseCache.clear()

  const url = '/x-test/body?n=3000'
  const body = Buffer.from('x'.repeat(3000))
  await get(url)
  t.equal(app.responseCache.calculatedSize, 3000 + `${url}\0`.length + ENTRY_OVERHEAD, 'the body, the key and the overhead')
  const plain = await get(url)
  t.same([plain.headers['content-encoding'], plain.rawPayload.length], [undefined, 3000], 'no encoding unless asked')
  const br = await get(url, { 'accept-encoding': 'gzip, br' })
  t.equal(br.headers['content-encoding'], 'br', 'brotli preferred')
  t.same(br.rawPayload, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: 3000 } }))
  t.equal(brotliDecompressSync(br.rawPayload).toString(), body.toString())
  t.equal(app.responseCache.calculatedSize, 3000 + `${url}\0`.length + ENTRY_OVERHEAD + br.rawPayload.length, 'the compressed form counts')
  const gz = await get(url, { 'accept-encoding': 'gzip' })
  t.equal(gz.headers['content-encoding'], 'gzip')
  t.same(gz.rawPayload, gzipSync(body))
  t.equal(app.responseCache.calculatedSize, 3000 + `${url}\0`.length + ENTRY_OVERHEAD + br.rawPayload.length + gz.rawPayload.length)
  await get(url)
  t.ok(app.responseCache.get(`${url}\0`)!.br, 'a plain hit leaves the compressed forms in place')
  t.equal(app.responseCache.calculatedSize, 3000 + `${url}\0`.length + ENTRY_OVERHEAD + br.rawPayload.length + gz.rawPayload.length)
  const cases: Array<[string, string | undefined]> = [
    ['br', 'br'], ['BR', 'br'], ['gzip, br', 'br'], ['*', 'gzip'], [' gzip', 'gzip'], ['gzip; q=0.5', 'gzip'], ['br;q=0, gzip', 'gzip'],
    ['br; q=0, gzip', 'gzip'], ['br;q=0.1', 'br'],
  ]
  for (const [accept, encoding] of cases) t.equal((await get(url, { 'accept-encoding': accept })).headers['content-encoding'], encoding, accept)
  for (const accept of ['gzip;q=0', 'identity', 'br;q=0,gzip;q=0']) {
    const res = await get(url, { 'accept-encoding': accept })
    t.same([res.headers['content-encoding'], res.body], [undefined, body.toString()], accept)
  }
  t.equal((await get(url, { 'accept-encoding': 'deflate' })).headers['content-encoding'], 'deflate', 'deflate is left to the compression plugin')

  // Compressed when it is worth it: from 2,048 bytes.
  await get('/x-test/body?n=2048')
  await get('/x-test/body?n=2047')
  t.equal((await get('/x-test/body?n=2048', { 'accept-encoding': 'gzip' })).headers['content-encoding'], 'gzip')
  t.equal(app.responseCache.get('/x-test/body?n=2048\0')!.gzip!.length > 0, true)
  const small = await get('/x-test/body?n=2047', { 'accept-encoding': 'gzip' })
  t.same([small.headers['content-encoding'], small.body.length], [undefined, 2047])
  t.equal(app.responseCache.get('/x-test/body?n=2047\0')!.gzip, undefined)
  // A first answer is compressed by the compression plugin, and kept uncompressed.
  const fresh = await get('/x-test/body?n=5000', { 'accept-encoding': 'gzip' })
  t.equal(fresh.headers['content-encoding'], 'gzip')
  t.equal(app.responseCache.get('/x-test/body?n=5000\0')!.body.length, 5000)

  // Bounded in bytes: the oldest answers go.
  t.equal(app.responseCache.maxSize, LIMITS.responseCache.bytes)
  const count = Math.ceil(LIMITS.responseCache.bytes / ENTRY) + 1
  for (let i = 0; i < count; i++) await get(`/x-test/body?n=${ENTRY}&kind=buffer&i=${i}`)
  t.ok(app.responseCache.calculatedSize <= LIMITS.responseCache.bytes)
  t.equal(app.responseCache.has(`/x-test/body?n=${ENTRY}&kind=buffer&i=0\0`), false, 'the oldest is gone')
  t.equal(app.responseCache.has(`/x-test/body?n=${ENTRY}&kind=buffer&i=${count - 1}\0`), true, 'the newest is kept')
  app.responseCache.clear()
})

t.test('the shared pieces of the contract are as openapi.yaml publishes them', async (t) => {
  // Only the blocks in question are parsed: the whole file takes a second.
  const lines = readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8').split('\n')
  const indentOf = (line: string): number => line.length - line.trimStart().length
  const block = (keyLine: string): unknown => {
    const start = lines.indexOf(keyLine)
    t.ok(start >= 0, keyLine)
    let end = start + 1
    while (end < lines.length && (lines[end] === '' || indentOf(lines[end]!) > indentOf(keyLine))) end++
    return Object.values(parseYaml(lines.slice(start, end).map((l) => l.slice(indentOf(keyLine))).join('\n')))[0]
  }
  const served = app.swagger() as Json
  for (const name of ['Problem', 'PageInfo']) t.same(served.components.schemas[name], block(`    ${name}:`), name)
  for (const path of ['/v1/regions', '/v1/regions/{code}', '/v1/indicators', '/v1/indicators/summary', '/v1/observations']) {
    t.same(served.paths[path], block(`  ${path}:`), path)
  }
})
