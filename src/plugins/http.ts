// HTTP hygiene for every route: security headers and a CSP (helmet), compression
// (@fastify/compress), validators and cache headers computed only for what succeeded, 405 with
// Allow for a known path and another method, OPTIONS answered without a preflight, and the
// drain that precedes shutdown (readiness fails, every answer closes its connection).
import { createHash, randomUUID } from 'node:crypto'
import { brotliCompress, gzip as gzipCallback, constants as zlib } from 'node:zlib'
import { promisify } from 'node:util'
import { LRUCache } from 'lru-cache'
import { LIMITS } from '../limits.js'
import fp from 'fastify-plugin'
import helmet from 'helmet'
import compress from '@fastify/compress'
import FindMyWay from 'find-my-way'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { HTTPMethod } from 'find-my-way'
import { problem } from '../problem.js'
// `fastify.queries` (the dataset version in every ETag), declared by the database plugin.
import type {} from './database.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the process entry when shutdown begins. */
    lifecycle: { draining: boolean }
    /** Successful GET answers, by URL and Accept (see below). */
    responseCache: LRUCache<string, CachedAnswer>
    /** Sends the kept answer to a GET, if there is one it may send now; true when it did. */
    answerFromCache: (request: FastifyRequest, reply: FastifyReply) => boolean
    /** The same before Fastify sees the request (see below); true when it did. */
    answerRaw: (req: IncomingMessage, res: ServerResponse) => boolean
    /**
     * Asked before a kept answer is sent: false leaves the request to its route. The GraphQL
     * plugin charges a kept GraphQL answer to its client's budget here.
     */
    cachedAnswerGate: (request: FastifyRequest, reply: FastifyReply) => boolean
  }
}

/** A successful answer as it was sent, uncompressed, with its compressed forms made when first asked for. */
export interface CachedAnswer {
  body: Buffer
  headers: Record<string, string>
  tag?: string
  br?: Buffer
  gzip?: Buffer
  /**
   * Every header of the answer as Fastify's hooks made it, by encoding, save the rate limit's,
   * once it has been sent from onRequest: what answerRaw sends.
   */
  wire?: Partial<Record<'identity' | 'br' | 'gzip', OutgoingHttpHeaders>>
}

const brotli = promisify(brotliCompress)
const gzip = promisify(gzipCallback)

/** The levels at which Fastify logs each request. */
const LOGGED = new Set(['trace', 'debug', 'info'])

/** The rate limit's headers, which are the request's, not the answer's. */
const PER_REQUEST = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after']

/**
 * The headers that belong to the answer itself (the rest are set again by each request's hooks).
 * An ETag, caching policy or CSP that a route set itself (the explorer's pages and assets) is part
 * of its answer too; API answers get theirs from the hooks below, after the answer is kept.
 */
const ANSWER_HEADERS = ['content-type', 'link', 'x-total-count', 'content-disposition', 'content-language', 'etag', 'cache-control', 'content-security-policy']

/** What an entry holds besides its bodies and key: its headers, and up to three sets as sent (wire). */
export const ENTRY_OVERHEAD = 4096

/** Bodies smaller than this are sent as they are (compression would gain little). */
const COMPRESS_THRESHOLD = 2048

/** The encoding to send, by the client's Accept-Encoding: brotli, else gzip, else none. */
function encodingFor (header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null
  let br = false
  let gzip = false
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue
    if (name === 'br') br = true
    else if (name === 'gzip' || name === '*') gzip = true
  }
  return br ? 'br' : gzip ? 'gzip' : null
}

/**
 * The encoding a kept answer is sent in by the early paths (null: as it is), or undefined when it
 * is the compression plugin's to make (a client that takes deflate alone).
 */
function keptEncoding (hit: CachedAnswer, acceptEncoding: string | undefined): 'br' | 'gzip' | null | undefined {
  if (hit.body.length < COMPRESS_THRESHOLD) return null
  const encoding = encodingFor(acceptEncoding)
  return encoding === null && acceptEncoding !== undefined && /deflate/i.test(acceptEncoding) ? undefined : encoding
}

/** Pages that run scripts (Swagger UI, GraphiQL): everything from this server, nothing else. */
const PAGE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // The UIs set style attributes from their scripts; Observable Plot puts a <style> in each chart.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

/** API answers (JSON, CSV, text) are data: nothing in them may run, load anything or be framed. */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }

