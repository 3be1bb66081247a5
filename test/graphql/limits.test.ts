// The bounds of a request (depth, aliases, tokens, cost), each refused before anything runs with a
// clear message and an extensions.code; batching off; and errors that say what to fix without
// showing internals.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { build } from '../helper.js'
import { LIMITS } from '../../src/graphql/limits.js'

type Json = Record<string, any>

// One app for the file: building it is most of the file's time, and no test changes it for the next
// (the two that break the query layer put it back when they end).
const app = await build(t)

async function post (app: FastifyInstance, payload: unknown): Promise<{ status: number, body: Json, statements: number, raw: string }> {
  const before = app.queries.cache.executed
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: payload as Json })
  return { status: res.statusCode, body: res.json(), statements: app.queries.cache.executed - before, raw: res.body }
}

/**
 * A request refused before execution: no data entry, no SQL run, one error with this code. HTTP
 * 400, but for a document that does not parse or validate, which GraphQL over HTTP answers 200
 * under application/json (and 400 under application/graphql-response+json).
 */
async function refused (t: Test, app: FastifyInstance, payload: unknown, code: string): Promise<Json> {
  const r = await post(app, payload)
  const status = ['CF_GRAPHQL_SYNTAX', 'CF_GRAPHQL_VALIDATION'].includes(code) ? 200 : 400
  t.equal(r.status, status, `${code}: HTTP ${status}`)
  t.notOk('data' in r.body, `${code}: nothing executed, no data entry`)
  t.equal(r.statements, 0, `${code}: not a single statement ran`)
  t.equal(r.body.errors?.length, 1, `${code}: one error`)
  t.equal(r.body.errors?.[0].extensions.code, code)
  return r.body.errors[0]
}

async function ok (t: Test, app: FastifyInstance, payload: unknown, what: string): Promise<Json> {
  const r = await post(app, payload)
  t.equal(r.status, 200, what)
  t.notOk(r.body.errors, `${what}: no errors`)
  return r.body.data
}

/** region(code: "430112") { parent { parent { ... code } } }: depth 2 + levels. */
const parents = (levels: number): string => `{ region(code: "430112") { ${'parent { '.repeat(levels)}code${' }'.repeat(levels)} } }`

t.test('depth', async (t) => {
  t.equal(LIMITS.depth, 15)
  await ok(t, app, { query: parents(13) }, 'depth 15 is allowed')
  const e = await refused(t, app, { query: parents(14) }, 'CF_QUERY_TOO_DEEP')
  t.match(e.message, /16 levels deep.*the limit is 15/)
  t.equal(e.extensions.depth, 16)
  t.equal(e.extensions.limit, 15)
})

t.test('depth is counted through named fragments, which no single fragment shows', async (t) => {
  // Each fragment is only 3 levels deep; spread inside one another they reach 1 + 14 + 1 = 16.
  const query = `
    query Deep { region(code: "430112") { ...A } }
    fragment A on Region { parent { parent { ...B } } }
    fragment B on Region { parent { parent { ...C } } }
    fragment C on Region { parent { parent { ...D } } }
    fragment D on Region { parent { parent { ...E } } }
    fragment E on Region { parent { parent { ...F } } }
    fragment F on Region { parent { parent { ...G } } }
    fragment G on Region { parent { parent { code } } }
  `
  const e = await refused(t, app, { query }, 'CF_QUERY_TOO_DEEP')
  t.equal(e.extensions.depth, 16)
  t.match(e.message, /counted through fragments/)
  // The same through inline fragments, and through a fragment spread from a variable-driven branch.
  const inline = `{ region(code: "430112") { ... on Region { ${'parent { ... on Region { '.repeat(14)}code${' } }'.repeat(14)} } } }`
  t.equal((await refused(t, app, { query: inline }, 'CF_QUERY_TOO_DEEP')).extensions.depth, 16)
  // Shallow fragments used many times are fine.
  await ok(t, app, { query: 'query { a: region(code: "430112") { ...R } b: region(code: "430700") { ...R } } fragment R on Region { code parent { code } }' }, 'shallow fragments')
})

