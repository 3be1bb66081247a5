// Property-based fuzzing of both faces, driven by their own contracts: REST requests built from
// openapi.yaml (every operation, its parameters with valid, edge and hostile values, unknown and
// repeated parameters, odd Accept headers and ids), GraphQL operations built from the SDL (random
// fields, arguments, aliases, fragments and variables, and garbage). For every answer: no 5xx;
// every 4xx a problem document (REST) or errors with a code (GraphQL); every 2xx JSON valid
// against its route's response schema (the test helper turns a mismatch into a 500); no internals
// in any body. A fixed seed, so a failure replays; RELIABILITY_LONG=1 runs 5,000 REST and 3,000
// GraphQL requests, the default a tenth of that.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { parse as parseYaml } from 'yaml'
import {
  buildSchema, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType,
  type GraphQLArgument, type GraphQLInputType, type GraphQLObjectType, type GraphQLSchema,
} from 'graphql'
import { build } from '../helper.js'
import { projectRoot } from '../../src/paths.js'

const LONG = process.env.RELIABILITY_LONG === '1'
const REST_RUNS = LONG ? 5000 : 500
const GRAPHQL_RUNS = LONG ? 3000 : 300
const SEED = Number(process.env.FUZZ_SEED ?? 20261201)

/** What must never reach a client: SQL, driver names, stack frames, JavaScript error names. */
const INTERNALS = /\bSELECT\b|\bFROM indicators\b|sqlite|SQLITE_|node_modules|at [^\s]+\.(?:ts|js):\d+|TypeError|ReferenceError|RangeError|Cannot read prop/i

interface Parameter { name: string, in: 'query' | 'path', schema: { type?: string, enum?: string[], examples?: unknown[], pattern?: string } }
interface Operation { path: string, parameters: Parameter[] }

const spec = parseYaml(readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { parameters?: Parameter[] }>> }
const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, ops]) =>
  Object.entries(ops).filter(([m]) => m === 'get').map(([, op]) => ({ path, parameters: op.parameters ?? [] })))

// Values that have broken parsers somewhere: prototype names, encodings, numbers at the edges,
// cursors that decode to odd JSON, comma lists with holes, wildcards, SQL and format strings.
const hostile = fc.constantFrom(
  '', ' ', ',', ',,', 'a,,b', '*', '.*', 'education.*', '*.*', '%', '%25', '%00', '\u0000', '\uffff', '\ud800', '😀', '機制', '机制', '常德',
  'toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', '-id', '--id', '+id', 'id,id', 'id,-id', 'date,value,region,metric',
  'bnVsbA', 'e30', 'W10', 'MQ', 'eyJzIjpudWxsfQ', 'eyJzIjoiaW5kaWNhdG9yczppZCIsImsiOlt7fV19', 'not-base64!', '0', '-1', '1e400', '-1e400',
  'NaN', 'Infinity', '1.5', '00001', '9007199254740993', 'true', 'false', 'null', 'undefined', "' OR 1=1 --", '"); DROP TABLE x; --',
  '%s%s%s', '${x}', '{{x}}', '<script>', '../../etc/passwd', 'CN', '430000', '999999', '2021', '2021-13', '2021-02-30', '2021-07-26',
  'all', '1000', '1001', 'json', 'csv', 'ndjson', 'xml', 'a'.repeat(300), '1,'.repeat(150),
)
const text = fc.oneof(hostile, fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 12 }))

/** `arb` with probability p, else null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: Math.round(p * 100), arbitrary: arb }, { weight: Math.round((1 - p) * 100), arbitrary: fc.constant(null) })

function valueFor (p: Parameter): fc.Arbitrary<string> {
  const options: Array<fc.Arbitrary<string>> = [text]
  if (p.schema.enum) options.push(fc.constantFrom(...p.schema.enum))
  if (p.schema.examples?.length) options.push(fc.constantFrom(...p.schema.examples.map(String)))
  if (p.schema.type === 'boolean') options.push(fc.constantFrom('true', 'false', '1', '0', 'yes'))
  if (p.schema.type === 'number' || p.schema.type === 'integer') options.push(fc.double().map(String), fc.integer().map(String))
  return fc.oneof(...options)
}

interface RestRequest { url: string, headers: Record<string, string> }

/** Percent-encodes a path segment; a lone surrogate goes out as the bytes a careless client would send. */
function encodeSegment (s: string): string {
  try {
    return encodeURIComponent(s)
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80'
  }
}

