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
        // interactive reference would prefill it and fail); every other parameter has one.
        if (param.name !== 'cursor') t.ok(param.example !== undefined || param.examples, `${op.operationId} ${param.name} has an example`)
      }
      if (path.startsWith('/v1/')) t.ok(op.responses['400'] && op.responses['404'], `${op.operationId} describes errors`)
    }
  }
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