t.test('aliases', async (t) => {
  t.equal(LIMITS.aliases, 30)
  const aliased = (n: number): string => `{ ${Array.from({ length: n }, (_, i) => `r${i}: region(code: "430000") { code }`).join(' ')} }`
  const data = await ok(t, app, { query: aliased(30) }, '30 aliases are allowed')
  t.same(data.r29, { code: '430000' })
  const e = await refused(t, app, { query: aliased(31) }, 'CF_TOO_MANY_ALIASES')
  t.match(e.message, /31 aliases.*the limit is 30/)
  // Aliases in a fragment count each time the fragment is used: 16 × 2 = 32.
  const fields = Array.from({ length: 16 }, (_, i) => `n${i}: name`).join(' ')
  const frag = `{ region(code: "430000") { ...N parent { ...N } } } fragment N on Region { ${fields} }`
  t.equal((await refused(t, app, { query: frag }, 'CF_TOO_MANY_ALIASES')).extensions.aliases, 32)
})

t.test('tokens', async (t) => {
  t.equal(LIMITS.tokens, 2000)
  // Each `dataset { version }` is 4 tokens; 500 of them plus the braces are 2002.
  const e = await refused(t, app, { query: `{ ${'dataset { version } '.repeat(500)}}` }, 'CF_TOO_MANY_TOKENS')
  t.match(e.message, /more than 2000 tokens/)
  // Also when the query would not even parse: counting stops before the parser runs.
  await refused(t, app, { query: `{ ${'region(code: "1") '.repeat(500)}` }, 'CF_TOO_MANY_TOKENS')
  // Comments and whitespace are not tokens (but they are bytes: see 'query size').
  await ok(t, app, { query: `# ${'a long comment '.repeat(500)}\n{ dataset { version } }${' '.repeat(5000)}` }, 'comments are not tokens')
})

t.test('cost: a connection costs first × the cost of its items', async (t) => {
  t.equal(LIMITS.cost, 50_000)
  const e = await refused(t, app, { query: '{ regions(first: 1000) { nodes { indicators(first: 1000) { nodes { id } } } } }' }, 'CF_QUERY_TOO_COSTLY')
  // 1 + 1000 × (1 + (1 + 1000 × 1))
  t.equal(e.extensions.cost, 1_002_001)
  t.match(e.message, /could cost up to 1002001.*limit is 50000.*smaller pages/)
  // Page sizes given as variables count with their values, and defaults apply.
  const q = 'query($n: Int = 1000) { regions(first: $n) { nodes { indicators(first: $n) { nodes { id } } } } }'
  t.equal((await refused(t, app, { query: q }, 'CF_QUERY_TOO_COSTLY')).extensions.cost, 1_002_001, 'the variable default')
  const data = await ok(t, app, { query: q, variables: { n: 100 } }, 'first: 100 under first: 100 costs 10,201')
  t.equal(data.regions.nodes.length, 100)
  await ok(t, app, { query: '{ regions { nodes { indicators { nodes { metric { code } } } } } }' }, 'the default page of 50 under 50 costs 1 + 50 × (2 + 50 × 2) = 5,101')
  // Through fragments too: 10 aliased connections of 1000 × 10 in a fragment.
  const frag = `{ regions(first: 1000) { nodes { ...I } } } fragment I on Region { ${Array.from({ length: 10 }, (_, i) => `i${i}: indicators(first: 10) { nodes { id } }`).join(' ')} }`
  t.equal((await refused(t, app, { query: frag }, 'CF_QUERY_TOO_COSTLY')).extensions.cost, 1 + 1000 * (1 + 10 * (1 + 10)))
  // Introspection is bounded by the token limit only, so GraphiQL can load the schema.
  const intro = await ok(t, app, { query: '{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } }' }, 'introspection')
  t.ok(intro.__schema.types.length > 30)
})

