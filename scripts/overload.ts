// `npm run test:overload`: drives the server (its own process, on loopback) at ten times the rate
// it sustains for pages of 50 that are each computed (none repeats, so none is a cache hit), and prints what happens: how much it refuses (429 from the per-client limit, 503
// from load shedding), whether every refusal says when to come back (Retry-After), the latency of
// what it accepts, and how long it takes to be back to normal once the load stops. Bounded in time
// (about a minute) and in connections. Exits 1 when a target is missed:
//   refusals carry Retry-After; p99 of accepted requests under 100 ms; normal within 10 s.
// Options (environment): OVERLOAD_SECONDS (10), OVERLOAD_FACTOR (10).
import autocannon from 'autocannon'
import { startServer, type ServerProcess } from '../test/reliability/server-process.js'

const SECONDS = Number(process.env.OVERLOAD_SECONDS ?? 10)
const FACTOR = Number(process.env.OVERLOAD_FACTOR ?? 10)
// Each request asks for a page no other has asked for (a different lower bound on the value), so
// that every one is computed: the response cache would otherwise answer a repeated URL from memory.
const PAGE = '/v1/indicators?limit=50'
let distinct = 0
const page = (): string => `${PAGE}&minValue=${distinct++ % 1_000_000 / 1000}`
const TARGETS = { p99Ms: 100, recoveryMs: 10_000 }

interface Run {
  requests: number
  statuses: Record<string, number>
  retryAfterMissing: number
  acceptedLatencies: number[]
  errors: number
  timeouts: number
}

async function load (origin: string, opts: { connections: number, rate?: number, seconds: number, clients?: number, network?: number }): Promise<Run> {
  const run: Run = { requests: 0, statuses: {}, retryAfterMissing: 0, acceptedLatencies: [], errors: 0, timeouts: 0 }
  const instance = autocannon({
    url: origin,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    timeout: 10,
    // Each connection is one client (X-Forwarded-For, which a server behind a proxy trusts) when
    // `clients` is set; else every connection is the same client.
    requests: [{
      method: 'GET',
      setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
        req.path = page()
        context.client ??= Math.floor(Math.random() * (opts.clients ?? 1))
        const client = Number(context.client)
        return { ...req, headers: { ...(req.headers as object), 'x-forwarded-for': `10.${opts.network ?? 1}.${Math.floor(client / 250)}.${client % 250 + 1}` } }
      },
    }] as never,
  })
  ;(instance as unknown as { on: (e: string, f: (...a: never[]) => void) => void }).on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    run.requests++
    run.statuses[statusCode] = (run.statuses[statusCode] ?? 0) + 1
    if (statusCode === 200) run.acceptedLatencies.push(responseTime)
  })
  // autocannon does not hand the headers to 'response'; check Retry-After on a sample separately.
  const result = await instance
  run.errors = result.errors
  run.timeouts = result.timeouts
  return run
}

function percentile (xs: number[], q: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}

