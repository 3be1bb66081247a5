// The checks of src/graphql/limits.ts called directly (no app, no HTTP), so that the numbers a
// request is refused by can be asserted exactly: bytes, tokens, syntax and the operation to run,
// then depth, aliases and cost of chosen queries, computed by hand from the cost rules, against the
// app's schema and against a small schema made for the cases the app's schema does not have.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { GraphQLError, buildSchema, introspectionFromSchema, parse, type GraphQLSchema } from 'graphql'
import { LIMITS, RequestRefused, checkLimits, checkOperation, checkQueryBytes, checkSyntax, checkTokens, measure } from '../../src/graphql/limits.js'
import { projectRoot } from '../../src/paths.js'

type Json = Record<string, any>

const schema = buildSchema(readFileSync(join(projectRoot, 'src', 'graphql', 'schema.graphql'), 'utf8'))

const list = (n: number, f: (i: number) => string, sep = ' '): string => Array.from({ length: n }, (_, i) => f(i + 1)).join(sep)

/**
 * A schema for what the app's schema has none of: mutation and subscription roots, a connection
 * without `first`, a Float `first`, a type with Connection in the middle of its name, and enough
 * interfaces, union members, enum values, input fields and arguments that every introspection list has a mean
 * length of 2 or more.
 */
const toy = buildSchema(`
  directive @wide(${list(12, (i) => `a${i}: Int`, ', ')}) on FIELD
  ${list(8, (i) => `interface I${i} { id: ID! }`)}
  ${list(8, (i) => `type O${i} implements ${list(8, (j) => `I${j}`, ' & ')} { id: ID! }`)}
  union U = ${list(8, (i) => `O${i}`, ' | ')}
  enum Color { ${list(60, (i) => `C${i}`)} }
  input WideInput { ${list(40, (i) => `f${i}: Int`)} }
  input OtherInput { ${list(40, (i) => `f${i}: Int`)} }
  type Cat { name: String! friends: [Cat!]! }
  type CatEdge { node: Cat! }
  type CatConnection { nodes: [Cat!]! edges: [CatEdge!]! }
  type ConnectionSettings { cats: [Cat!]! }
  type Query {
    cats(first: Int = 10): CatConnection!
    allCats: CatConnection!
    fuzzy(first: Float): CatConnection!
    settings: ConnectionSettings!
    u: U
    i: I1
    wide(${list(80, (i) => `a${i}: Int`, ', ')}, w: WideInput, o: OtherInput): Cat
  }
  type Mutation { adopt: Cat! }
  type Subscription { friends: [Cat!]! }
`)

const m = (query: string, variables?: Json, operationName?: string | null, s: GraphQLSchema = schema): Json =>
  ({ ...measure(s, parse(query), variables, operationName) })

/** The refusal a check throws (anything else fails the test). */
function refusal (check: () => unknown): RequestRefused {
  try {
    check()
  } catch (err) {
    if (err instanceof RequestRefused) return err
    throw err
  }
  throw new Error('not refused')
}

/** A refusal as plain data: what the error formatter and the client see of it. */
function shown (r: RequestRefused): Json {
  return { code: r.code, statusCode: r.statusCode, message: r.message, errors: r.errors.map((e) => ({ message: e.message, extensions: { ...e.extensions } })) }
}

function refusedWith (code: string, message: string, statusCode = 400, extensions: Json = {}): Json {
  return { code: 'CF_REQUEST_REFUSED', statusCode, message, errors: [{ message, extensions: { code, ...extensions } }] }
}

