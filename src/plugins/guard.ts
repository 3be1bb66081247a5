// What one client, or all of them together, can make the server do: a request budget per client
// (@fastify/rate-limit, with the IETF draft's RateLimit-* headers), a cost budget per client for
// GraphQL (whose requests differ in cost by orders of magnitude), and load shedding when the
// process itself is saturated (@fastify/under-pressure). Every refusal is a problem document with
// Retry-After; /health is never refused, so that an orchestrator does not kill a busy process.
import fp from 'fastify-plugin'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import underPressure, { TYPE_EVENT_LOOP_DELAY } from '@fastify/under-pressure'
import { LRUCache } from 'lru-cache'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import createError from '@fastify/error'
import { LIMITS } from '../limits.js'
import { problem } from '../problem.js'
import type { Config } from '../config.js'

export interface GuardOptions {
  rateLimit: {
    /** Requests per client per window; 0: no limit. */
    max: number
    windowMs: number
    /** GraphQL cost per client per window; 0: no limit. */
    graphqlCost: number
  }
  shedding: {
    /** Mean event-loop delay over the last sample that sheds load; 0: no check. */
    eventLoopDelayMs: number
    /** Heap in use that sheds load; 0: no check. */
    heapUsedMb: number
  }
}

const RateLimitedError = createError<[string]>('CF_RATE_LIMITED', 'Too many requests from this client: %s', 429)

/** Paths never limited nor shed: liveness must answer while the process is busy. */
const EXEMPT = new Set(['/health'])

/** Routes that count by cost instead of by request (their plugin charges the budget itself). */
const COSTED = new Set(['/graphql'])

const SHED_RETRY_AFTER_S = 5

/** A client's spending in the current window. */
interface Spent { used: number, resetAt: number }

/**
 * A fixed-window budget of cost points per client. Clients are kept in an LRU bounded by
 * LIMITS.rateLimitClients, each entry expiring with its window.
 */
export class CostBudget {
  private readonly clients: LRUCache<string, Spent>

  constructor (readonly limit: number, readonly windowMs: number) {
    this.clients = new LRUCache({ max: LIMITS.rateLimitClients, ttl: windowMs })
  }

  get enabled (): boolean {
    return this.limit > 0
  }

  /**
   * Spends `cost` points of the request's client, or refuses: the headers say the budget, what
   * is left and when it resets, as REST's do. Returns the seconds to wait when refused, else null.
   */
  charge (request: FastifyRequest, reply: FastifyReply, cost: number): number | null {
    if (!this.enabled) return null
    const now = Date.now()
    let spent = this.clients.get(request.ip)
    if (!spent || spent.resetAt <= now) {
      spent = { used: 0, resetAt: now + this.windowMs }
      this.clients.set(request.ip, spent)
    }
    const resetIn = Math.max(1, Math.ceil((spent.resetAt - now) / 1000))
    reply.header('ratelimit-limit', this.limit)
    reply.header('ratelimit-reset', resetIn)
    if (spent.used + cost > this.limit) {
      reply.header('ratelimit-remaining', Math.max(0, this.limit - spent.used))
      reply.header('retry-after', resetIn)
      return resetIn
    }
    spent.used += cost
    reply.header('ratelimit-remaining', this.limit - spent.used)
    return null
  }
}

/** A client's requests in its current window. */
interface Window { current: number, start: number }
type StoreCallback = (err: Error | null, res: { current: number, ttl: number }) => void

/**
 * @fastify/rate-limit's store (its `store` option): a fixed window per client, as its own local
 * store counts, in an LRU bounded by LIMITS.rateLimitClients. Ours so that a kept answer sent
 * before Fastify (see admitKept) is counted against the same budget.
 */
class Windows {
  private readonly clients = new LRUCache<string, Window>({ max: LIMITS.rateLimitClients })

  incr (key: string, cb: StoreCallback, timeWindow: number): void {
    const now = Date.now()
    let w = this.clients.get(key)
    if (!w || w.start + timeWindow <= now) w = { current: 0, start: now }
    w.current++
    this.clients.set(key, w)
    cb(null, { current: w.current, ttl: w.start + timeWindow - now })
  }

  read (key: string, cb: StoreCallback, timeWindow: number): void {
    const now = Date.now()
    const w = this.clients.get(key)
    cb(null, !w || w.start + timeWindow <= now ? { current: 0, ttl: timeWindow } : { current: w.current, ttl: w.start + timeWindow - now })
  }

