// The server as `npm start` and the image run it: bundled by scripts/bundle.mjs. Built here from
// the current source into a folder of its own, it must answer as the source does (REST, GraphQL,
// the heavy-query thread, the OpenAPI document and Swagger UI), and on a first start, with no
// database, build one from the seed data that holds the same dataset.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from '../src/paths.js'
import { build, testDatabasePath } from './helper.js'
import { startServer } from './reliability/server-process.js'

// Two levels below the root, as dist/bundle is (the seed finds the root from its own file).
const out = join(projectRoot, 'dist', `bundle-test-${process.pid}`)
t.teardown(() => rmSync(out, { recursive: true, force: true }))
const made = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'bundle.mjs'), '--out', out], { cwd: projectRoot, encoding: 'utf8' })
t.equal(made.status, 0, `scripts/bundle.mjs: ${made.stderr}`)
const entry = join(out, 'server.js')
t.ok(existsSync(join(out, 'worker.js')), 'the heavy-query thread\'s file is beside the server')

const PATHS = [
  '/v1/indicators?limit=5&sort=-date',
  '/v1/regions/430000',
  '/v1/metrics?limit=3',
  '/v1/indicators?format=csv&limit=3',
  // Answered by the heavy-query thread (no stored summary has a value filter; observations are a table).
  '/v1/indicators/summary?groupBy=metric&minValue=5',
  '/v1/observations?metric=education.warning.sessions',
  `/graphql?query=${encodeURIComponent('{ regions(first: 3, filter: { level: [province] }) { nodes { code name indicators(first: 2) { nodes { id value unit metric { code } } } } } }')}`,
  '/openapi.json',
  '/v1/nowhere',
]

t.test('the bundled server answers as the source does', async (t) => {
  const server = await startServer({ HEAVY_THREADS: '1' }, entry)
  t.teardown(() => { server.child.kill('SIGKILL') })
  const app = await build(t)
  for (const path of PATHS) {
    const [res, want] = await Promise.all([fetch(server.origin + path), app.inject(path)])
    const body = await res.text()
    t.equal(res.status, want.statusCode, `${path}: status`)
    t.equal(res.headers.get('content-type'), want.headers['content-type'], `${path}: content type`)
    t.equal(body, want.body, `${path}: the same bytes`)
  }
  // Swagger UI: its page and its files, served from node_modules/@fastify/swagger-ui/static.
  for (const [path, type] of [['/docs/static/index.html', /html/], ['/docs/static/swagger-ui.css', /css/], ['/docs/static/logo.svg', /svg/]] as const) {
    const res = await fetch(server.origin + path)
    await res.arrayBuffer()
    t.equal(res.status, 200, `${path}: 200`)
    t.match(res.headers.get('content-type') ?? '', type, `${path}: its type`)
  }
  t.notMatch(server.output(), /error/i, 'nothing logged at warn or above')
})

t.test('on a first start with no database, the bundled server builds it from the seed data', async (t) => {
  const dir = mkdtempSync(join(projectRoot, 'dist', 'bundle-db-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const server = await startServer({ DATABASE_PATH: join(dir, 'campaign-facts.db'), REBUILD_DATABASE: 'auto' }, entry)
  t.teardown(() => { server.child.kill('SIGKILL') })
  const app = await build(t, { databasePath: await testDatabasePath() })
  const built = await (await fetch(`${server.origin}/v1/dataset`)).json() as { version: string, counts: Record<string, number> }
  const want = (await app.inject('/v1/dataset')).json()
  t.equal(built.version, want.version, 'the same dataset version as the test database')
  t.same(built.counts, want.counts, 'the same counts')
})
