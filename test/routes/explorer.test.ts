// The explorer as HTTP sees it: / is content-negotiated (the page for browsers, the landing
// document for API clients), each view's path answers with the page, the page is revalidated by an
// ETag of its build and runs no inline script, its assets are compressed and cached for good by
// content hash, and a server without a build answers 404, never 5xx.
import t from 'tap'
import { brotliDecompressSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Fastify from 'fastify'
import { parse } from 'yaml'
import { build } from '../helper.js'
import { ensureBuilt } from '../../web/build.js'
import { registerExplorer, wantsHtml } from '../../src/explorer.js'
import { projectRoot } from '../../src/paths.js'

await ensureBuilt()

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'

t.test('/ is the explorer for browsers and the landing document for API clients', async (t) => {
  const app = await build(t)
  for (const accept of [BROWSER, 'text/html', 'application/xhtml+xml', 'application/json;q=0.5, text/html']) {
    const res = await app.inject({ url: '/', headers: { accept } })
    t.equal(res.statusCode, 200, accept)
    t.match(res.headers['content-type'], /^text\/html/, `${accept}: HTML`)
    t.match(res.body, /<div id="app">/)
    t.match(res.headers.vary, /Accept/, 'the answer varies by Accept')
  }
  for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5', 'text/html;q=0, application/json']) {
    const res = await app.inject({ url: '/', headers: accept ? { accept } : {} })
    t.equal(res.statusCode, 200, String(accept))
    t.match(res.headers['content-type'], /^application\/json/, `${accept}: JSON`)
    t.equal(res.json().name, 'campaign-facts')
  }
  t.equal((await app.inject({ url: '/', headers: { accept: 'application/xml' } })).statusCode, 406, 'neither: 406 as before')
})

t.test('wantsHtml weighs text/html against JSON', async (t) => {
  const ask = (accept?: string): boolean => wantsHtml({ headers: accept === undefined ? {} : { accept } } as never)
  t.equal(ask(), false)
  t.equal(ask(BROWSER), true)
  t.equal(ask('*/*'), false)
  t.equal(ask('text/*'), false)
  t.equal(ask('text/html;q=0.4, application/json;q=0.6'), false)
  t.equal(ask('TEXT/HTML'), true)
  t.equal(ask('text/html;q=0'), false)
})

t.test('every view answers with the page, with a CSP that allows no inline or foreign script', async (t) => {
  const app = await build(t)
  for (const path of ['/', '/metrics', '/metrics/education.warning.sessions', '/regions/440000', '/documents/liaoning-second-batch-2022',
    '/facts/d000-gd-warning-education-sessions', '/indicators/d000-gd-warning-education-sessions', '/events/first-batch',
    '/organs/supreme-peoples-court', '/search?q=changde']) {
    const res = await app.inject({ url: path, headers: { accept: BROWSER } })
    t.equal(res.statusCode, 200, path)
    t.match(res.headers['content-type'], /^text\/html/, path)
    const csp = String(res.headers['content-security-policy'])
    t.match(csp, /default-src 'self'/, `${path}: its own origin only`)
    t.match(csp, /script-src 'self'(;|$)/, `${path}: no inline script`)
    t.notMatch(csp, /unsafe-eval|https?:/, `${path}: no eval, no foreign host`)
    t.equal(res.headers['cache-control'], 'no-cache', `${path}: revalidated on every visit`)
    t.match(res.headers.etag, /^"explorer-/, `${path}: tagged by its build`)
  }
  const html = (await app.inject({ url: '/metrics', headers: { accept: BROWSER } })).body
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
  t.ok(scripts.length > 0, 'the page has a script')
  for (const [, attrs, body] of scripts) {
    t.match(attrs, /src="\/explorer\/assets\/[^"]+\.js"/, 'each script is a file of this server')
    t.equal(body!.trim(), '', 'and none is inline')
  }
  t.notMatch(html, /https?:\/\//, 'the page names no other host')
})

t.test('the page is revalidated with its ETag; a cached answer keeps its headers', async (t) => {
  const app = await build(t)
  const first = await app.inject({ url: '/regions/440000', headers: { accept: BROWSER } })
  const second = await app.inject({ url: '/regions/440000', headers: { accept: BROWSER } })
  t.equal(second.body, first.body)
  for (const h of ['etag', 'cache-control', 'content-type', 'content-security-policy']) t.equal(second.headers[h], first.headers[h], `the same ${h}`)
  const again = await app.inject({ url: '/regions/440000', headers: { accept: BROWSER, 'if-none-match': String(first.headers.etag) } })
  t.equal(again.statusCode, 304, 'not modified')
  t.equal(again.body, '')
  const other = await app.inject({ url: '/regions/440000', headers: { accept: BROWSER, 'if-none-match': '"explorer-old"' } })
  t.equal(other.statusCode, 200, 'a tag of another build gets the page')
})

t.test('assets are compressed and cached for good by content hash', async (t) => {
  const app = await build(t)
  const html = (await app.inject({ url: '/', headers: { accept: BROWSER } })).body
  const assets = [...html.matchAll(/(?:src|href)="(\/explorer\/assets\/[^"]+)"/g)].map((m) => m[1]!)
  t.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), `the page loads ${assets.join(', ')}`)
  for (const url of assets) {
    t.match(url, /-[A-Za-z0-9_-]{8,}\.(js|css)$/, `${url} is named by its content hash`)
    const plain = await app.inject(url)
    t.equal(plain.statusCode, 200, url)
    t.match(plain.headers['content-type'], url.endsWith('.js') ? /^application\/javascript/ : /^text\/css/)
    t.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable', `${url}: immutable`)
    const br = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } })
    t.equal(br.headers['content-encoding'], 'br', `${url}: brotli`)
    t.ok(br.rawPayload.length < plain.rawPayload.length / 2, `${url}: ${plain.rawPayload.length} → ${br.rawPayload.length} bytes`)
    t.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body)
    t.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable', `${url}: still immutable from the cache`)
  }
  const missing = await app.inject('/explorer/assets/nothing-12345678.js')
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /problem\+json/)
  t.equal((await app.inject('/explorer/assets/..%2F..%2Fpackage.json')).statusCode, 404, 'no way out of the build')
})

t.test('without a build, the views are a 404 that says how to build them', async (t) => {
  const fastify = Fastify({ logger: false })
  const explorer = registerExplorer(fastify, join(projectRoot, 'dist', 'no-such-build'))
  fastify.get('/', async (request, reply) => explorer.page(request, reply))
  t.teardown(() => fastify.close())
  for (const url of ['/', '/metrics/education.warning.sessions', '/explorer/assets/index-12345678.js']) {
    const res = await fastify.inject({ url, headers: { accept: BROWSER } })
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /problem\+json/)
  }
  t.match((await fastify.inject({ url: '/', headers: { accept: BROWSER } })).json().detail, /npm run build:web/)
})

t.test('the pages stay out of openapi.yaml', async (t) => {
  const doc = parse(readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8'))
  for (const path of Object.keys(doc.paths)) {
    t.notOk(/^\/(explorer|metrics|regions|documents|facts|indicators|events|organs|search)(\/|$)/.test(path), `${path} is not a page`)
  }
})
