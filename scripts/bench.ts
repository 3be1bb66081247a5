// `npm run bench`: serves the app on loopback and measures latency and memory for the hot
// requests. Bounded in requests and time; exits 1 when a target is missed.
import Fastify from 'fastify'
import app, { fastifyOptions } from '../src/app.js'
import { testDatabasePath, TEST_GUARD } from '../test/helper.js'

const TARGETS = { p95Ms: 25, rssMb: 300 }
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400)
// One request at a time, so that latency is the server's own and not queueing behind others.
const CONCURRENCY = 1

const server = Fastify({ ...fastifyOptions, logger: false })
// Rate limits and load shedding off: this measures the server's latency, not its admission.
await server.register(app, { databasePath: await testDatabasePath(), ...TEST_GUARD })
const address = await server.listen({ host: '127.0.0.1', port: 0 })

const cases: Array<[string, string, Record<string, string>?]> = [
  ['indicators page', '/v1/indicators?limit=50'],
  ['indicators by region (descendants)', '/v1/indicators?region=430000&limit=100'],
  ['indicators by category, sorted', '/v1/indicators?metric=education.*&sort=-date,value&limit=100'],
  ['indicators full CSV stream', '/v1/indicators?limit=all&format=csv'],
  ['summary by region', '/v1/indicators/summary?groupBy=region'],
  ['summary rolled up to provinces, by phase', '/v1/indicators/summary?groupBy=region,phase&rollup=province'],
  ['observations, wide', '/v1/observations?metric=heroes.*&shape=wide'],
  ['search, two Chinese characters', '/v1/search?q=%E6%9C%BA%E5%88%B6'],
  ['search, a region\'s pinyin', '/v1/search?q=hunan&limit=100'],
  ['regions by text', '/v1/regions?q=changde'],
  ['document with spans', '/v1/documents/hunan-political-legal-2021'],
  ['graphql provinces with indicators', '/graphql?query=' + encodeURIComponent('{ regions(filter: {level: [province]}, first: 40) { nodes { code indicators(first: 3) { nodes { id value metric { code } } } } } }')],
]

let failed = false
const deadline = Date.now() + 120_000
console.log(`${REQUESTS} requests per case, ${CONCURRENCY} concurrent, on ${address}`)
for (const [name, path, headers] of cases) {
  const times: number[] = []
  let next = 0
  let errors = 0
  const worker = async (): Promise<void> => {
    while (next < REQUESTS && Date.now() < deadline) {
      next++
      const t0 = performance.now()
      const res = await fetch(address + path, { headers })
      await res.arrayBuffer()
      if (!res.ok) errors++
      times.push(performance.now() - t0)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const wall = (performance.now() - started) / 1000
  times.sort((a, b) => a - b)
  const p = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!
  const ok = p(0.95) <= TARGETS.p95Ms && errors === 0
  if (!ok) failed = true
  const rssNow = process.memoryUsage().rss / 1024 / 1024
  const heapNow = process.memoryUsage().heapUsed / 1024 / 1024
  console.log(`${ok ? 'ok  ' : 'MISS'} ${name.padEnd(42)} p50 ${p(0.5).toFixed(2)} ms  p95 ${p(0.95).toFixed(2)} ms  ${(times.length / wall).toFixed(0)} req/s  errors ${errors}  rss ${rssNow.toFixed(0)} MB heap ${heapNow.toFixed(0)} MB`)
}
const rss = process.memoryUsage().rss / 1024 / 1024
if (rss > TARGETS.rssMb) failed = true
console.log(`${rss <= TARGETS.rssMb ? 'ok  ' : 'MISS'} resident memory ${rss.toFixed(0)} MB (target ≤ ${TARGETS.rssMb} MB); p95 target ≤ ${TARGETS.p95Ms} ms`)
await server.close()
process.exitCode = failed ? 1 : 0