const restRequest: fc.Arbitrary<RestRequest> = fc.constantFrom(...operations).chain((op) => {
  const query = op.parameters.filter((p) => p.in === 'query')
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  return fc.record({
    params: fc.subarray(query, { maxLength: Math.min(6, query.length) }).chain((chosen) => fc.tuple(...chosen.map((p) => valueFor(p).map((v) => [p.name, v] as const)))),
    extra: sometimes(fc.tuple(fc.constantFrom('extra', 'limit', 'sort', 'region', '__proto__', 'constructor', 'q', ''), text), 0.15),
    path: fc.tuple(...pathParams.map((p) => valueFor(p))),
    accept: sometimes(fc.constantFrom('application/json', 'text/csv', 'application/x-ndjson', 'text/*', '*/*', 'application/xml',
      'text/csv;q=0.5, application/json;q=0.9', 'application/problem+json', ';;;', 'text/csv;q=abc', 'constructor', 'text/plain'), 0.3),
    ifNoneMatch: sometimes(fc.constantFrom('*', '"x"', 'W/"x"', ''), 0.1),
  }).map(({ params, extra, path, accept, ifNoneMatch }) => {
    let i = 0
    const concretePath = op.path.replace(/\{[^}]+\}/g, () => encodeSegment(path[i++] ?? 'x'))
    const qs = new URLSearchParams()
    for (const [k, v] of params) qs.append(k, v)
    if (extra) qs.append(extra[0], extra[1])
    const search = qs.toString()
    const headers: Record<string, string> = {}
    if (accept) headers.accept = accept
    if (ifNoneMatch !== null) headers['if-none-match'] = ifNoneMatch
    return { url: `${concretePath}${search ? `?${search}` : ''}`, headers }
  })
})

t.test(`REST: ${REST_RUNS} requests built from openapi.yaml`, async (t) => {
  const app = await build(t)
  const statuses = new Map<number, number>()
  await fc.assert(fc.asyncProperty(restRequest, async (req) => {
    const res = await app.inject({ url: req.url, headers: req.headers })
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    const where = `${req.url} ${JSON.stringify(req.headers)} → ${res.statusCode} ${res.body.slice(0, 300)}`
    if (res.statusCode >= 500) throw new Error(`5xx: ${where}`)
    if (INTERNALS.test(res.body) && !/\/text$/.test(req.url.split('?')[0]!)) throw new Error(`internals in the body: ${where}`)
    if (res.statusCode >= 400) {
      if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) throw new Error(`a 4xx that is not a problem document: ${where}`)
      const body = res.json()
      if (body.status !== res.statusCode || !body.type || !body.title || !body.detail || !body.code) throw new Error(`an incomplete problem document: ${where}`)
    }
  }), { seed: SEED, numRuns: REST_RUNS, endOnFailure: true })
  const seen = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')
  t.ok((statuses.get(200) ?? 0) > REST_RUNS / 20, `answers: ${seen}`)
  t.ok((statuses.get(400) ?? 0) > REST_RUNS / 20, 'the fuzzer reaches the validation paths too')
})

// ---- GraphQL ----

const schema: GraphQLSchema = buildSchema(readFileSync(join(projectRoot, 'src', 'graphql', 'schema.graphql'), 'utf8'))

const scalarValue = (type: GraphQLInputType): fc.Arbitrary<string> => {
  const named = getNamedType(type)
  if (isEnumType(named)) return fc.oneof(fc.constantFrom(...named.getValues().map((v) => v.name)), fc.constantFrom('nope', '"quoted"'))
  if (isScalarType(named)) {
    switch (named.name) {
      case 'Int': return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 20 }).map(String) }, fc.constantFrom('0', '-1', '1000', '1001', '2147483647', '2147483648', '1e3'))
      case 'Float': return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)), fc.constantFrom('1e400', '-0'))
      case 'Boolean': return fc.constantFrom('true', 'false', '1', 'null')
      default: return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('"430000"', '"430700"', '"CN"', '"first-batch"', '"education.*"', '"2021-07"', '"court"', '"warning"', '"机制"', '"supreme-peoples-court"') },
        { weight: 2, arbitrary: text.map((s) => JSON.stringify(s)) },
        fc.constantFrom('1', 'null', '["a"]'))
    }
  }
  return fc.constant('null')
}

