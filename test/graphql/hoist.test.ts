// Query texts that differ only in their literals share one validated document (src/graphql/hoist.ts):
// the skeleton that tells them apart, the shape they are validated as, and, through the app, that a
// new text of a known shape is not validated again yet answers, and fails, as its own text.
import t from 'tap'
import { buildSchema, parse, validate } from 'graphql'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { build, rest } from '../helper.js'
import { Shapes, shapeOf, skeleton } from '../../src/graphql/hoist.js'
import { schemaPath } from '../../src/graphql/index.js'
import { resolvers } from '../../src/graphql/resolvers.js'

type Json = Record<string, any>

const schema = buildSchema(readFileSync(schemaPath, 'utf8'))
// PartialDate reads its literals as the service does.
Object.assign(schema.getType('PartialDate')!, resolvers.PartialDate)

t.test('skeleton: equal for texts that differ in literal values, layout and comments; not when equal literals differ', async (t) => {
  const a = skeleton('{ indicator(id: "a") { id } }', 100)!
  const b = skeleton('# a comment\n{\n  indicator(id: "b")\n  { id }\n}', 100)!
  t.equal(a.key, b.key, 'the same skeleton')
  t.same(a.literals, [{ kind: 'String', value: 'a' }])
  t.same(b.literals, [{ kind: 'String', value: 'b' }])
  t.not(skeleton('{ a: indicator(id: "x") { id } b: indicator(id: "x") { id } }', 100)!.key,
    skeleton('{ a: indicator(id: "x") { id } b: indicator(id: "y") { id } }', 100)!.key,
    'two equal literals are not the shape of two different ones (they may be merged where different ones conflict)')
  t.not(skeleton('{ indicators(first: 5) { totalCount } }', 100)!.key, skeleton('{ indicators(first: "5") { totalCount } }', 100)!.key, 'a number is not a string')
  t.not(skeleton('{ indicator(id: "a") { id } }', 100)!.key, skeleton('{ indicator(id: "a") { id value } }', 100)!.key, 'other fields, another skeleton')
  t.equal(skeleton('{ dataset { version } }', 100), null, 'no literal: nothing to share')
  t.equal(skeleton('{ indicator(id: "a) { id } }', 100), null, 'a text that does not lex is left to the parser')
  t.equal(skeleton('{ indicator(id: "a") { id } }', 5), null, 'nor one over the token limit')
})

t.test('shapeOf: the literals become variables of their own types, declared on the operation', async (t) => {
  const shape = (text: string): string | null => shapeOf(schema, text, parse(text))?.text ?? null
  const valid = (text: string | null): boolean => text !== null && validate(schema, parse(text)).length === 0
  const one = shape('{ indicator(id: "a") { id } }')
  t.equal(one, 'query ($_cf0: String!) { indicator(id: $_cf0) { id } }')
  const named = shape('query Q($n: Int) { indicators(first: $n, filter: { q: "a", from: "2021", minValue: 1.5, region: ["430000", "430000"] }) { totalCount } }')
  t.equal(named, 'query Q($_cf0: String $_cf1: PartialDate $_cf2: Float $_cf3: String! $n: Int) { indicators(first: $n, filter: { q: $_cf0, from: $_cf1, minValue: $_cf2, region: [$_cf3, $_cf3] }) { totalCount } }',
    'list items and input object fields too; one variable for equal literals of one type; the operation\'s own variables kept')
  t.ok(valid(named), 'and it validates')
  const keyword = shape('query { indicators(first: 3) { totalCount } }')
  t.equal(keyword, 'query ($_cf0: Int) { indicators(first: $_cf0) { totalCount } }')
  const fragment = shape('{ ...F } fragment F on Query { indicator(id: "a") { id } }')
  t.ok(valid(fragment) && fragment!.includes('indicator(id: $_cf0)'), 'literals in fragments, declared on the one operation')

  t.equal(shape('query A { indicator(id: "a") { id } } query B { dataset { version } }'), null, 'two operations: not shared')
  t.equal(shape('query ($n: Int = 5) { indicators(first: $n) { totalCount } }'), null, "a variable's default stays a literal")
  t.equal(shape('{ indicators(first: 5, filter: { minValue: 5 }) { totalCount } }'), null, 'one literal as an Int and as a Float: not shared')
  t.equal(shape('{ indicators(filter: { q: "a", region: ["a"] }) { totalCount } }'), null, 'nor as a String and a String!')
  t.equal(shape('query ($_cf0: Int) { indicators(first: $_cf0, filter: { q: "a" }) { totalCount } }'), null, 'variable names of the form used: not shared')
})