/** Checks a handful of refusals for Retry-After while the load runs. */
async function sampleRefusals (origin: string, until: number, client: string): Promise<{ refused: number, missing: number }> {
  let refused = 0
  let missing = 0
  while (Date.now() < until) {
    try {
      const res = await fetch(origin + page(), { headers: { 'x-forwarded-for': client } })
      await res.arrayBuffer()
      if (res.status === 429 || res.status === 503) {
        refused++
        if (!res.headers.get('retry-after')) missing++
      }
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { refused, missing }
}

/** Time until a new client gets ten answers in a row, each 200 and within 50 ms. */
async function recovery (origin: string, client: string): Promise<number> {
  const started = Date.now()
  let streak = 0
  while (Date.now() - started < 30_000) {
    const t0 = performance.now()
    try {
      const res = await fetch(origin + page(), { headers: { 'x-forwarded-for': client } })
      await res.arrayBuffer()
      streak = res.status === 200 && performance.now() - t0 < 50 ? streak + 1 : 0
    } catch {
      streak = 0
    }
    if (streak === 10) return Date.now() - started
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return Infinity
}

function report (name: string, run: Run): number {
  const p50 = percentile(run.acceptedLatencies, 0.5)
  const p99 = percentile(run.acceptedLatencies, 0.99)
  const statuses = Object.entries(run.statuses).map(([s, n]) => `${s}×${n}`).join(' ')
  console.log(`${name}: ${run.requests} answers in ${SECONDS} s (${statuses}), connection errors ${run.errors}, timeouts ${run.timeouts}; accepted p50 ${p50} ms, p99 ${p99} ms`)
  return p99
}

let failed = false
const check = (ok: boolean, what: string): void => {
  console.log(`${ok ? 'ok  ' : 'MISS'} ${what}`)
  if (!ok) failed = true
}

/** The service's own defaults for shedding (config.ts), unless the environment sets them. */
const SHEDDING = {
  SHED_TURN_MS: process.env.SHED_TURN_MS ?? '25',
  SHED_EVENT_LOOP_DELAY_MS: process.env.SHED_EVENT_LOOP_DELAY_MS ?? '200',
  SHED_HEAP_USED_MB: process.env.SHED_HEAP_USED_MB ?? '1024',
}

async function withServer<T> (env: Record<string, string>, fn: (s: ServerProcess) => Promise<T>): Promise<T> {
  const server = await startServer({ LOG_LEVEL: 'error', ...env })
  // A running server is warm: compile the hot paths first, as another client, within its limits.
  await load(server.origin, { connections: 4, seconds: 2, network: 200 })
  try {
    return await fn(server)
  } finally {
    server.child.kill('SIGKILL')
    await server.exited
  }
}

// 1. The sustainable rate: no limits, a closed loop of 10 connections.
const sustainable = await withServer({}, async (s) => {
  const r = await load(s.origin, { connections: 10, seconds: 5 })
  return Math.round(r.requests / 5)
})
const offered = sustainable * FACTOR
console.log(`sustainable rate, page of 50: ${sustainable} req/s; offering ${offered} req/s (${FACTOR}×) for ${SECONDS} s`)

// 2. One client at 10×: the per-client limit answers 429 with Retry-After.
await withServer({ RATE_LIMIT_MAX: '1000', TRUST_PROXY: 'true', ...SHEDDING }, async (s) => {
  const until = Date.now() + SECONDS * 1000
  const [run, sample] = await Promise.all([
    load(s.origin, { connections: 100, rate: offered, seconds: SECONDS }),
    sampleRefusals(s.origin, until, '10.1.0.1'),
  ])
  const p99 = report('one client at 10×', run)
  check((run.statuses['429'] ?? 0) > run.requests * 0.5, `most of it refused with 429 (${run.statuses['429'] ?? 0} of ${run.requests})`)
  check(sample.refused > 0 && sample.missing === 0, `every refusal sampled carries Retry-After (${sample.refused} sampled, ${sample.missing} without)`)
  check(p99 < TARGETS.p99Ms, `p99 of the accepted under ${TARGETS.p99Ms} ms (${p99} ms)`)
  const back = await recovery(s.origin, '10.9.9.9')
  check(back < TARGETS.recoveryMs, `another client is served normally within ${TARGETS.recoveryMs / 1000} s of the end (${back} ms)`)
})

// 3. Many clients at 10× together, each under its limit: load shedding answers 503 with Retry-After.
await withServer({ RATE_LIMIT_MAX: '100000', TRUST_PROXY: 'true', ...SHEDDING }, async (s) => {
  const until = Date.now() + SECONDS * 1000
  const [run, sample] = await Promise.all([
    load(s.origin, { connections: 200, rate: offered, seconds: SECONDS, clients: 1000 }),
    sampleRefusals(s.origin, until, '10.8.8.8'),
  ])
  const p99 = report('1,000 clients at 10× together', run)
  check((run.statuses['503'] ?? 0) > 0, `load is shed with 503 (${run.statuses['503'] ?? 0} of ${run.requests})`)
  check(sample.missing === 0, `every refusal sampled carries Retry-After (${sample.refused} sampled, ${sample.missing} without)`)
  check(p99 < TARGETS.p99Ms, `p99 of the accepted under ${TARGETS.p99Ms} ms (${p99} ms)`)
  const back = await recovery(s.origin, '10.9.9.9')
  check(back < TARGETS.recoveryMs, `back to normal within ${TARGETS.recoveryMs / 1000} s of the end (${back} ms)`)
})

process.exitCode = failed ? 1 : 0
