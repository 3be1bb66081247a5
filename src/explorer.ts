// Serves the explorer, the pages for people built from web/ (npm run build:web) into dist/web: its
// HTML at / (for clients that ask for text/html) and at each view's path, and its assets, named by
// their content hash, under /explorer/assets/. The pages read only the public API.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { extname, join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { projectRoot } from './paths.js'
import { problem } from './problem.js'
import { PAGE_CSP_HEADER } from './plugins/http.js'

/** Where `npm run build:web` writes the explorer. */
export const explorerDir = join(projectRoot, 'dist', 'web')

/** The URL prefix of the explorer's assets (Vite's `base`). */
export const ASSETS_PREFIX = '/explorer/assets'

/** The views' paths, each answered with the explorer's HTML; the page's script routes within it. */
export const EXPLORER_PATHS = [
  '/metrics', '/metrics/:code', '/regions/:code', '/documents/:id', '/facts/:id', '/indicators/:id',
  '/events/:id', '/organs/:id', '/search',
]

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

interface Build { html: Buffer, etag: string, assets: Map<string, { body: Buffer, type: string }> }

/** The built explorer, or null when it has not been built. Read once: a build is immutable. */
function loadBuild (dir: string): Build | null {
  const index = join(dir, 'index.html')
  if (!existsSync(index)) return null
  try {
    return readBuild(dir, index)
  } catch {
    return null // moved or replaced while being read: a build under way
  }
}

function readBuild (dir: string, index: string): Build {
  const html = readFileSync(index)
  const assets = new Map<string, { body: Buffer, type: string }>()
  const assetDir = join(dir, 'assets')
  for (const name of existsSync(assetDir) ? readdirSync(assetDir) : []) {
    const type = TYPES[extname(name)]
    if (type) assets.set(name, { body: readFileSync(join(assetDir, name)), type })
  }
  // The page names its assets by content hash, so the HTML's own hash stands for the whole build.
  return { html, etag: `"explorer-${createHash('sha256').update(html).digest('base64url').slice(0, 22)}"`, assets }
}

/** Whether a request asks for a page rather than data: text/html named, and preferred to JSON. */
export function wantsHtml (request: FastifyRequest): boolean {
  const accept = request.headers.accept
  if (!accept) return false
  let html = 0
  let json = 0
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim())
    const q = params.find((p) => p.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    if (!(weight > 0)) continue
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, weight)
    if (type === 'application/json') json = Math.max(json, weight)
  }
  return html > 0 && html >= json
}

export interface Explorer {
  /** Answers with the explorer's HTML (or a problem document when it is not built). */
  page: (request: FastifyRequest, reply: FastifyReply) => FastifyReply
}

export function registerExplorer (fastify: FastifyInstance, dir = explorerDir): Explorer {
  const build = loadBuild(dir)
  if (!build) fastify.log.warn(`the explorer is not built (no ${join(dir, 'index.html')}); run npm run build:web`)

  const page = (_request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (!build) {
      return reply.code(404).type('application/problem+json')
        .send(problem(404, 'CF_NOT_FOUND', 'The explorer is not built on this server: run `npm run build:web`. The API is at /v1.'))
    }
    // Revalidated on every visit: a new build must reach the reader at once; its assets never change.
    return reply.header('etag', build.etag).header('cache-control', 'no-cache')
      .header('content-security-policy', PAGE_CSP_HEADER)
      .type('text/html; charset=utf-8').send(build.html)
  }

  for (const path of EXPLORER_PATHS) fastify.get(path, { schema: { hide: true } }, async (request, reply) => page(request, reply))

  fastify.get(`${ASSETS_PREFIX}/:name`, { schema: { hide: true } }, async (request, reply) => {
    const asset = build?.assets.get((request.params as { name: string }).name)
    if (!asset) {
      return reply.code(404).type('application/problem+json').send(problem(404, 'CF_NOT_FOUND', `No asset ${request.url.split('?')[0]}`))
    }
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body)
  })

  return { page }
}
