// The contract as integrators' tools take it, as it is: Spectral (spectral:oas) and Redocly lint
// openapi.yaml with no error; openapi-typescript generates types from it and a small openapi-fetch
// client type-checks and runs against the app (a list walked page by page, one item, a summary);
// GraphQL Code Generator's typescript and typescript-operations plugins accept the SDL and our
// operations, and their output type-checks. Each tool runs once.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import Fastify from 'fastify'
import ts from 'typescript'
import app, { fastifyOptions } from '../../src/app.js'
import { projectRoot } from '../../src/paths.js'
import { schemaPath } from '../../src/graphql/index.js'
import { testDatabasePath, TEST_GUARD } from '../helper.js'

const bin = (name: string): string => join(projectRoot, 'node_modules', '.bin', name)
const openapi = join(projectRoot, 'openapi.yaml')
// Inside the project (in a folder git ignores), so that the generated code resolves openapi-fetch
// from its node_modules and the test runner's TypeScript loader takes the client.
const work = join(projectRoot, '.scratch', `contract-${process.pid}`)
mkdirSync(work, { recursive: true })
t.teardown(() => rmSync(work, { recursive: true, force: true }))

// The tools run offline and say nothing to anyone.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', SCARF_ANALYTICS: 'false', DO_NOT_TRACK: '1' }

t.test('Spectral (spectral:oas) finds no error in openapi.yaml', async (t) => {
  const ruleset = join(work, '.spectral.yaml')
  writeFileSync(ruleset, 'extends: ["spectral:oas"]\n')
  const r = spawnSync(bin('spectral'), ['lint', '-r', ruleset, '-f', 'json', '--quiet', openapi], { encoding: 'utf8', env, timeout: 120_000 })
  const results = JSON.parse(r.stdout || '[]') as Array<{ code: string, severity: number, message: string, path: string[] }>
  const errors = results.filter((x) => x.severity === 0)
  t.same(errors.map((e) => `${e.code} at ${e.path.join('.')}: ${e.message}`), [], 'no error')
  t.equal(r.status, 0, r.stderr)
})