t.test('batched queries are off', async (t) => {
  const e = await refused(t, app, [{ query: '{ dataset { version } }' }, { query: '{ dataset { name } }' }], 'CF_BATCHING_DISABLED')
  t.match(e.message, /Batched queries are not supported: send one operation per request/)
})

t.test('validation errors say what to fix', async (t) => {
  const cases: Array<[unknown, string, RegExp]> = [
    [{ query: '{ region(code: "430000") { nmae } }' }, 'CF_GRAPHQL_VALIDATION', /Cannot query field "nmae" on type "Region"\. Did you mean "name"/],
    [{ query: '{ region { code } }' }, 'CF_GRAPHQL_VALIDATION', /argument "code" of type "String!" is required/],
    [{ query: '{ regions(filter: { level: [state] }) { nodes { code } } }' }, 'CF_GRAPHQL_VALIDATION', /Value "state" does not exist in "RegionLevel" enum/],
    [{ query: '{ indicators(filter: { from: "2021-13" }) { nodes { id } } }' }, 'CF_GRAPHQL_VALIDATION', /Expected value of type "PartialDate", found "2021-13"; '2021-13' has no month 13/],
    [{ query: 'query($d: PartialDate) { indicators(filter: { to: $d }) { nodes { id } } }', variables: { d: '21-7' } }, 'CF_GRAPHQL_VALIDATION', /Variable "\$d" got invalid value "21-7".*YYYY, YYYY-MM or YYYY-MM-DD/],
    [{ query: '{ regions { nodes { code }' }, 'CF_GRAPHQL_SYNTAX', /Syntax Error: Expected Name, found <EOF>/],
    [{ query: 'mutation { x }' }, 'CF_GRAPHQL_VALIDATION', /Schema is not configured to execute mutation operation/],
    [{}, 'CF_BAD_REQUEST', /has no query/],
    [{ query: { text: '{ dataset { version } }' } }, 'CF_BAD_REQUEST', /not a GraphQL request: body\/query must be string/],
    // Not GraphQL, though JSON: refused as such (Mercurius alone would try it as a JSON document).
    [{ query: 42 }, 'CF_BAD_REQUEST', /not a GraphQL request: body\/query must be string/],
    [{ query: '{ dataset { version } }', variables: 7 }, 'CF_BAD_REQUEST', /not a GraphQL request: body\/variables must be object/],
    [{ query: '{}' }, 'CF_GRAPHQL_SYNTAX', /Syntax Error: Expected Name, found "}"/],
  ]
  for (const [payload, code, message] of cases) {
    const e = await refused(t, app, payload, code)
    t.match(e.message, message, JSON.stringify(payload))
  }
  const notJson = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": ' })
  t.equal(notJson.statusCode, 400)
  t.equal(notJson.json().errors[0].extensions.code, 'CF_BAD_REQUEST')
  t.match(notJson.json().errors[0].message, /not valid JSON/)
})

