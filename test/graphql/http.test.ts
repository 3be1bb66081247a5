// GraphQL over HTTP as its reference audit sees it: graphql-http's server audit, run against the
// server on loopback, with no MUST or SHOULD failing; and the media types and status codes it
// checks, one by one.
import t from 'tap'
import Fastify from 'fastify'
import { auditServer } from 'graphql-http'
import app, { fastifyOptions } from '../../src/app.js'
import { build, testDatabasePath, TEST_GUARD } from '../helper.js'

t.test('graphql-http\'s server audit passes with no MUST or SHOULD failing', async (t) => {
  const server = Fastify({ ...fastifyOptions, logger: false })
  await server.register(app, { databasePath: await testDatabasePath(), ...TEST_GUARD })
  const origin = await server.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => server.close())
  const results = await auditServer({ url: `${origin}/graphql` })
  t.ok(results.length >= 50, `${results.length} audits`)
  for (const r of results) {
    // Notices are the spec's MAYs.
    if (r.status === 'notice') continue
    t.equal(r.status, 'ok', `${r.id} ${r.name}${r.status === 'ok' ? '' : `: ${r.reason}`}`)
  }
})

t.test('the media type a client asks for, and the status codes that go with it', async (t) => {
  const server = await build(t)
  const post = (payload: unknown, accept?: string) => server.inject({ method: 'POST', url: '/graphql', payload: payload as object, headers: accept ? { accept } : {} })
  const GRAPHQL = 'application/graphql-response+json'

  const ok = await post({ query: '{ dataset { name } }', extensions: null }, GRAPHQL)
  t.equal(ok.statusCode, 200, '"extensions": null is no extensions')
  t.equal(ok.headers['content-type'], `${GRAPHQL}; charset=utf-8`)
  t.same(ok.json(), { data: { dataset: { name: 'campaign-facts' } } })
  t.equal((await post({ query: '{ dataset { name } }' })).headers['content-type'], 'application/json; charset=utf-8', 'application/json by default')

  for (const query of ['{ nope }', '{ regions { nodes { code }']) {
    const json = await post({ query }, 'application/json')
    t.equal(json.statusCode, 200, `${query}: 200 under application/json`)
    t.notOk('data' in json.json(), 'a request error has no data entry')
    const strict = await post({ query }, GRAPHQL)
    t.equal(strict.statusCode, 400, `${query}: 400 under ${GRAPHQL}`)
    t.notOk('data' in strict.json())
  }
  const failed = await post({ query: '{ indicators(first: 0) { nodes { id } } }' })
  t.equal(failed.statusCode, 400, 'a bad argument stops the execution')
  t.ok('data' in failed.json() && failed.json().data === null, 'an execution that failed has data: null')
  const notRequest = await post({ query: 5 })
  t.equal(notRequest.statusCode, 400, 'a query that is not a string is not a GraphQL request')
})