t.test('the query text is bounded in UTF-8 bytes, exactly at the limit allowed', async (t) => {
  const over = (bytes: number, max: number): string => `The query text is ${bytes} bytes; the limit is ${max} (comments and whitespace count). Send a shorter query, and values as variables.`
  t.doesNotThrow(() => checkQueryBytes('abc', 10))
  t.doesNotThrow(() => checkQueryBytes('abcdefghij', 10), '10 bytes of 10')
  t.same(shown(refusal(() => checkQueryBytes('abcdefghijk', 10))), refusedWith('CF_QUERY_TOO_LARGE', over(11, 10)))
  // 字 is 3 bytes in UTF-8 and 1 character.
  t.doesNotThrow(() => checkQueryBytes('字字字', 9), '9 bytes of 9')
  t.same(shown(refusal(() => checkQueryBytes('字字字字', 10))), refusedWith('CF_QUERY_TOO_LARGE', over(12, 10)), '4 characters, 12 bytes')
  t.same(shown(refusal(() => checkQueryBytes('éééééé', 11))), refusedWith('CF_QUERY_TOO_LARGE', over(12, 11)), 'é is 2 bytes')
  t.equal(LIMITS.queryBytes, 16 * 1024)
  t.doesNotThrow(() => checkQueryBytes('x'.repeat(LIMITS.queryBytes)), 'the default limit, exactly')
  t.same(shown(refusal(() => checkQueryBytes('x'.repeat(LIMITS.queryBytes + 1)))), refusedWith('CF_QUERY_TOO_LARGE', over(16385, 16384)))
})

t.test('tokens are counted with the lexer, comments left out, exactly at the limit allowed', async (t) => {
  const over = (max: number): string => `The query has more than ${max} tokens; send a shorter query (fewer fields, fragments or arguments).`
  t.doesNotThrow(() => checkTokens('{ a b }', 4), '{ a b } is 4 tokens')
  t.same(shown(refusal(() => checkTokens('{ a b }', 3))), refusedWith('CF_TOO_MANY_TOKENS', over(3)))
  t.doesNotThrow(() => checkTokens('# a comment of many words\n{ a b }', 4), 'a comment is no token')
  // A syntax error is the parser's to report, with its location; but a query over the limit is
  // refused before the lexer reaches its error.
  t.doesNotThrow(() => checkTokens('{ a "unterminated', 10))
  t.same(shown(refusal(() => checkTokens('{ a b c "unterminated', 3))), refusedWith('CF_TOO_MANY_TOKENS', over(3)))
  t.equal(LIMITS.tokens, 2000)
  t.doesNotThrow(() => checkTokens(`{ ${'a '.repeat(1998)}}`), '2000 tokens under the default limit')
  t.same(shown(refusal(() => checkTokens(`{ ${'a '.repeat(1999)}}`))), refusedWith('CF_TOO_MANY_TOKENS', over(2000)))
})

t.test('a query that is not GraphQL is refused with the parser\'s message and location', async (t) => {
  const doc = checkSyntax('query Q { dataset { name } }')
  t.same(doc.definitions.map((d) => d.kind), ['OperationDefinition'])
  t.equal(doc.loc, undefined, 'no locations kept: the document is cached by its text')
  const r = refusal(() => checkSyntax('{ regions { nodes { code }'))
  t.same(shown(r), { code: 'CF_REQUEST_REFUSED', statusCode: 400, message: 'Syntax Error: Expected Name, found <EOF>.', errors: [{ message: 'Syntax Error: Expected Name, found <EOF>.', extensions: {} }] })
  t.ok(r.errors[0] instanceof GraphQLError)
  t.same(r.errors[0]!.locations, [{ line: 1, column: 27 }])
  // Anything but a GraphQL error is a fault of ours, not the client's: it is not made a refusal.
  let thrown: unknown
  try {
    checkSyntax(42 as unknown as string)
  } catch (err) {
    thrown = err
  }
  t.notOk(thrown instanceof RequestRefused)
  t.match(thrown, { message: 'Body must be a string. Received: 42.' })
})