t.test('errors of the query layer keep their codes and name the parameter', async (t) => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['{ indicators(first: 0) { nodes { id } } }', 'CF_BAD_PARAMETER', 'first', /must be an integer from 1 to 1000; got 0/],
    ['{ regions(first: 1001) { nodes { code } } }', 'CF_BAD_PARAMETER', 'first', /from 1 to 1000; got 1001/],
    ['{ indicators(after: "not-a-cursor") { nodes { id } } }', 'CF_BAD_CURSOR', 'cursor', /not a cursor issued by this API/],
    ['{ indicators(filter: { region: ["999999"] }) { nodes { id } } }', 'CF_BAD_PARAMETER', 'region', /unknown region code '999999'/],
    ['{ indicators(filter: { from: "2021-12", to: "2021-06" }) { nodes { id } } }', 'CF_BAD_PARAMETER', 'from', /from '2021-12' is after to '2021-06'/],
    ['{ indicators(filter: { organ: [] }) { nodes { id } } }', 'CF_BAD_PARAMETER', 'organ', /the list is empty; leave the filter out/],
    ['{ organs(filter: { kind: ["pirates"] }) { nodes { id } } }', 'CF_BAD_PARAMETER', 'kind', /unknown organ kind 'pirates'; kinds: .*court/],
    ['{ indicators(orderBy: [{ field: date }, { field: date, direction: desc }]) { nodes { id } } }', 'CF_BAD_PARAMETER', 'orderBy', /'date' is listed twice/],
  ]
  for (const [query, code, parameter, message] of cases) {
    const r = await post(app, { query })
    t.equal(r.status, 400, query)
    t.equal(r.body.errors[0].extensions.code, code)
    t.equal(r.body.errors[0].extensions.parameter, parameter)
    t.match(r.body.errors[0].message, message)
  }
  // A cursor of another sort order is refused, not misread.
  const page = (await post(app, { query: '{ indicators(first: 1, orderBy: [{ field: date }]) { pageInfo { endCursor } } }' })).body.data.indicators.pageInfo.endCursor
  const other = await post(app, { query: `{ indicators(first: 1, after: "${page}", orderBy: [{ field: value }]) { nodes { id } } }` })
  t.equal(other.body.errors[0].extensions.code, 'CF_BAD_CURSOR')
  t.match(other.body.errors[0].message, /made for another list or sort order/)
  const organs = (await post(app, { query: '{ organs(first: 1) { pageInfo { endCursor } } }' })).body.data.organs.pageInfo.endCursor
  const wrongList = await post(app, { query: `{ indicators(first: 1, after: "${organs}") { nodes { id } } }` })
  t.match(wrongList.body.errors[0].message, /made for another list or sort order/, 'an organs cursor is refused by indicators')
})

t.test('internal errors never leak', async (t) => {
  const all = app.queries.cache.all.bind(app.queries.cache)
  app.queries.cache.all = () => {
    throw new Error('SQLITE_ERROR: no such column: i.secret_column in SELECT i.secret_column FROM indicators i')
  }
  t.teardown(() => { app.queries.cache.all = all })
  const r = await post(app, { query: '{ dataset { version } indicators(first: 2) { nodes { id } } }' })
  t.equal(r.status, 500, 'nothing came back: the request failed as a whole')
  t.equal(r.body.errors.length, 1)
  t.equal(r.body.errors[0].extensions.code, 'CF_INTERNAL')
  t.equal(r.body.errors[0].message, 'The server could not answer this part of the request. It has been logged.')
  t.same(r.body.errors[0].path, ['indicators'])
  t.notMatch(r.raw, /SQLITE|secret_column|SELECT|\.ts:\d+|at [A-Za-z.]+ \(/, 'no SQL, no message, no stack trace')
  // A nullable field that fails leaves the rest of the answer intact.
  const partial = await post(app, { query: '{ dataset { version } region(code: "430000") { ancestors { code } } }' })
  t.equal(partial.status, 200)
  t.equal(partial.body.data.dataset.version, app.queries.version)
  t.equal(partial.body.errors[0].extensions.code, 'CF_INTERNAL')
  t.notMatch(partial.raw, /SQLITE|secret_column/)
})

t.test('a value the schema cannot represent is our failure, not the client\'s', async (t) => {
  const all = app.queries.cache.all.bind(app.queries.cache)
  app.queries.cache.all = (<T>(sql: string, params?: unknown[]): T[] => all<Json>(sql, params).map((row) => ('level' in row ? { ...row, level: 'galaxy' } : row)) as T[]) as typeof all
  t.teardown(() => { app.queries.cache.all = all })
  const r = await post(app, { query: '{ region(code: "430000") { code level } }' })
  t.equal(r.status, 200)
  t.same(r.body.data, { region: null })
  t.equal(r.body.errors[0].extensions.code, 'CF_INTERNAL')
  t.same(r.body.errors[0].path, ['region', 'level'])
  t.notMatch(r.raw, /galaxy|RegionLevel/)
})
