// `npm run bench`: the service as `npm start` runs it (compiled, its own process, on loopback),
// measured with autocannon against a reference in the same run: bare Fastify (its own process)
// answering the same bytes precomputed. Every throughput is printed as a ratio to the reference.
// Then the worst requests (counts, summaries, the country, deep pages, the GraphQL provinces
// query), head-of-line blocking (page-of-50 probes while a full CSV stream and a summary loop
// run), memory before and after, and cold start. Exits 1 when a target is missed.
//
// Options: --db FILE (default: the database built from seed/; use `npm run bench:db` for a big
// one), --duration S (per case, default 5), --connections N (default 50), --only REGEX (cases by
// name; Platformatic's pairs are named "platformatic: <pair>"), --quick (duration 2, for a smoke
// run), --platformatic DIR (a folder where @platformatic/db is installed: the peer is measured
// too) with --peer-node PATH (a Node 22 or later to run it with). Bounded: every case runs for
// --duration seconds.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer } from 'node:net'
import http from 'node:http'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { projectRoot } from '../src/paths.js'
import { encodeCursor } from '../src/queries/core.js'
import { testDatabasePath } from '../test/database.js'

const { values: opts } = parseArgs({
  options: {
    db: { type: 'string' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    platformatic: { type: 'string' },
    'peer-node': { type: 'string' },
  },
})
const DURATION = opts.quick ? 2 : Number(opts.duration)
const CONNECTIONS = Number(opts.connections)
const databasePath = opts.db ? join(process.cwd(), opts.db) : await testDatabasePath()

async function freePort (): Promise<number> {
  return await new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

interface Proc { child: ChildProcess, origin: string, rssMb: () => number, startMs: number }

async function start (args: string[], env: Record<string, string>, health = '/health', node = process.execPath): Promise<Proc> {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawn(node, args, { cwd: projectRoot, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] })
  const origin = `http://127.0.0.1:${port}`
  for (;;) {
    try {
      if ((await fetch(`${origin}${health}`)).ok) break
    } catch {}
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return {
    child,
    origin,
    startMs: performance.now() - t0,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
  }
}

interface Measure { rps: number, p50: number, p99: number, non2xx: number, errors: number }

async function measure (url: string, connections: number, extra: Partial<autocannon.Options> = {}): Promise<Measure> {
  const r = await autocannon({ url, connections, duration: DURATION, ...extra })
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts }
}

/**
 * Latency one request at a time for --duration seconds, timed to the last byte of each answer in
 * microseconds, by a plain node:http client with a kept-alive connection (autocannon rounds to
 * whole milliseconds, and its own reading of a multi-megabyte body takes longer than the server's
 * sending of it).
 */
async function serial (url: string): Promise<{ p50: number, p99: number, n: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const times: number[] = []
  const end = performance.now() + DURATION * 1000
  while (performance.now() < end) {
    const t0 = performance.now()
    await new Promise<void>((resolve, reject) => {
      http.get(url, { agent }, (res) => {
        res.on('data', () => {})
        res.on('end', () => { if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`)); else resolve() })
      }).on('error', reject)
    })
    times.push(performance.now() - t0)
  }
  agent.destroy()
  times.sort((a, b) => a - b)
  return { p50: times[Math.floor(times.length * 0.5)]!, p99: times[Math.floor(times.length * 0.99)]!, n: times.length }
}

/**
 * The service and the reference measured in turns of 1 s at c50, --duration turns each, the
 * reference first in odd turns and second in even ones: this machine's speed drifts within a few
 * seconds by more than the margins measured, and turns this short see the same drift for both.
 * Each side's figures are over all its turns (throughput their mean; p50 their median; p99 the
 * worst).
 */
async function interleaved (ours: string, ref: string): Promise<{ ours: Measure, ref: Measure, rounds: Array<[number, number]> }> {
  const sides: [Measure[], Measure[]] = [[], []]
  for (let i = 0; i < DURATION; i++) {
    const order = i % 2 === 0 ? [1, 0] as const : [0, 1] as const
    for (const side of order) sides[side].push(await measure(side === 0 ? ours : ref, CONNECTIONS, { duration: 1 }))
  }
  const over = (ms: Measure[]): Measure => ({
    rps: ms.reduce((a, m) => a + m.rps, 0) / ms.length,
    p50: ms.map((m) => m.p50).sort((a, b) => a - b)[Math.floor(ms.length / 2)]!,
    p99: Math.max(...ms.map((m) => m.p99)),
    non2xx: ms.reduce((a, m) => a + m.non2xx, 0),
    errors: ms.reduce((a, m) => a + m.errors, 0),
  })
  return { ours: over(sides[0]), ref: over(sides[1]), rounds: sides[1].map((r, i) => [r.rps, sides[0][i]!.rps]) }
}

let failed = false
const results: string[] = []
function check (ok: boolean, line: string): void {
  const out = `${ok ? 'ok  ' : 'MISS'} ${line}`
  console.log(out)
  results.push(out)
  if (!ok) failed = true
}
const fmt = (m: Measure): string => `${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50.toFixed(1).padStart(6)} ms  p99 ${m.p99.toFixed(1).padStart(6)} ms${m.non2xx || m.errors ? `  non-2xx ${m.non2xx} errors ${m.errors}` : ''}`

console.log(`# ${new Date().toISOString().slice(0, 10)}, ${databasePath}, ${DURATION} s per case, c${CONNECTIONS}`)
const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: projectRoot, stdio: 'inherit' })
if (build.status !== 0) throw new Error('npm run build failed')

const db = new Database(databasePath, { readonly: true })
const total = (db.prepare('SELECT count(*) AS n FROM indicators').get() as { n: number }).n
const anyId = (db.prepare('SELECT id FROM indicators ORDER BY id LIMIT 1 OFFSET ?').get(Math.floor(total / 2)) as { id: string }).id
/** The cursor of `sort` at a position, as a client paging there would hold it. */
function cursorAt (sort: 'date' | '-date', position: number): string {
  const dir = sort === '-date' ? 'DESC' : 'ASC'
  const row = db.prepare(`SELECT date, id FROM indicators ORDER BY date ${dir}, id ${dir} LIMIT 1 OFFSET ?`).get(position) as { date: string, id: string }
  const direction = sort === '-date' ? 'desc' : 'asc'
  return encodeCursor('indicators', [{ field: 'date', expr: 'i.date', direction }, { field: '_id', expr: 'i.id', direction }], [row.date, row.id])
}
console.log(`# ${total} indicators`)

// Started three times, each a new process that compiles and loads everything, and the median
// start counted: one start on this machine varies by a few hundred milliseconds with what else
// it is doing (the build before it, above). The third process is the one measured.
const serverArgs = ['--max-semi-space-size=8', join('dist', 'bundle', 'server.js')]
const serverEnv = { DATABASE_PATH: databasePath, REBUILD_DATABASE: 'never', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', RATE_LIMIT_GRAPHQL_COST: '0' }
const starts: number[] = []
let server = await start(serverArgs, serverEnv)
for (let i = 0; i < 2; i++) {
  starts.push(server.startMs)
  server.child.kill('SIGKILL')
  await new Promise((resolve) => server.child.once('exit', resolve))
  server = await start(serverArgs, serverEnv)
}
starts.push(server.startMs)
const idleRss = server.rssMb()
const startMedian = [...starts].sort((a, b) => a - b)[1]!
check(startMedian < 1000, `cold start ${startMedian.toFixed(0)} ms, the median of three (${starts.map((ms) => ms.toFixed(0)).join(', ')} ms; target < 1000 ms)`)
check(idleRss < 150, `idle resident memory ${idleRss.toFixed(0)} MB (target < 150 MB)`)

// The reference: bare Fastify answering the page of 50's own bytes.
const PAGE = '/v1/indicators?limit=50'
/** A 200's body: the reference must answer what the service answers, never a refusal. */
async function body200 (path: string): Promise<string> {
  const res = await fetch(server.origin + path)
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 200)}`)
  return text
}
const pageBody = await body200(PAGE)
const byIdBody = await body200(`/v1/indicators/${anyId}`)
const bodies = mkdtempSync(join(tmpdir(), 'cf-bench-'))
writeFileSync(join(bodies, 'page.json'), pageBody)
writeFileSync(join(bodies, 'item.json'), byIdBody)
const reference = await start(['--import', 'tsx', join('scripts', 'bench-reference.ts')], { BENCH_PAGE_FILE: join(bodies, 'page.json'), BENCH_ITEM_FILE: join(bodies, 'item.json') })
const refPage = await measure(`${reference.origin}/page`, CONNECTIONS)
const refItem = await measure(`${reference.origin}/item`, CONNECTIONS)
console.log(`reference (bare Fastify, the same bytes precomputed): page ${fmt(refPage)}; item ${fmt(refItem)}`)

const gqlProvinces = `/graphql?query=${encodeURIComponent('{ regions(first: 50, filter: { level: [province] }) { nodes { code name indicators(first: 3, orderBy: [{ field: date, direction: desc }]) { nodes { id value unit date metric { code name } source { quote document { id } } } } } } }')}`
const gqlList = `/graphql?query=${encodeURIComponent('{ indicators(first: 50) { nodes { id value unit date metric { code name } region { code name } } } }')}`
type Serial = Awaited<ReturnType<typeof serial>>
// A case with `ref` is compared at c50 with the reference's same bytes measured in alternating
// turns with it (interleaved, above).
const cases: Array<{ name: string, path: string, ref?: 'page' | 'item', target?: (c1: Measure, c50: Measure, one: Serial, refRps: number) => [boolean, string] }> = [
  { name: 'page of 50', path: PAGE, ref: 'page', target: (_c1, c50, _one, refRps) => [c50.rps >= 0.6 * refRps, `${(c50.rps / refRps).toFixed(2)}× the reference measured in turns with it (${refRps.toFixed(0)} req/s; target ≥ 0.6×)`] },
  { name: 'one indicator by id', path: `/v1/indicators/${anyId}`, ref: 'item', target: (_c1, c50, _one, refRps) => [c50.rps >= 0.8 * refRps, `${(c50.rps / refRps).toFixed(2)}× the reference measured in turns with it (${refRps.toFixed(0)} req/s; target ≥ 0.8×)`] },
  { name: 'count=true', path: '/v1/indicators?limit=1&count=true', target: (_c1, _c50, one) => [one.p50 < 10, `p50 ${one.p50.toFixed(2)} ms < 10 ms`] },
  // By region without a roll-up, a big database has more groups than a summary may hold (a 400).
  { name: 'summary by province (roll-up)', path: '/v1/indicators/summary?groupBy=region&rollup=province', target: (_c1, _c50, one) => [one.p50 < 10, `p50 ${one.p50.toFixed(2)} ms < 10 ms`] },
  { name: 'summary by metric', path: '/v1/indicators/summary?groupBy=metric', target: (_c1, _c50, one) => [one.p50 < 10, `p50 ${one.p50.toFixed(2)} ms < 10 ms`] },
  { name: 'summary of one metric by province', path: '/v1/indicators/summary?metric=education.warning.participants&groupBy=region&rollup=province', target: (_c1, _c50, one) => [one.p50 < 10, `p50 ${one.p50.toFixed(2)} ms < 10 ms`] },
  { name: '/v1/regions/CN', path: '/v1/regions/CN', target: (_c1, _c50, one) => [one.p50 < 10, `p50 ${one.p50.toFixed(2)} ms < 10 ms`] },
  { name: 'Hunan with descendants', path: '/v1/indicators?region=430000&limit=50', target: (_c1, _c50, one) => [one.p50 < 10, `p50 ${one.p50.toFixed(2)} ms < 10 ms`] },
  { name: 'a date range', path: '/v1/indicators?from=2021-07&to=2021-09&limit=50', target: (_c1, _c50, one) => [one.p50 < 10, `p50 ${one.p50.toFixed(2)} ms < 10 ms`] },
  { name: 'sort=-date, page 1', path: '/v1/indicators?sort=-date&limit=50' },
  { name: 'sort=-date at 25%', path: `/v1/indicators?sort=-date&limit=50&cursor=${cursorAt('-date', Math.floor(total * 0.25))}` },
  { name: 'sort=-date at 99%', path: `/v1/indicators?sort=-date&limit=50&cursor=${cursorAt('-date', Math.floor(total * 0.99))}` },
  { name: 'GraphQL provinces, 3 latest each', path: gqlProvinces, target: (_c1, c50, one) => [one.p50 < 20 && c50.p99 < 50, 'p50 < 20 ms, p99 at c50 < 50 ms'] },
  { name: 'GraphQL list of 50 with metric and region', path: gqlList },
]
const only = opts.only ? new RegExp(opts.only, 'i') : null

// Memory after the GraphQL provinces query 100 times, first, so that what the other cases leave
// (the response cache filled, the heavy-query thread started) is not counted against it.
if (!only || only.test('memory')) {
  // Each run computed (an alias makes each query text, so each URL, new to the response cache).
  const provinces = (i: number): string => `/graphql?query=${encodeURIComponent(`{ p${i}: regions(first: 50, filter: { level: [province] }) { nodes { code name indicators(first: 3, orderBy: [{ field: date, direction: desc }]) { nodes { id value unit date metric { code name } source { quote document { id } } } } } } }`)}`
  for (let i = 0; i < 100; i++) {
    const res = await fetch(server.origin + provinces(i))
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`the provinces query answered ${res.status}`)
  }
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const busy = server.rssMb()
  // The server collects and compacts its heap once quiet for IDLE_GC_MS (5 s; src/idle.ts).
  await new Promise((resolve) => setTimeout(resolve, 6000))
  const after = server.rssMb()
  check(after <= idleRss * 1.2, `resident memory after 100 provinces queries and 7 s quiet ${after.toFixed(0)} MB (1 s after: ${busy.toFixed(0)} MB; idle ${idleRss.toFixed(0)} MB; target within 20%)`)
}
const measured = new Map<string, { c1: Measure, c50: Measure, one: Serial }>()
for (const c of cases) {
  if (only && !only.test(c.name)) continue
  // The first request is computed; the runs after it are answered from the response cache (a
  // repeated URL), which is what a hot request costs.
  const t0 = performance.now()
  const first = await fetch(server.origin + c.path)
  await first.arrayBuffer()
  const coldMs = performance.now() - t0
  // A first answer computed on the event loop for longer than SHED_EVENT_LOOP_DELAY_MS (200 ms)
  // has the next ones refused (503) until the event-loop delay is sampled again (every 250 ms).
  await new Promise((resolve) => setTimeout(resolve, 600))
  const one = await serial(server.origin + c.path)
  const c1 = await measure(server.origin + c.path, 1)
  let c50: Measure
  let refRps = refPage.rps
  if (c.ref) {
    const pair = await interleaved(server.origin + c.path, `${reference.origin}/${c.ref}`)
    c50 = pair.ours
    refRps = pair.ref.rps
    console.log(`  reference /${c.ref} and this service, ${pair.rounds.length} alternating 1 s runs each: ${pair.rounds.map(([r, o]) => `${r.toFixed(0)}/${o.toFixed(0)}`).join(', ')} req/s`)
  } else {
    c50 = await measure(server.origin + c.path, CONNECTIONS)
  }
  measured.set(c.name, { c1, c50, one })
  console.log(`${c.name.padEnd(44)} first ${coldMs.toFixed(1).padStart(7)} ms (${first.status}) | one at a time p50 ${one.p50.toFixed(2)} ms p99 ${one.p99.toFixed(2)} ms | c1 ${fmt(c1)} | c${CONNECTIONS} ${fmt(c50)} (${(c50.rps / refPage.rps).toFixed(2)}× reference page)`)
  if (c.target) {
    const [ok, what] = c.target(c1, c50, one, refRps)
    check(ok && c1.rps > 0 && c1.non2xx === 0 && c50.non2xx === 0, `${c.name}: ${what}`)
  }
}
// Paging depth, computed (never from the response cache): 21 pages of 41 to 61 figures, each a new
// URL, at the start, at 25% and at 99% of sort=-date (and of sort=date), timed one at a time.
if (!only || only.test('depth')) {
  const computedP50 = async (paths: string[]): Promise<number> => {
    const times: number[] = []
    for (const path of paths) {
      const t0 = performance.now()
      const res = await fetch(server.origin + path)
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
      times.push(performance.now() - t0)
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
  }
  for (const sort of ['-date', 'date'] as const) {
    const at = (position: number | null): string[] => Array.from({ length: 21 }, (_, k) =>
      `/v1/indicators?sort=${sort}&limit=${41 + k}${position === null ? '' : `&cursor=${cursorAt(sort, position + k)}`}`)
    const page1 = await computedP50(at(null))
    for (const [label, position] of [['25%', Math.floor(total * 0.25)], ['99%', Math.floor(total * 0.99) - 21]] as const) {
      const deep = await computedP50(at(position))
      check(deep <= 2 * page1, `sort=${sort} at ${label}, computed: p50 ${deep.toFixed(2)} ms, within 2× of page 1 (${page1.toFixed(2)} ms)`)
    }
  }
}

// Head-of-line blocking: page-of-50 probes while a full CSV stream and a summary loop run.
if (!only || only.test('head')) {
  let running = true
  const stream = (async () => {
    let streams = 0
    while (running) {
      const t0 = performance.now()
      const res = await fetch(`${server.origin}/v1/indicators?limit=all&format=csv`)
      let bytes = 0
      for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length
      streams++
      if (streams === 1) console.log(`  (a full CSV stream: ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s)`)
    }
    return streams
  })()
  const summaries = (async () => {
    let n = 0
    // A filtered summary is computed each time (a new minValue each loop, so never a cached answer).
    while (running) { await (await fetch(`${server.origin}/v1/indicators/summary?groupBy=region&rollup=province&minValue=${-1 - n}`)).arrayBuffer(); n++ }
    return n
  })()
  await new Promise((resolve) => setTimeout(resolve, 500))
  const probes = await measure(server.origin + PAGE, 4, { overallRate: 40 })
  running = false
  await Promise.all([stream, summaries])
  check(probes.p99 < 50 && probes.non2xx === 0, `head-of-line: page-of-50 probes while a full CSV stream and a summary loop run: p50 ${probes.p50.toFixed(1)} ms, p99 ${probes.p99.toFixed(1)} ms (target p99 < 50 ms)`)
}

// The optional peer: Platformatic DB on the same file, the same questions asked of its generated
// REST and GraphQL. Each pair is measured one after the other, c1 and c50, and compared by
// throughput at c50 and p50 at c1. Repeated requests are answered from this service's response
// cache (as in production); "distinct ids" asks for a different indicator each time, so that
// most are computed.
// With --only, a pair runs when the pattern matches "platformatic: " and its name.
const PAIRS = ['REST page of 50', 'REST one by id', 'REST one by id, distinct ids', 'REST count of all', 'REST one metric, newest first',
  'GraphQL list of 50 with metric and region', 'GraphQL one by id, distinct ids']
const pairChosen = (name: string): boolean => !only || only.test(`platformatic: ${name}`)
if (opts.platformatic && PAIRS.some(pairChosen)) {
  const peer = await start([join('scripts', 'bench-platformatic.mjs')], {
    BENCH_PLATFORMATIC_DIR: resolve(opts.platformatic), BENCH_DATABASE: databasePath,
  }, '/indicators?limit=1', opts['peer-node'] ?? process.execPath)
  console.log(`\n# peer: Platformatic DB (started in ${peer.startMs.toFixed(0)} ms, ${peer.rssMb().toFixed(0)} MB idle)`)
  const metric = (db.prepare('SELECT metric_code AS m FROM indicators GROUP BY metric_code ORDER BY count(*) DESC LIMIT 1').get() as { m: string }).m
  const ids = (db.prepare('SELECT id FROM indicators ORDER BY random() LIMIT 20000').all() as Array<{ id: string }>).map((r) => r.id)
  // Both services look up the same ids, this one first: it would read their pages from disk and
  // leave them in the system's page cache for the peer. They are read here right before each pair
  // that asks for them, so that both find them there (a system may page out what has not been
  // read for a minute, as this machine's does, so once at the start is not enough).
  const row = db.prepare('SELECT * FROM indicators WHERE id = ?')
  const warm = (): void => { for (const id of ids) row.get(id) }
  const gql = (q: string): string => `/graphql?query=${encodeURIComponent(q)}`
  const pairs: Array<{ name: string, ours: string | ((i: number) => string), theirs: string | ((i: number) => string) }> = [
    { name: 'REST page of 50', ours: PAGE, theirs: '/indicators?limit=50' },
    { name: 'REST one by id', ours: `/v1/indicators/${anyId}`, theirs: `/indicators/${anyId}` },
    { name: 'REST one by id, distinct ids', ours: (i) => `/v1/indicators/${ids[i % ids.length]}`, theirs: (i) => `/indicators/${ids[i % ids.length]}` },
    { name: 'REST count of all', ours: '/v1/indicators?limit=1&count=true', theirs: '/indicators?limit=1&totalCount=true' },
    { name: 'REST one metric, newest first', ours: `/v1/indicators?metric=${metric}&sort=-date&limit=50`, theirs: `/indicators?where.metricCode.eq=${metric}&orderby.date=desc&limit=50` },
    { name: 'GraphQL list of 50 with metric and region', ours: gqlList, theirs: gql('{ indicators(limit: 50) { id value unit date metricCo { code name } regionCo { code name } } }') },
    { name: 'GraphQL one by id, distinct ids', ours: (i) => gql(`{ indicator(id: "${ids[i % ids.length]}") { id value unit date } }`), theirs: (i) => gql(`{ getIndicatorById(id: "${ids[i % ids.length]}") { id value unit date } }`) },
  ]
  /** autocannon over one path, or a new path for each request. */
  const drive = async (origin: string, path: string | ((i: number) => string), connections: number): Promise<Measure> => {
    if (typeof path === 'string') return await measure(origin + path, connections)
    let i = 0
    return await measure(origin, connections, { requests: [{ setupRequest: (req) => ({ ...req, path: path(i++) }) }] })
  }
  if (pairs.some((p) => !PAIRS.includes(p.name))) throw new Error('every pair is named in PAIRS')
  for (const p of pairs.filter((p) => pairChosen(p.name))) {
    const first = (path: string | ((i: number) => string)): string => typeof path === 'string' ? path : path(ids.length - 1)
    if (typeof p.ours !== 'string') warm()
    for (const [origin, path] of [[server.origin, p.ours], [peer.origin, p.theirs]] as const) {
      const res = await fetch(origin + first(path))
      if (res.status !== 200) throw new Error(`${origin}${first(path)} answered ${res.status}: ${(await res.text()).slice(0, 200)}`)
      await res.arrayBuffer()
    }
    const ours = { c1: await drive(server.origin, p.ours, 1), c50: await drive(server.origin, p.ours, CONNECTIONS) }
    const theirs = { c1: await drive(peer.origin, p.theirs, 1), c50: await drive(peer.origin, p.theirs, CONNECTIONS) }
    console.log(`${p.name.padEnd(44)} this service: c1 ${fmt(ours.c1)} | c${CONNECTIONS} ${fmt(ours.c50)}`)
    console.log(`${''.padEnd(44)} Platformatic: c1 ${fmt(theirs.c1)} | c${CONNECTIONS} ${fmt(theirs.c50)}`)
    check(ours.c50.rps >= theirs.c50.rps && ours.c1.rps >= theirs.c1.rps && ours.c50.non2xx === 0 && theirs.c50.non2xx === 0,
      `${p.name}: ${(ours.c1.rps / theirs.c1.rps).toFixed(2)}× Platformatic's throughput at c1, ${(ours.c50.rps / theirs.c50.rps).toFixed(2)}× at c${CONNECTIONS} (target: at least as fast, and no refusals)`)
  }
  peer.child.kill('SIGTERM')
}

server.child.kill('SIGTERM')
reference.child.kill('SIGTERM')
console.log(`\n${results.filter((r) => r.startsWith('MISS')).length} of ${results.length} targets missed`)
process.exitCode = failed ? 1 : 0