/** The explorer's views and assets (src/explorer.ts). */
export const EXPLORER_PREFIXES = ['/explorer', '/metrics', '/regions', '/documents', '/facts', '/indicators', '/events', '/organs', '/search']

export const PAGE_PREFIXES = ['/docs', '/graphiql', ...EXPLORER_PREFIXES]

/** The page CSP as a header, for a page served at a path that also serves data (the explorer at /). */
export const PAGE_CSP_HEADER = Object.entries(PAGE_CSP)
  .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`).join(';')

/** The methods Allow can list besides OPTIONS, which every known path answers (below). */
const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH']

function pathOf (request: FastifyRequest): string {
  return request.url.split('?')[0]!
}

export default fp(async function http (fastify) {
  fastify.decorate('lifecycle', { draining: false })

  // The routes by method, to tell "no such path" (404) from "not with this method" (405).
  const routes = FindMyWay({ ignoreTrailingSlash: true, maxParamLength: 10_000 })
  fastify.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method)
    for (const m of methods) {
      try {
        routes.on(m as HTTPMethod, route.url, () => {})
      } catch {
        // Already known (HEAD is added alongside GET).
      }
    }
    if (PAGE_PREFIXES.some((p) => route.url === p || route.url.startsWith(`${p}/`))) {
      route.config = { ...route.config, page: true } as typeof route.config
    }
  })
  const allowed = (path: string): string[] => {
    const found = METHODS.filter((m) => routes.find(m, path) !== null)
    return found.length > 0 ? [...found, 'OPTIONS'] : []
  }

  // Security headers from helmet, its two middlewares built once (the Fastify wrapper builds one
  // per request, parsing the CSP each time). Pages get helmet's full set. Data (JSON, CSV, text)
  // gets the headers that apply to a document no browser renders as a page: a CSP that forbids
  // everything, nosniff and no framing (the set OWASP's REST Security Cheat Sheet names; TLS's
  // HSTS is the reverse proxy's). The rest of helmet's set (opener policy, origin-agent cluster,
  // referrer policy, DNS prefetch, download options, cross-domain policies, XSS auditor) governs
  // HTML documents only, and would add 300 bytes to every answer.
  const common = {
    // The API is read by pages of other origins (CORS is open); these two would stop them.
    crossOriginResourcePolicy: { policy: 'cross-origin' as const },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false, // TLS is the reverse proxy's
  }
  const apiHeaders = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  })
  const pageHeaders = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: PAGE_CSP } })
  const noop = (): void => {}
  fastify.addHook('onRequest', (request, reply, done) => {
    const page = (request.routeOptions.config as { page?: boolean }).page === true
    ;(page ? pageHeaders : apiHeaders)(request.raw, reply.raw, noop)
    done()
  })

  // Answers to send again. The dataset is immutable while the process runs, so a successful GET
  // is a function of its URL and Accept alone (the ETag says the same): a hot request costs a
  // lookup and a write. Bounded in bytes; errors, streams and no-store answers are never kept.
  const answers = new LRUCache<string, CachedAnswer>({
    maxSize: LIMITS.responseCache.bytes,
    // The key counts too: it holds the client's Accept, which may be as long as the headers.
    sizeCalculation: (a, key) => a.body.length + (a.br?.length ?? 0) + (a.gzip?.length ?? 0) + key.length + ENTRY_OVERHEAD,
  })
  fastify.decorate('responseCache', answers)
  fastify.decorate('cachedAnswerGate', () => true)
  const keyOf = (request: FastifyRequest): string => `${request.url}\0${request.headers.accept ?? ''}`
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || reply.getHeader('cache-control') === 'no-store' || reply.getHeader('content-encoding')) return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    // (A string has at least as many bytes as characters: one too long is not copied to find out.)
    // Stryker disable next-line ConditionalExpression: the length in bytes is checked next; this only spares the copy
    if (payload.length > LIMITS.responseCache.entryBytes) return payload
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload
    if (body.length > LIMITS.responseCache.entryBytes || answers.has(keyOf(request))) return payload
    const headers: Record<string, string> = {}
    for (const name of ANSWER_HEADERS) {
      const v = reply.getHeader(name)
      if (v !== undefined) headers[name] = String(v)
    }
    answers.set(keyOf(request), { body, headers })
    return payload
  })

  // Compresses what is worth it (the UIs' bundles, large JSON and CSV); brotli at a quality that
  // costs about what gzip does.
  await fastify.register(compress, {
    global: true,
    threshold: 2048,
    encodings: ['br', 'gzip', 'deflate'],
    brotliOptions: { params: { [(await import('node:zlib')).constants.BROTLI_PARAM_QUALITY]: 4 } },
  })

  fastify.addHook('onRequest', async (request, reply) => {
    if (fastify.lifecycle.draining) reply.header('connection', 'close')
    // OPTIONS that is not a CORS preflight: say what the path allows.
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] === undefined) {
      const methods = allowed(pathOf(request))
      if (methods.length === 0) return notFound(request, reply)
      return reply.code(204).header('allow', methods.join(', ')).send()
    }
  })

  function notFound (request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const methods = allowed(pathOf(request))
    if (methods.length > 0 && !methods.includes(request.method)) {
      return reply.code(405).header('allow', methods.join(', ')).type('application/problem+json')
        .send(problem(405, 'CF_METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${pathOf(request)}; allowed: ${methods.join(', ')}`))
    }
    return reply.code(404).type('application/problem+json').send(problem(404, 'CF_NOT_FOUND', `No route ${request.method} ${pathOf(request)}`))
  }
  fastify.setNotFoundHandler((request, reply) => { notFound(request, reply) })

  // Every successful GET is a function of the dataset version and the request (URL and Accept),
  // so its ETag is known before the work is done. A tag the client holds was issued for a 200 of
  // this very request, so it is answered 304 at once (after routing and validation); `*` is only
  // answered 304 once the request has turned out to succeed.
  const tagOf = (request: FastifyRequest): string =>
    `"${fastify.queries.version}-${createHash('sha1').update(`${request.url}\0${request.headers.accept ?? ''}`).digest('base64url').slice(0, 16)}"`
  const matches = (header: string | undefined, tag: string): 'tag' | 'any' | null => {
    if (!header) return null
    const tags = header.split(',').map((s) => s.trim().replace(/^W\//, ''))
    if (tags.includes(tag)) return 'tag'
    return tags.includes('*') ? 'any' : null
  }

  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return
    if (request.headers['if-none-match'] !== undefined && matches(request.headers['if-none-match'], tagOf(request)) === 'tag') {
      reply.header('etag', tagOf(request)).header('cache-control', 'public, max-age=300').header('vary', 'Accept, Accept-Encoding')
      return reply.code(304).send()
    }
    const hit = answers.get(keyOf(request))
    if (hit && fastify.cachedAnswerGate(request, reply)) {
      reply.headers(hit.headers)
      // Its ETag, computed once (an API answer's is set after the answer is kept).
      if (hit.headers.etag === undefined) reply.header('etag', hit.tag ??= tagOf(request))
      const encoding = hit.body.length >= COMPRESS_THRESHOLD ? encodingFor(request.headers['accept-encoding']) : null
      if (encoding !== null) reply.header('content-encoding', encoding)
      return reply.code(200).send(await encoded(request, hit, encoding))
    }
  })

  /**
   * A kept answer's body in `encoding`, compressed the first time it is asked for so, off the event
   * loop (zlib's thread pool: an answer may be megabytes), and kept with it.
   */
  async function encoded (request: FastifyRequest, hit: CachedAnswer, encoding: 'br' | 'gzip' | null): Promise<Buffer> {
    if (encoding === null) return hit.body
    let compressed = hit[encoding]
    if (compressed === undefined) {
      compressed = encoding === 'br'
        ? await brotli(hit.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: hit.body.length } })
        : await gzip(hit.body)
      // Its size has grown: kept as a new entry, since the cache counts the size of a value
      // when it is set, not when the same object is set again. (Still the same answer: the
      // dataset cannot change while the process runs.)
      const current = answers.peek(keyOf(request))
      if (current !== undefined) answers.set(keyOf(request), { ...current, [encoding]: compressed })
    }
    return compressed
  }

  /**
   * A kept answer sent at the end of onRequest, once the limits (rate, load, a GraphQL budget) and
   * CORS have run: the route, its validation, the handler and the onSend hooks are skipped, and the
   * answer is written with the headers those would have set (the same as the preHandler path
   * above, which still answers what this one leaves: HEAD, a conditional request, a client that
   * takes only deflate, and anything while draining). Registered by the app after the guard and
   * CORS, so that their hooks run first.
   */
  fastify.decorate('answerFromCache', (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.method !== 'GET' || request.headers['if-none-match'] !== undefined || fastify.lifecycle.draining) return false
    const hit = answers.get(keyOf(request))
    if (hit === undefined) return false
    const encoding = keptEncoding(hit, request.headers['accept-encoding'])
    if (encoding === undefined || !fastify.cachedAnswerGate(request, reply)) return false
    // Only what is ready: a form not yet compressed is made by the preHandler path, asynchronously.
    const body = encoding === null ? hit.body : hit[encoding]
    if (body === undefined) return false
    const headers: Record<string, string | number | string[]> = { ...reply.getHeaders() as Record<string, string | number | string[]>, ...hit.headers }
    if (hit.headers.etag === undefined) headers.etag = hit.tag ??= tagOf(request)
    if (!/no-cache|immutable/.test(hit.headers['cache-control'] ?? '')) headers['cache-control'] = 'public, max-age=300'
    headers.vary = 'Accept, Accept-Encoding'
    if (encoding !== null) headers['content-encoding'] = encoding
    headers['content-length'] = body.length
    reply.hijack()
    reply.raw.writeHead(200, headers)
    reply.raw.end(body)
    const kept = answers.peek(keyOf(request))
    if (kept !== undefined && kept.wire?.[encoding ?? 'identity'] === undefined) {
      const wire: OutgoingHttpHeaders = {}
      for (const [name, value] of Object.entries(headers)) if (!PER_REQUEST.includes(name)) wire[name] = value
      kept.wire = { ...kept.wire, [encoding ?? 'identity']: wire }
    }
    return true
  })

  /**
   * A kept answer sent before Fastify sees the request (src/server.ts calls this first): once it
   * has been sent from onRequest in this encoding, with the headers it was sent with then, if the
   * guard admits the request (see admitKept: the rate limit counts it, and adds its headers). Not
   * routed, validated or hooked, so a hot request costs a lookup and a write; logged at info as
   * one line. Anything else is left to Fastify (false).
   */
  const log = fastify.log
  fastify.decorate('answerRaw', (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' || req.headers['if-none-match'] !== undefined || fastify.lifecycle.draining) return false
    const hit = answers.get(`${req.url}\0${req.headers.accept ?? ''}`)
    if (hit?.wire === undefined) return false
    const encoding = keptEncoding(hit, req.headers['accept-encoding'])
    if (encoding === undefined) return false
    const wire = hit.wire[encoding ?? 'identity']
    const body = encoding === null ? hit.body : hit[encoding]
    if (wire === undefined || body === undefined) return false
    const limit = fastify.admitKept(req)
    if (limit === null) return false
    res.writeHead(200, Object.keys(limit).length === 0 ? wire : { ...wire, ...limit })
    res.end(body)
    if (LOGGED.has(log.level)) {
      const reqId = req.headers['x-request-id'] ?? randomUUID()
      log.info({ reqId, req: { method: req.method, url: req.url, remoteAddress: req.socket.remoteAddress }, res: { statusCode: 200 }, kept: true }, 'request completed')
    }
    return true
  })

  fastify.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 || reply.statusCode === 204) {
      reply.removeHeader('etag')
      reply.header('cache-control', 'no-store')
      return payload
    }
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload
    // A route that said no-store (health, readiness, a GraphQL answer with errors) keeps it.
    if (reply.getHeader('cache-control') === 'no-store') {
      reply.removeHeader('etag')
      return payload
    }
    // The explorer's HTML carries the hash of its build as its ETag, and is revalidated on every
    // visit; its assets are immutable. Every other answer is a function of the dataset version.
    const tag = String(reply.getHeader('etag') ?? tagOf(request))
    reply.header('etag', tag)
    // (No policy reads as "undefined", which is neither.)
    if (!/no-cache|immutable/.test(String(reply.getHeader('cache-control')))) reply.header('cache-control', 'public, max-age=300')
    reply.header('vary', 'Accept, Accept-Encoding')
    if (matches(request.headers['if-none-match'], tag) !== null) {
      reply.code(304)
      if (payload && typeof (payload as NodeJS.ReadableStream).pipe === 'function') (payload as unknown as { destroy: () => void }).destroy()
      // No body, and no length: a 304's length would have to be that of the 200 it stands for.
      reply.removeHeader('content-length')
      return null
    }
    return payload
  })
  // Stryker disable next-line ObjectLiteral,StringLiteral: the name only labels the plugin in Fastify's messages; no plugin depends on it by name
}, { name: 'http' })
