import t from 'tap'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from '../helper.js'
import { seedDir } from '../../src/paths.js'

t.test('GET /health and /ready', async (t) => {
  const app = await build(t)
  const health = await app.inject('/health')
  t.equal(health.statusCode, 200)
  t.same(health.json(), { status: 'ok' })
  const ready = await app.inject('/ready')
  t.equal(ready.statusCode, 200)
  t.equal(ready.json().status, 'ready')
})

t.test('GET /v1 lists the five documents with the SHA-256 of each seed file', async (t) => {
  const app = await build(t)
  const res = await app.inject('/v1')
  t.equal(res.statusCode, 200)
  const body = res.json()
  const files = readdirSync(join(seedDir, 'documents')).filter((n) => n.endsWith('.txt')).sort()
  t.equal(body.documents.length, 5)
  for (const f of files) {
    const sha = createHash('sha256').update(readFileSync(join(seedDir, 'documents', f))).digest('hex')
    const doc = body.documents.find((d: { fileName: string }) => d.fileName === f)
    t.equal(doc?.sha256, sha, f)
  }
  t.equal(body.counts.documents, 5)
  t.ok(body.counts.regions > 3000, 'the whole gazetteer is loaded')
  t.ok(body.counts.indicators > 100)
  t.match(body.version, /^[0-9a-f]{16}$/)
  t.ok(res.headers['x-request-id'] === undefined || typeof res.headers['x-request-id'] === 'string')
})

t.test('GET /ready answers 503 with a problem document when the database does not answer', async (t) => {
  const app = await build(t)
  app.queries.sqlite.close()
  const res = await app.inject('/ready')
  t.equal(res.statusCode, 503)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(res.json().code, 'CF_NOT_READY')
  t.equal((await app.inject('/health')).statusCode, 200, 'liveness does not depend on the database')
})