function inputValue (type: GraphQLInputType, depth: number): fc.Arbitrary<string> {
  const inner = isNonNullType(type) ? type.ofType : type
  if (isListType(inner)) {
    return fc.oneof(fc.array(inputValue(inner.ofType as GraphQLInputType, depth), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`), fc.constant('[]'))
  }
  if (isInputObjectType(inner)) {
    if (depth > 2) return fc.constant('{}')
    const fields = Object.values(inner.getFields())
    return fc.subarray(fields, { maxLength: Math.min(4, fields.length) }).chain((chosen) =>
      fc.tuple(...chosen.map((f) => inputValue(f.type, depth + 1).map((v) => `${f.name}: ${v}`)))).map((xs) => `{ ${xs.join(', ')} }`)
  }
  return scalarValue(inner as GraphQLInputType)
}

/** The required arguments always, and some of the others. */
const args = (defs: readonly GraphQLArgument[]): fc.Arbitrary<string> => {
  const required = defs.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined)
  const optional = defs.filter((a) => !required.includes(a))
  return fc.subarray(optional, { maxLength: Math.min(3, optional.length) })
    .chain((chosen) => fc.tuple(...[...required, ...chosen].map((a) => inputValue(a.type, 0).map((v) => `${a.name}: ${v}`))))
    .map((xs) => (xs.length ? `(${xs.join(', ')})` : ''))
}

function selection (type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields())
  // Each field once (or under an alias of its own), so that most operations pass validation.
  const one = (f: typeof fields[number], i: number): fc.Arbitrary<string> => {
    const named = getNamedType(f.type)
    const alias = sometimes(fc.constant(`a${depth}_${i}: `), 0.2).map((a) => a ?? '')
    if (isObjectType(named)) {
      if (depth >= 4) return fc.constant('__typename')
      return fc.tuple(alias, args(f.args), selection(named, depth + 1)).map(([al, ar, sel]) => `${al}${f.name}${ar} { ${sel} }`)
    }
    return fc.tuple(alias, args(f.args)).map(([al, ar]) => `${al}${f.name}${ar}`)
  }
  return fc.subarray(fields, { minLength: 1, maxLength: Math.min(4, fields.length) })
    .chain((chosen) => fc.tuple(...chosen.map((f, i) => one(f, i)))).map((xs) => xs.join(' '))
}

const operation = fc.oneof(
  { weight: 8, arbitrary: selection(schema.getQueryType()!, 1).map((s) => `{ ${s} }`) },
  { weight: 1, arbitrary: selection(schema.getQueryType()!, 1).map((s) => `query Q { ${s} }`) },
  { weight: 1, arbitrary: selection(schema.getType('Region') as GraphQLObjectType, 2).map((s) => `{ region(code: "430000") { ...F } } fragment F on Region { ${s} }`) },
  { weight: 1, arbitrary: fc.constantFrom('mutation { x }', 'subscription { x }', '{', '}', '{ __schema { types { name } } }', '{ region(code: 1) { code } }',
    'query A { dataset { version } } query B { dataset { name } }', '{ ...F }', 'fragment F on Query { dataset { version } }', '"42"', '{}', '[]', '') },
  { weight: 1, arbitrary: text },
)

const graphqlRequest = fc.record({
  query: operation,
  method: fc.constantFrom('POST', 'POST', 'GET'),
  variables: sometimes(fc.oneof(fc.constant({ x: 1, n: 'a' }), fc.constant({ x: 'bnVsbA' }), fc.constant('nope' as unknown as object), fc.constant(null)), 0.1),
  operationName: sometimes(fc.constantFrom('Q', 'A', 'B', 'Nope', ''), 0.1),
})

t.test(`GraphQL: ${GRAPHQL_RUNS} operations built from the SDL`, async (t) => {
  const app = await build(t)
  const statuses = new Map<number, number>()
  await fc.assert(fc.asyncProperty(graphqlRequest, async (r) => {
    const body: Record<string, unknown> = { query: r.query }
    if (r.variables !== null) body.variables = r.variables
    if (r.operationName !== null) body.operationName = r.operationName
    const res = r.method === 'GET'
      ? await app.inject({ url: `/graphql?${new URLSearchParams(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()}` })
      : await app.inject({ method: 'POST', url: '/graphql', payload: body })
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    const where = `${r.method} ${JSON.stringify(body).slice(0, 400)} → ${res.statusCode} ${res.body.slice(0, 300)}`
    if (res.statusCode >= 500) throw new Error(`5xx: ${where}`)
    if (INTERNALS.test(res.body.replace(/"(quote|text|normalizedText)":"(?:[^"\\]|\\.)*"/g, ''))) throw new Error(`internals in the body: ${where}`)
    const json = res.json()
    for (const e of json.errors ?? []) {
      if (!e.extensions?.code) throw new Error(`an error without a code: ${where}`)
      if (e.extensions.code === 'CF_INTERNAL') throw new Error(`an internal error: ${where}`)
    }
    if (res.statusCode >= 400 && json.data !== null && json.data !== undefined) throw new Error(`a request error with data: ${where}`)
    if (process.env.FUZZ_SHOW) console.error(where.slice(0, 300))
  }), { seed: SEED, numRuns: GRAPHQL_RUNS, endOnFailure: true })
  const seen = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')
  t.ok((statuses.get(200) ?? 0) > GRAPHQL_RUNS / 20, `answers: ${seen}`)
})