t.test('Redocly lint finds no error in openapi.yaml', async (t) => {
  const r = spawnSync(bin('redocly'), ['lint', openapi, '--format=json'], { encoding: 'utf8', env, timeout: 120_000 })
  const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { totals: { errors: number, warnings: number }, problems: Array<{ ruleId: string, severity: string, message: string }> }
  t.same(report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`), [], 'no error')
  t.equal(report.totals.errors, 0)
  t.equal(r.status, 0, r.stderr)
})

const CLIENT = `// A client as an integrator writes it: the generated paths, openapi-fetch, nothing else.
import createClient from 'openapi-fetch'
import type { paths, components } from './openapi.js'

type Indicator = components['schemas']['Indicator']
type SummaryRow = components['schemas']['SummaryRow']

export async function walk (baseUrl: string): Promise<{ pages: number, ids: string[], one: Indicator, rows: SummaryRow[], hits: string[] }> {
  // The JSON of each answer (lists are also served as CSV and NDJSON), and problem documents.
  const client = createClient<paths, 'application/json' | 'application/problem+json'>({ baseUrl })
  const ids: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const { data, error } = await client.GET('/v1/indicators', { params: { query: { limit: 40, sort: '-date', cursor } } })
    if (error) throw new Error(error.detail)
    for (const i of data.data) ids.push(i.id)
    cursor = data.page.next ?? undefined
    pages++
  } while (cursor)
  const item = await client.GET('/v1/indicators/{id}', { params: { path: { id: ids[0]! } } })
  if (!item.data) throw new Error(item.error?.detail)
  const summary = await client.GET('/v1/indicators/summary', { params: { query: { groupBy: 'region,phase', rollup: 'province', region: '430000' } } })
  if (!summary.data) throw new Error(summary.error?.detail)
  const search = await client.GET('/v1/search', { params: { query: { q: 'changde', type: 'region' } } })
  if (!search.data) throw new Error(search.error?.detail)
  const missing = await client.GET('/v1/indicators/{id}', { params: { path: { id: 'no-such-indicator' } } })
  if (!missing.error || missing.error.status !== 404) throw new Error('a missing indicator is a 404 problem document')
  return { pages, ids, one: item.data.data, rows: summary.data.data, hits: search.data.data.map((h) => h.type + ':' + h.id) }
}
`

// A misuse the types must catch: if this compiled, the client test would prove nothing.
const MISUSE = `import createClient from 'openapi-fetch'
import type { paths } from './openapi.js'
const client = createClient<paths, 'application/json'>({ baseUrl: 'http://127.0.0.1' })
export const x = client.GET('/v1/indicators/summary', { params: { query: { groupBy: 'region', rollup: 'township' } } })
export const y = client.GET('/v1/regions').then((r) => r.data?.data[0]?.population)
`

const OPERATIONS = `query Provinces { regions(first: 50, filter: { level: [province] }) { totalCount nodes { code name indicators(first: 3, orderBy: [{ field: date, direction: desc }]) { nodes { id value unit metric { code } } } } } }
query ByPhase($region: String!) { indicatorSummary(filter: { region: [$region] }, groupBy: [region, phase], rollup: province) { rows { key unit sum basis summed phase { id } metric { code } indicators { id } } omitted { reason count } } }
query Table { observations(filter: { metric: ["heroes.*"] }, shape: wide) { columns { name unit } wide { region date values } } }
query Find($q: String!) { search(q: $q, first: 5) { totalCount nodes { type id snippet source { start end document { id } } } } }
query Comparable { metrics(filter: { minRegions: 2, regionLevel: [province] }) { nodes { code coverage { regions { code level } } } } }
`

function typeCheck (files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  })
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
}

t.test('a typed client from openapi-typescript and openapi-fetch works as it is', async (t) => {
  const { default: openapiTS, astToString } = await import('openapi-typescript')
  writeFileSync(join(work, 'openapi.ts'), astToString(await openapiTS(pathToFileURL(openapi))))
  writeFileSync(join(work, 'client.ts'), CLIENT)
  writeFileSync(join(work, 'misuse.ts'), MISUSE)
  writeFileSync(join(work, 'package.json'), '{ "type": "module" }\n')

  const { generate } = await import('@graphql-codegen/cli')
  writeFileSync(join(work, 'operations.graphql'), OPERATIONS)
  await generate({
    schema: schemaPath,
    documents: join(work, 'operations.graphql'),
    // Since version 6 typescript-operations writes the enums its operations use itself, which the
    // typescript plugin's would clash with in one file: each plugin has its file.
    generates: {
      [join(work, 'graphql-schema.ts')]: { plugins: ['typescript'] },
      [join(work, 'graphql-operations.ts')]: { plugins: ['typescript-operations'] },
    },
    silent: true,
  }, true)

  t.same(typeCheck([join(work, 'client.ts'), join(work, 'graphql-schema.ts'), join(work, 'graphql-operations.ts')]), [], 'the client and the GraphQL types type-check')
  const { readFileSync } = await import('node:fs')
  const operations = readFileSync(join(work, 'graphql-operations.ts'), 'utf8')
  for (const name of ['ProvincesQuery', 'ByPhaseQuery', 'TableQuery', 'FindQuery', 'ComparableQuery']) t.match(operations, new RegExp(`export type ${name} =`), name)
  const misuse = typeCheck([join(work, 'misuse.ts')])
  t.ok(misuse.some((d) => /township/.test(d)), 'an unknown rollup is a type error')
  t.ok(misuse.some((d) => /Property 'population' does not exist/.test(d)), 'a field a region does not have is a type error')

  const server = Fastify({ ...fastifyOptions, logger: false })
  await server.register(app, { databasePath: await testDatabasePath(), ...TEST_GUARD })
  const origin = await server.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(() => server.close())
  const { walk } = await import(pathToFileURL(join(work, 'client.ts')).href) as { walk: (u: string) => Promise<any> }
  const result = await walk(origin)
  const total = (await server.inject('/v1/indicators?count=true&limit=1')).json().total
  t.equal(result.ids.length, total, 'every indicator, page by page')
  t.equal(new Set(result.ids).size, total)
  t.equal(result.pages, Math.ceil(total / 40))
  t.equal(result.one.id, result.ids[0])
  t.ok(result.rows.length > 30 && result.rows.every((r: any) => r.region.code === '430000' && r.unit))
  t.same(result.hits, ['region:430700'])
})