t.test('the operation to run must be in the document, and only a query can be sent with GET', async (t) => {
  const doc = (q: string) => parse(q)
  const bad = (message: string): Json => refusedWith('CF_BAD_REQUEST', message)
  const get = (operation: string): Json => refusedWith('CF_METHOD_NOT_ALLOWED', `A ${operation} cannot be sent with GET; send it with POST.`, 405)
  const two = doc('query A { a } mutation B { b }')
  t.doesNotThrow(() => checkOperation(doc('{ a }'), undefined, 'GET'), 'the only operation, a query')
  t.doesNotThrow(() => checkOperation(two, 'A', 'GET'), 'the query it names')
  t.doesNotThrow(() => checkOperation(two, 'B', 'POST'), 'a mutation with POST')
  t.same(shown(refusal(() => checkOperation(two, 'B', 'GET'))), get('mutation'))
  t.same(shown(refusal(() => checkOperation(doc('subscription { s }'), undefined, 'GET'))), get('subscription'))
  t.doesNotThrow(() => checkOperation(doc('mutation { a }'), undefined, undefined), 'no method known: not refused for it')
  t.same(shown(refusal(() => checkOperation(two, 'C', 'POST'))), bad('operationName "C" is not an operation of the document; its operations: A, B.'))
  t.same(shown(refusal(() => checkOperation(doc('{ a }'), 'A', 'POST'))), bad('operationName "A" is not an operation of the document (its operation has no name).'))
  t.same(shown(refusal(() => checkOperation(two, undefined, 'POST'))), bad('The document has 2 operations; say which one to run with operationName (A, B).'))
  t.same(shown(refusal(() => checkOperation(doc('query A { a } { b } { c }'), undefined, 'POST'))), bad('The document has 3 operations; say which one to run with operationName (A).'), 'only the named ones are listed')
  t.same(shown(refusal(() => checkOperation(doc('{ a } { b }'), undefined, 'POST'))), bad('The document has 2 operations; say which one to run with operationName.'))
  // Fragments are not operations.
  t.same(shown(refusal(() => checkOperation(doc('mutation { a } fragment F on Query { b }'), undefined, 'GET'))), get('mutation'))
  t.same(shown(refusal(() => checkOperation(doc('query A { a } fragment F on Query { b }'), 'F', 'POST'))), bad('operationName "F" is not an operation of the document; its operations: A.'))
  // A document without operations is left to validation, whatever is asked of it.
  t.doesNotThrow(() => checkOperation(doc('fragment F on Query { b }'), undefined, 'GET'))
  t.doesNotThrow(() => checkOperation(doc('fragment F on Query { b }'), 'F', 'GET'))
})

t.test('objects cost 1, scalars nothing; connections first × (1 + an item), their inner fields nothing more', async (t) => {
  t.same(m('{ dataset { name version counts { regions } } }'), { depth: 3, aliases: 0, cost: 2 })
  // The default page is 50: 1 + 50 × 1.
  t.same(m('{ regions { totalCount nodes { code } } }'), { depth: 3, aliases: 0, cost: 51 })
  // edges, node and pageInfo only shape the connection: 1 + 10 × (1 + parent).
  t.same(m('{ regions(first: 10) { pageInfo { hasNextPage } edges { cursor node { parent { code } } } } }'), { depth: 5, aliases: 0, cost: 21 })
  // 1 + 3 × (1 + (1 + 4 × (1 + metric)))
  t.same(m('{ regions(first: 3) { nodes { indicators(first: 4) { nodes { metric { code } } } } } }'), { depth: 6, aliases: 0, cost: 31 })
  // A type with Connection inside its name is no connection: its list costs as a list, 1 + 100 × 1.
  t.same(m('{ settings { cats { name } } }', {}, null, toy), { depth: 3, aliases: 0, cost: 102 })
  // A connection without a first argument counts a full page.
  t.same(m('{ allCats { nodes { name } } }', {}, null, toy), { depth: 3, aliases: 0, cost: 1001 })
  t.same(m('{ cats { edges { node { friends { name } } } } }', {}, null, toy), { depth: 5, aliases: 0, cost: 1 + 10 * (1 + 101) })
})