t.test('Shapes: a shape is built the second time its skeleton validates; a literal its type refuses is not hoisted', async (t) => {
  const shapes = new Shapes(2)
  const text = (id: string): string => `{ indicators(first: ${id}) { totalCount } }`
  const s = (id: string): ReturnType<typeof skeleton> & object => skeleton(text(id), 100)!
  t.equal(shapes.hoist(s('1')), null, 'unknown')
  shapes.validated(schema, s('1'), text('1'), parse(text('1')))
  t.equal(shapes.hoist(s('2')), null, 'seen once: a text sent once costs nothing more')
  shapes.validated(schema, s('2'), text('2'), parse(text('2')))
  t.same(shapes.hoist(s('3')), { text: 'query ($_cf0: Int) { indicators(first: $_cf0) { totalCount } }', variables: { _cf0: 3 } })
  t.equal(shapes.hoist(s('99999999999')), null, 'an Int out of range stays in its text, for graphql-js to report')
  const floats = new Shapes(4)
  const min = (v: string): string => `{ indicators(filter: { minValue: ${v} }) { totalCount } }`
  for (const v of ['1.5', '2.5']) floats.validated(schema, skeleton(min(v), 100)!, min(v), parse(min(v)))
  t.same(floats.hoist(skeleton(min('3.5'), 100)!)?.variables, { _cf0: 3.5 })
  t.equal(floats.hoist(skeleton(min('1e400'), 100)!), null, 'a Float literal read as Infinity, which no variable may be, stays in its text')
  // Bounded: two more skeletons push the first out.
  for (const other of ['{ indicator(id: "a") { id } }', '{ region(code: "a") { code } }']) {
    shapes.validated(schema, skeleton(other, 100)!, other, parse(other))
  }
  t.equal(shapes.size, 2)
  t.equal(shapes.hoist(s('3')), null, 'the oldest shape is gone')
})

async function ask (app: FastifyInstance, query: string, method: 'GET' | 'POST', variables?: Json): Promise<{ status: number, body: Json }> {
  const res = method === 'GET'
    ? await app.inject({ method, url: `/graphql?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}` })
    : await app.inject({ method, url: '/graphql', payload: { query, variables } })
  return { status: res.statusCode, body: res.json() }
}