  /** Routes have no limits of their own: one budget per client for all of them. */
  child (): Windows {
    return this
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    costBudget: CostBudget
    /**
     * Whether a kept answer may be sent to this request before Fastify sees it (src/server.ts):
     * the rate-limit headers to send with it, after counting it against the client's budget, or
     * null to leave the request to Fastify (a limited or costed path, a process under pressure, a
     * client over its budget or behind a proxy header, whose key Fastify works out).
     */
    admitKept: (req: IncomingMessage) => Record<string, number> | null
  }
}

export default fp<GuardOptions>(async function guard (fastify, opts) {
  fastify.decorate('costBudget', new CostBudget(opts.rateLimit.graphqlCost, opts.rateLimit.windowMs))

  const windows = opts.rateLimit.max > 0 ? new Windows() : null
  if (windows) {
    await fastify.register(rateLimit, {
      global: true,
      store: function store () { return windows } as never,
      max: opts.rateLimit.max,
      timeWindow: opts.rateLimit.windowMs,
      cache: LIMITS.rateLimitClients,
      enableDraftSpec: true,
      allowList: (request) => EXEMPT.has(request.url.split('?')[0]!) || COSTED.has(request.url.split('?')[0]!),
      errorResponseBuilder: (_request, context) => new RateLimitedError(`at most ${context.max} requests per ${Math.round(opts.rateLimit.windowMs / 1000)} s; retry in ${context.after}`),
    })
  }

  const { eventLoopDelayMs, heapUsedMb } = opts.shedding
  const shedding = eventLoopDelayMs > 0 || heapUsedMb > 0
  const { max, windowMs } = opts.rateLimit
  fastify.decorate('admitKept', (req: IncomingMessage): Record<string, number> | null => {
    // As the router reads it: decoded, a trailing slash ignored (/%67raphql/ is /graphql).
    const url = req.url ?? ''
    const query = url.indexOf('?')
    let path = query === -1 ? url : url.slice(0, query)
    if (path.includes('%')) {
      try {
        path = decodeURIComponent(path)
      } catch {
        return null
      }
    }
    if (path.endsWith('/')) path = path.replace(/\/+$/, '')
    if (EXEMPT.has(path) || COSTED.has(path)) return null
    if (shedding && fastify.isUnderPressure()) return null
    if (windows === null) return {}
    if (req.headers['x-forwarded-for'] !== undefined) return null
    const key = normalizeIP(req.socket.remoteAddress ?? '')
    let seen = { current: 0, ttl: 0 }
    windows.read(key, (_err, res) => { seen = res }, windowMs)
    // Over the budget: Fastify's path counts it and refuses it.
    if (seen.current >= max) return null
    windows.incr(key, (_err, res) => { seen = res }, windowMs)
    return { 'ratelimit-limit': max, 'ratelimit-remaining': Math.max(0, max - seen.current), 'ratelimit-reset': Math.ceil(seen.ttl / 1000) }
  })
  if (shedding) {
    // The first sample after start measures the start itself (compiling, opening the database),
    // not load: the event loop's delay is not held against requests until a sample after ready.
    const SAMPLE_MS = 250
    let readyAt = Number.POSITIVE_INFINITY
    fastify.addHook('onReady', async () => { readyAt = performance.now() })
    await fastify.register(underPressure, {
      maxEventLoopDelay: eventLoopDelayMs,
      maxHeapUsedBytes: heapUsedMb * 1024 * 1024,
      // A short sample, so that shedding starts and stops within a fraction of a second.
      sampleInterval: SAMPLE_MS,
      // A nullish return lets the request through; anything else is sent as the answer.
      pressureHandler: ((request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) => {
        if (EXEMPT.has(request.url.split('?')[0]!)) return undefined
        if (type === TYPE_EVENT_LOOP_DELAY && performance.now() - readyAt < 2 * SAMPLE_MS) return undefined
        request.log.warn({ type, value }, 'shedding load')
        reply.code(503).header('retry-after', SHED_RETRY_AFTER_S).header('cache-control', 'no-store').type('application/problem+json')
        return problem(503, 'CF_OVERLOADED', `The server is over capacity; retry in ${SHED_RETRY_AFTER_S} s.`)
      }) as never,
    })
  }
}, { name: 'guard' })

type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** The last turn of admission by turn that read a request from a socket. */
const TURN = Symbol('turn')