t.test('other lists count their largest plausible length', async (t) => {
  t.same(m('{ region(code: "430000") { ancestors { code } } }'), { depth: 3, aliases: 0, cost: 1 + 1 + 3 }, 'ancestors: 3')
  t.same(m('{ event(id: "e") { citations { quote document { id } } } }'), { depth: 4, aliases: 0, cost: 1 + 1 + 20 * 2 }, 'an event\'s citations: 20')
  t.same(m('{ organ(id: "o") { citations { quote } } }'), { depth: 3, aliases: 0, cost: 1 + 1 + 20 }, 'an organ\'s citations: 20')
  t.same(m('{ document(id: "d") { spans { id } } }'), { depth: 3, aliases: 0, cost: 1 + 1 + 500 }, 'spans: 500')
  // Any other list: 100, nullable lists too. 1 + (1 + 100 × (1 + (1 + 100 × 1)))
  t.same(m('{ metric(code: "m") { dimensions { name values { value } } } }'), { depth: 4, aliases: 0, cost: 10202 })
  t.same(m('{ indicatorSummary(groupBy: [region]) { rows { dimensions { name } } } }'), { depth: 4, aliases: 0, cost: 10202 })
})

t.test('first counts with its value: given, from a variable, defaulted, and clamped to 1–1000', async (t) => {
  const q = '{ regions(first: N) { nodes { code } } }'
  const cost = (first: string): number => m(q.replace('N', first)).cost
  t.equal(cost('7'), 8)
  t.equal(cost('null'), 51, 'null: the argument\'s default')
  t.equal(cost('0'), 2, 'below 1: 1 (the resolver refuses it)')
  t.equal(cost('-5'), 2)
  t.equal(cost('5000'), 1001, 'above 1000: 1000 (the resolver refuses it)')
  const withDefault = 'query($n: Int = 7) { regions(first: $n) { nodes { code } } }'
  t.equal(m(withDefault).cost, 8, 'the variable\'s default')
  t.equal(m(withDefault, { n: 3 }).cost, 4, 'the variable\'s value')
  t.equal(m(withDefault, { n: null }).cost, 51, 'a variable set to null: the argument\'s default')
  t.equal(m(withDefault, { n: 100_000 }).cost, 1001)
  t.equal(m('query($n: Int) { regions(first: $n) { nodes { code } } }').cost, 51, 'a variable not given: the argument\'s default')
  // first found by name, wherever it stands among the arguments, in the schema and in the query.
  t.equal(m('query($n: Int) { regions(after: "x", first: $n) { nodes { code } } }', { n: 9 }).cost, 10)
  t.equal(m('{ search(q: "court", type: [document], first: 5) { nodes { id } } }').cost, 6, 'search(q, type, first, after)')
  t.equal(m('{ search(q: "court") { nodes { id } } }').cost, 21, 'search\'s default page: 20')
  // A Float first is truncated; a connection with no first argument ignores one given.
  t.equal(m('{ fuzzy(first: 2.7) { nodes { name } } }', {}, null, toy).cost, 3)
  t.equal(m('{ fuzzy(first: 0.5) { nodes { name } } }', {}, null, toy).cost, 2)
  t.equal(m('query($f: Float) { fuzzy(first: $f) { nodes { name } } }', { f: 3.9 }, null, toy).cost, 4)
  t.equal(m('{ allCats(first: 5) { nodes { name } } }', {}, null, toy).cost, 1001)
})