t.test('through the app: new texts of a known shape are not validated again, and answer as their own texts', async (t) => {
  const app = await build(t)
  const docs = app.graphqlDocuments
  const figures = (await rest(app, '/v1/indicators?limit=8')).data as Json[]
  const before = docs.validated
  for (const [n, figure] of figures.entries()) {
    const r = await ask(app, `{ indicator(id: "${figure.id}") { id value unit date } }`, n % 2 === 0 ? 'GET' : 'POST')
    t.equal(r.status, 200)
    t.same(r.body, { data: { indicator: { id: figure.id, value: figure.value, unit: figure.unit, date: figure.date } } }, `${figure.id}: its own figure`)
  }
  t.equal(docs.validated - before, 3, 'eight texts, three validations: the first text, the second, and the shape they share')
  t.equal(docs.shapes.size, 1)

  // An error in execution cites the client's own text, where the shape's text would put it elsewhere.
  const search = (q: string): string => `{ indicators(first: 1, filter: { q: "${q}" }) { nodes { id } } }`
  // Two texts make the shape; the third is the first sent as it (and the shape's text is validated then).
  for (const q of ['court', 'police', 'county']) t.equal((await ask(app, search(q), 'POST')).status, 200)
  const validated = docs.validated
  const empty = await ask(app, search(''), 'POST')
  t.equal(docs.validated, validated, 'the fourth text was sent as the shape, validated before')
  t.equal(empty.status, 400)
  t.equal(empty.body.errors[0].extensions.parameter, 'q')
  t.same(empty.body.errors[0].locations, [{ line: 1, column: 3 }], "located in the client's text (the shape's has its variables before it)")

  // A literal its type refuses is left in its text: graphql-js's own message and location.
  const from = (date: string): string => `{ indicators(first: 1, filter: { from: "${date}" }) { totalCount } }`
  for (const date of ['2021', '2021-05', '2021-06']) t.equal((await ask(app, from(date), 'GET')).status, 200)
  const bad = await ask(app, from('2021-13'), 'GET')
  t.match(bad.body.errors[0].message, /PartialDate.*"2021-13".*no month 13/)
  t.same(bad.body.errors[0].locations, [{ line: 1, column: from('2021-13').indexOf('"2021-13"') + 1 }])

  // A client that sends variables has written its own shape: its text goes to Mercurius as it is.
  const withVariables = docs.validated
  for (const q of ['a', 'b', 'c', 'd', 'e']) {
    const r = await ask(app, `query ($n: Int) { indicators(first: $n, filter: { q: "${q}" }) { totalCount } }`, 'POST', { n: 1 })
    t.equal(r.status, 200)
  }
  t.equal(docs.validated - withVariables, 5, 'each text validated as sent')
})

t.test('random texts of a few shapes, with values good and bad: sent as their shape, each answers as when sent as it is', async (t) => {
  const app = await build(t)
  const ids = ((await rest(app, '/v1/indicators?limit=100')).data as Json[]).map((i) => JSON.stringify(i.id))
  let seed = 7
  const pick = <T>(a: T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return a[seed % a.length]!
  }
  const str = (): string => pick([...ids.slice(0, 10), '""', '"nope"', '"\\u4e2d\\u6587"', '"\\"q\\""', '"""block"""', '"court"', '"法院"', '"2021"', '"2021-13"', '"2021-05"', '"x"'])
  const int = (): string => pick(['0', '1', '5', '-1', '1000', '1001', '99999999999', '3'])
  const float = (): string => pick(['1.5', '0.0', '-2.5e3', '1e400', '12.25'])
  const shapes = [
    () => `{ indicator(id: ${str()}) { id value unit date } }`,
    () => `{ indicators(first: ${int()}, filter: { q: ${str()} }) { totalCount nodes { id } } }`,
    () => `{ indicators(first: ${int()}, filter: { from: ${str()}, minValue: ${float()} }) { totalCount } }`,
    () => `query Q { a: indicator(id: ${str()}) { id } b: indicator(id: ${str()}) { id } }`,
    () => `{ region(code: ${str()}) { code name indicators(first: ${int()}) { totalCount } } }`,
    () => `{ ...F } fragment F on Query { indicators(first: ${int()}, filter: { region: [${str()}, ${str()}], q: ${str()} }) { totalCount } }`,
    () => `query ($n: Int = ${int()}) { indicators(first: $n, filter: { q: ${str()} }) { totalCount } }`,
  ]
  let shared = 0
  let differ = 0
  for (let i = 0; i < 1000; i++) {
    const query = shapes[i % shapes.length]!()
    const before = app.graphqlDocuments.validated
    const a = await app.inject({ method: 'POST', url: '/graphql', payload: { query } })
    if (app.graphqlDocuments.validated === before) shared++
    // With a variable of its own (unused), the same text is sent to Mercurius as it is.
    const b = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables: { unused: 1 } } })
    if (a.statusCode !== b.statusCode || a.body !== b.body) {
      differ++
      t.fail(`${query}\nas its shape: ${a.statusCode} ${a.body.slice(0, 300)}\nas it is: ${b.statusCode} ${b.body.slice(0, 300)}`)
    }
  }
  t.equal(differ, 0, 'every answer the same, status and bytes')
  t.ok(shared > 700, `most were sent as their shape, with no validation (${shared} of 1,000)`)
})