/**
 * Admission by turn, in front of Fastify: the requests Node reads in one turn of its event loop
 * are handled one after the other, each synchronously (the queries are synchronous), so the last
 * of a burst waits for all before it. Once the current turn has spent `turnMs` on requests, the
 * rest of the burst is refused at once (a 503 written before Fastify sees the request, a few
 * microseconds) and those clients come back a second later; what is accepted waits at most about
 * two turns. Load shedding on a sampled threshold (under-pressure's) reacts a sample late and then
 * refuses everything, so it cannot bound the latency of what it accepts on its own.
 *
 * A turn past its budget is not always a flood: a collection, the scheduler, or large answers
 * being written out to their sockets can stretch a burst of fifty lookups past 25 ms. So a turn
 * may go on to twice its budget when the rest of its burst would be done by then, at the pace of
 * this turn or of the last turns, whichever is quicker (a pause slows one turn, not the requests
 * after it; the very first turn, with no average yet, may run to twice its budget). The rest of a
 * burst is taken as the smaller of: one request per open connection not yet heard from in this
 * turn (`open`, the server's connections; a client waits for an answer before it asks again on a
 * connection, unless it pipelines), and what the biggest burst of the last second had beyond this
 * one's count so far (that alone once the turn holds two requests of one connection).
 * A flood's bursts are hundreds of requests, so its turns still end at the budget; the first turn
 * of a flood may run to twice it. Once a turn refuses, it refuses the rest of its burst.
 *
 * With at most `floor` connections open (in this process), a turn may go on to eight times its
 * budget (200 ms by default, where the event loop's delay sheds everything) before it refuses,
 * unless it holds two requests of one connection (pipelined ones). Without pipelining, so few
 * clients have at most that many requests waiting, so the wait they make each other is bounded by
 * their number: fifty clients pulling a 6.6 MB summary make turns of 30 ms and more from writing
 * alone, and are served, more slowly, rather than refused. The ceiling keeps a few connections of
 * costly requests from holding a turn for longer.
 */
export function admitByTurn (turnMs: number, handler: Handler, { open = () => Number.POSITIVE_INFINITY, floor = 0 }: { open?: () => number, floor?: number } = {}): Handler {
  if (turnMs <= 0) return handler
  const body = JSON.stringify(problem(503, 'CF_OVERLOADED', 'The server is over capacity; retry in 1 s.'))
  const headers = {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'retry-after': '1',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  }
  const capMs = 2 * turnMs
  const floorCapMs = 8 * turnMs
  let turnStarted = 0
  /** The turn's number, marked on each socket it reads a request from; and whether one was read twice. */
  let turn = 0
  let pipelined = false
  /** Requests this turn has read, and of them handled. */
  let seen = 0
  let handled = 0
  let refusing = false
  /** The biggest burst since `biggestSince` (kept a second at most, then the last turn's). */
  let biggest = 0
  let biggestSince = 0
  /** The time a turn takes per request handled, averaged over the last turns (an EWMA). */
  let pace = 0
  const endTurn = (): void => {
    const now = performance.now()
    if (seen >= biggest || now - biggestSince > 1000) {
      biggest = seen
      biggestSince = now
    }
    if (handled > 0) {
      const turnPace = (now - turnStarted) / handled
      pace = pace === 0 ? turnPace : pace + (turnPace - pace) / 16
    }
    turnStarted = 0
    seen = 0
    handled = 0
    refusing = false
    pipelined = false
  }
  return (req, res) => {
    const now = performance.now()
    seen++
    const first = turnStarted === 0
    if (first) {
      turnStarted = now
      turn++
      setImmediate(endTurn) // runs right after this turn's I/O callbacks
    }
    const socket = req.socket as typeof req.socket & { [TURN]?: number }
    if (socket[TURN] === turn) pipelined = true
    else socket[TURN] = turn
    if (!first && !EXEMPT.has((req.url ?? '').split('?')[0]!)) {
      const spent = now - turnStarted
      if (!refusing && spent > turnMs) {
        const connections = open()
        if (connections <= floor && !pipelined) {
          refusing = spent > floorCapMs
        } else {
          // This request and the rest of the burst, at the pace of this turn or of the last ones,
          // whichever is quicker: a pause of the whole process slows one turn, not its requests.
          // With pipelined requests, the connections bound nothing.
          const rest = Math.max(1, (pipelined ? biggest : Math.min(connections, biggest)) - seen + 1)
          refusing = spent + rest * Math.min(spent / handled, pace) > capMs
        }
      }
      if (refusing) {
        // The body was not read; a request with one closes its connection.
        if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) res.shouldKeepAlive = false
        res.writeHead(503, headers).end(body)
        return
      }
    }
    handled++
    handler(req, res)
  }
}

/**
 * Admission by turn as the configuration sets it (`SHED_TURN_MS`, and `SHED_TURN_MIN_CONNECTIONS`
 * of the `open` connections): what the server puts in front of Fastify.
 */
export function admitByConfig (config: Pick<Config, 'SHED_TURN_MS' | 'SHED_TURN_MIN_CONNECTIONS'>, handler: Handler, open: () => number): Handler {
  return admitByTurn(config.SHED_TURN_MS, handler, { open, floor: config.SHED_TURN_MIN_CONNECTIONS })
}