t.test('fragments, named and inline, count each time they are used', async (t) => {
  // R costs parent 1 + ancestors 4, is 2 deep and has one alias; used twice under region.
  t.same(m('{ a: region(code: "1") { ...R } b: region(code: "2") { ...R } } fragment R on Region { c: code parent { code } ancestors { code } }'),
    { depth: 3, aliases: 4, cost: 12 })
  t.same(m('{ region(code: "1") { ... on Region { parent { code } } ... { ancestors { code } } } }'), { depth: 3, aliases: 0, cost: 6 })
  t.same(m('{ region(code: "1") { ... @include(if: true) { p: parent { code } } } }'), { depth: 3, aliases: 1, cost: 2 })
  // An inline fragment is measured on the type it names.
  t.same(m('{ dataset { ... on Region { parent { code } } } }'), { depth: 3, aliases: 0, cost: 2 })
})

t.test('names that do not resolve count as one level at no cost: measure does not validate', async (t) => {
  t.same(m('{ x: nope { a } y: dataset { z: name } w }'), { depth: 2, aliases: 3, cost: 1 })
  t.same(m('{ dataset }'), { depth: 1, aliases: 0, cost: 1 }, 'an object without a selection')
  t.same(m('{ dataset { name { x } } }'), { depth: 2, aliases: 0, cost: 1 }, 'a selection on a scalar')
  t.same(m('{ dataset { name ... on Nope { x } } }'), { depth: 2, aliases: 0, cost: 1 }, 'an inline fragment on an unknown type')
  t.same(m('{ dataset { ...Nope } }'), { depth: 1, aliases: 0, cost: 1 }, 'an unknown fragment')
  t.same(m('{ dataset { ...F } } fragment F on Nope { name }'), { depth: 1, aliases: 0, cost: 1 }, 'a fragment on an unknown type')
  t.same(m('{ dataset { __schema { types { name } } __type(name: "Region") { name } } }'), { depth: 2, aliases: 0, cost: 1 }, '__schema and __type below the root')
  t.same(m('{ __typename dataset { t: __typename } }'), { depth: 2, aliases: 1, cost: 1 }, '__typename: a scalar anywhere')
  t.same(m('{ dataset { constructor toString } }'), { depth: 2, aliases: 0, cost: 1 }, 'names of Object.prototype are no fields')
  // Validation refuses fragment cycles before measure runs; the walk stays finite anyway. Each
  // fragment is measured once (A with B in it, and B without A, which was being measured), and
  // its measure reused: dataset 1 + region 1 + region 1.
  t.same(m('{ ...A ...B } fragment A on Query { dataset { name } ...B } fragment B on Query { region(code: "1") { code } ...A }'),
    { depth: 2, aliases: 0, cost: 3 })
})

/** The introspection list sizes as the rule states them, counted from the schema's own introspection answer. */
function introspectionSizes (s: GraphQLSchema): Record<string, number> {
  const { types, directives } = introspectionFromSchema(s, { inputValueDeprecation: true }).__schema as unknown as { types: Json[], directives: Json[] }
  const mean = (total: number, of: number): number => Math.max(1, Math.ceil(total / of))
  const sum = (items: Json[], f: (x: Json) => number): number => items.reduce((n, x) => n + f(x), 0)
  const fields = types.flatMap((x) => x.fields ?? [])
  return {
    types: types.length,
    directives: directives.length,
    fields: mean(fields.length, types.length),
    interfaces: mean(sum(types, (x) => x.interfaces?.length ?? 0), types.length),
    possibleTypes: mean(sum(types, (x) => x.possibleTypes?.length ?? 0), types.length),
    enumValues: mean(sum(types, (x) => x.enumValues?.length ?? 0), types.length),
    inputFields: mean(sum(types, (x) => x.inputFields?.length ?? 0), types.length),
    fieldArgs: mean(sum(fields, (x) => x.args.length), fields.length),
    directiveArgs: mean(sum(directives, (x) => x.args.length), directives.length),
  }
}

const INTROSPECTION = `{ __schema {
  types { fields { args { name } } interfaces { name } possibleTypes { name } enumValues { name } inputFields { name } }
  directives { args { name } locations }
} }`

