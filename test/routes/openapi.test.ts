// openapi.yaml is generated from the route schemas; the committed file must match the code, be
// valid OpenAPI 3.1, and describe every route.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { Validator } from '@seriousme/openapi-schema-validator'
import { build } from '../helper.js'
import { projectRoot } from '../../src/paths.js'

t.test('the committed openapi.yaml is what the code generates', async (t) => {
  const app = await build(t)
  const committed = readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8')
  t.equal(committed, app.swagger({ yaml: true }), 'run `npm run openapi` after changing a route')
  const served = await app.inject('/openapi.yaml')
  t.equal(served.body, committed)
  const json = await app.inject('/openapi.json')
  t.same(json.json(), parse(committed))
})

t.test('openapi.yaml validates against the OpenAPI 3.1 schema', async (t) => {
  const validator = new Validator()
  const result = await validator.validate(readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8'))
  t.equal(validator.version, '3.1')
  t.ok(result.valid, JSON.stringify(result.errors))
})

t.test('every operation is documented', async (t) => {
  const doc = parse(readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8'))
  t.equal(doc.openapi, '3.1.0')
  const paths = Object.keys(doc.paths)
  for (const p of ['/v1', '/v1/regions', '/v1/regions/{code}', '/v1/organs', '/v1/organs/{id}', '/v1/events', '/v1/events/{id}',
    '/v1/metrics', '/v1/metrics/{code}', '/v1/indicators', '/v1/indicators/{id}', '/v1/indicators/summary',
    '/v1/documents', '/v1/documents/{id}', '/v1/documents/{id}/text']) {
    t.ok(paths.includes(p), `${p} is described`)
  }
  const ids = new Set<string>()
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      t.ok(op.operationId, `${method} ${path} has an operationId`)
      t.notOk(ids.has(op.operationId), `${op.operationId} is unique`)
      ids.add(op.operationId)
      t.ok(op.summary, `${op.operationId} has a summary`)
      t.ok(op.responses['200'], `${op.operationId} describes success`)
      for (const param of op.parameters ?? []) {
        t.ok(param.description, `${op.operationId} ${param.name} is described`)
        // A cursor is only valid for the list and sort that made it, so it has no example (the
        // interactive reference would prefill it and fail); every other parameter has one: on the
        // parameter when it is required (so /docs fills it in), else in its schema (so /docs
        // leaves it empty and a first Execute is not the sum of every filter's example).
        if (param.name === 'cursor') continue
        if (param.required) t.ok(param.example !== undefined, `${op.operationId} ${param.name} (required) has an example`)
        else t.ok(param.example === undefined && param.schema.examples?.length === 1, `${op.operationId} ${param.name} has an example in its schema only`)
      }
      if (path.startsWith('/v1/')) t.ok(op.responses['400'] && op.responses['404'], `${op.operationId} describes errors`)
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) >= 400) t.same(Object.keys(response.content ?? {}), ['application/problem+json'], `${op.operationId} ${status} is a problem document`)
      }
      if (path !== '/health') t.ok(op.responses['429'] && op.responses['503'], `${op.operationId} declares the rate limit and load shedding`)
      if (path.startsWith('/v1')) t.ok(op.responses['405'], `${op.operationId} declares 405`)
    }
  }
})

t.test('the contract names its schemas, marks required parameters and types limit', async (t) => {
  const doc = parse(readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8'))
  const names = Object.keys(doc.components.schemas)
  for (const name of ['Problem', 'Region', 'RegionDetail', 'Organ', 'Event', 'Metric', 'Indicator', 'Document', 'DocumentDetail', 'SummaryRow', 'Summary', 'Observation', 'Observations', 'SearchHit', 'SearchResults', 'Landing']) {
    t.ok(names.includes(name), `components/schemas/${name}`)
  }
  t.notOk(names.some((n) => /^def-\d+$/.test(n)), 'no def-N names')
  t.same(doc.security, [], 'no operation needs credentials')
  const param = (path: string, name: string): any => doc.paths[path].get.parameters.find((p: any) => p.name === name)
  const limit = param('/v1/indicators', 'limit').schema.anyOf
  t.same(limit.map((s: any) => s.type), ['integer', 'string'], 'limit is an integer or "all"')
  t.same(limit[1].enum ?? [limit[1].const], ['all'])
  t.same([limit[0].minimum, limit[0].maximum], [1, 1000])
  t.equal(param('/v1/indicators/summary', 'groupBy').required, true)
  t.equal(param('/v1/search', 'q').required, true)
  t.equal(param('/v1/indicators', 'metric').required, false)
})

t.test('every example of a list parameter returns data on its own', async (t) => {
  const app = await build(t)
  const doc = parse(readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8'))
  let checked = 0
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
    const op = ops.get
    if (!op || path.includes('{') || !op.responses['200'].content?.['application/json']) continue
    const required = Object.fromEntries((op.parameters ?? []).filter((p: any) => p.required).map((p: any) => [p.name, String(p.example)]))
    const base = await app.inject({ url: path, query: required })
    t.equal(base.statusCode, 200, `${path} with its required examples only`)
    for (const p of op.parameters ?? []) {
      if (p.required || p.name === 'cursor') continue
      const example = p.schema.examples[0]
      const res = await app.inject({ url: path, query: { ...required, [p.name]: String(example) } })
      t.equal(res.statusCode, 200, `${path}?${p.name}=${example}`)
      const body = String(res.headers['content-type']).startsWith('application/json') ? res.json() : null
      const rows = body && Array.isArray(body.data) ? body.data.length : 1
      t.ok(rows > 0, `${path}?${p.name}=${example} returns data`)
      checked++
    }
  }
  t.ok(checked > 100, `${checked} examples`)
})

t.test('the interactive reference works offline', async (t) => {
  const app = await build(t)
  const page = await app.inject('/docs/')
  t.equal(page.statusCode, 200)
  t.notMatch(page.body, /https?:\/\/(cdn|unpkg|cdnjs|jsdelivr)/, 'no CDN assets')
  const init = await app.inject('/docs/static/swagger-initializer.js')
  t.equal(init.statusCode, 200)
  const bundle = await app.inject('/docs/static/swagger-ui-bundle.js')
  t.equal(bundle.statusCode, 200, 'the UI bundle is served from npm')
})