/** The cost of INTROSPECTION by the rules: each list 1 + its size × (1 + the cost of an item). */
function introspectionCost (z: Record<string, number>): number {
  const item = (1 + z.fields! * (1 + (1 + z.fieldArgs!))) + (1 + z.interfaces!) + (1 + z.possibleTypes!) + (1 + z.enumValues!) + (1 + z.inputFields!)
  return 1 + (1 + z.types! * (1 + item)) + (1 + z.directives! * (1 + (1 + z.directiveArgs!)))
}

t.test('introspection lists are sized from the schema: the mean length of each, rounded up, at least 1', async (t) => {
  const app = introspectionSizes(schema)
  // This schema has no interfaces or unions: their lists count 1.
  t.same([app.interfaces, app.possibleTypes], [1, 1])
  t.ok(app.types > 80 && app.fields! > 1)
  t.same(m(INTROSPECTION), { depth: 5, aliases: 0, cost: introspectionCost(app) })
  t.equal(m(INTROSPECTION).cost, 2088, 'as computed today: 90 types of 4 fields and 5 directives')
  const sizes = introspectionSizes(toy)
  t.ok(Object.values(sizes).every((n) => n >= 2), `every list of the small schema counts more than 1: ${JSON.stringify(sizes)}`)
  t.same(m(INTROSPECTION, {}, null, toy), { depth: 5, aliases: 0, cost: introspectionCost(sizes) })
  // __type: one type, 1 + (1 + fields × 1).
  t.same(m('{ __type(name: "Region") { name fields { name } } }'), { depth: 3, aliases: 0, cost: 2 + app.fields! })
  t.same(m('{ __type(name: "O1") { interfaces { name } possibleTypes { name } } }', {}, null, toy),
    { depth: 3, aliases: 0, cost: 1 + (1 + sizes.interfaces!) + (1 + sizes.possibleTypes!) })
})

t.test('the operation that will run is measured; when none is chosen, each measure is the largest over all', async (t) => {
  const doc = `
    query A { cats(first: 1) { nodes { name } } }
    query B { cats(first: 2) { nodes { friends { name } } } }
    mutation C { x1: adopt { name } x2: adopt { name } x3: adopt { name } }
    fragment F on Cat { friends { friends { name } } }
  `
  t.same(m(doc, {}, 'A', toy), { depth: 3, aliases: 0, cost: 2 })
  t.same(m(doc, {}, 'B', toy), { depth: 4, aliases: 0, cost: 1 + 2 * (1 + 101) })
  t.same(m(doc, {}, 'C', toy), { depth: 2, aliases: 3, cost: 3 })
  // B is the deepest and costliest, C has the most aliases; F is no operation.
  t.same(m(doc, {}, undefined, toy), { depth: 4, aliases: 3, cost: 205 })
  t.same(m(doc, {}, null, toy), { depth: 4, aliases: 3, cost: 205 })
  // Each root type: 1 + (1 + 100 × 1) for a mutation, 1 + 100 × (1 + (1 + 100)) for a subscription.
  t.same(m('mutation { adopt { friends { name } } }', {}, null, toy), { depth: 3, aliases: 0, cost: 102 })
  t.same(m('subscription { friends { friends { name } } }', {}, null, toy), { depth: 3, aliases: 0, cost: 10201 })
  // The app's schema has no mutations: nothing to measure (validation refuses the document).
  t.same(m('mutation { x { y } }'), { depth: 0, aliases: 0, cost: 0 })
})

t.test('checkLimits passes an operation exactly at each limit and refuses one over, with one error per limit', async (t) => {
  // depth 3, aliases 2, cost 2 + 5.
  const q = '{ a: region(code: "1") { parent { code } } b: region(code: "2") { ancestors { code } } }'
  t.same({ ...checkLimits(schema, parse(q), undefined, undefined, { depth: 3, aliases: 2, cost: 7 }) }, { depth: 3, aliases: 2, cost: 7 })
  const depth = new GraphQLError('The query is 3 levels deep (counted through fragments); the limit is 2. Ask for fewer nested levels, or follow up with a second query.')
  const aliases = new GraphQLError('The query uses 2 aliases (counted once per use of a fragment); the limit is 1. Use a list field with a filter instead of many aliased single fields.')
  const cost = new GraphQLError('The query could cost up to 7 (a connection costs first × the cost of one item, plus 1); the limit is 6. Ask for smaller pages with first, or fewer nested lists.')
  t.same(shown(refusal(() => checkLimits(schema, parse(q), undefined, undefined, { depth: 2, aliases: 2, cost: 7 }))),
    refusedWith('CF_QUERY_TOO_DEEP', depth.message, 400, { depth: 3, limit: 2 }))
  t.same(shown(refusal(() => checkLimits(schema, parse(q), undefined, undefined, { depth: 3, aliases: 1, cost: 7 }))),
    refusedWith('CF_TOO_MANY_ALIASES', aliases.message, 400, { aliases: 2, limit: 1 }))
  t.same(shown(refusal(() => checkLimits(schema, parse(q), undefined, undefined, { depth: 3, aliases: 2, cost: 6 }))),
    refusedWith('CF_QUERY_TOO_COSTLY', cost.message, 400, { cost: 7, limit: 6 }))
  t.same(shown(refusal(() => checkLimits(schema, parse(q), undefined, undefined, { depth: 2, aliases: 1, cost: 6 }))), {
    code: 'CF_REQUEST_REFUSED',
    statusCode: 400,
    message: `${depth.message}; ${aliases.message}; ${cost.message}`,
    errors: [
      { message: depth.message, extensions: { code: 'CF_QUERY_TOO_DEEP', depth: 3, limit: 2 } },
      { message: aliases.message, extensions: { code: 'CF_TOO_MANY_ALIASES', aliases: 2, limit: 1 } },
      { message: cost.message, extensions: { code: 'CF_QUERY_TOO_COSTLY', cost: 7, limit: 6 } },
    ],
  })
})

t.test('the default limits: depth 15, 30 aliases, cost 50,000', async (t) => {
  t.same({ depth: LIMITS.depth, aliases: LIMITS.aliases, cost: LIMITS.cost }, { depth: 15, aliases: 30, cost: 50_000 })
  const check = (q: string, variables?: Json): Json => ({ ...checkLimits(schema, parse(q), variables) })
  const parents = (n: number): string => `{ region(code: "1") { ${'parent { '.repeat(n)}code${' }'.repeat(n)} } }`
  t.same(check(parents(13)), { depth: 15, aliases: 0, cost: 14 })
  t.same(shown(refusal(() => check(parents(14)))).errors.map((e: Json) => e.extensions), [{ code: 'CF_QUERY_TOO_DEEP', depth: 16, limit: 15 }])
  const aliased = (n: number): string => `{ ${list(n, (i) => `r${i}: dataset { name }`)} }`
  t.same(check(aliased(30)), { depth: 2, aliases: 30, cost: 30 })
  t.same(shown(refusal(() => check(aliased(31)))).errors.map((e: Json) => e.extensions), [{ code: 'CF_TOO_MANY_ALIASES', aliases: 31, limit: 30 }])
  // 1 + 1 + 78 × (1 + (1 + first × 1)): 50,000 with first 639, 50,078 with 640.
  const costly = 'query($n: Int) { dataset { name } regions(first: 78) { nodes { indicators(first: $n) { nodes { id } } } } }'
  t.same(check(costly, { n: 639 }), { depth: 5, aliases: 0, cost: 50_000 })
  t.same(shown(refusal(() => check(costly, { n: 640 }))).errors.map((e: Json) => e.extensions), [{ code: 'CF_QUERY_TOO_COSTLY', cost: 50_078, limit: 50_000 }])
})
