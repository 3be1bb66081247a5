// Process entry: read the config, make sure the database is built from the current seed data,
// then listen (with WORKERS > 1, in that many processes sharing the port, one core each: the
// queries are synchronous); on SIGTERM or SIGINT, drain and exit within LIMITS.shutdownMs.
import cluster from 'node:cluster'
import { availableParallelism } from 'node:os'
import { createServer } from 'node:http'
import type { Socket } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import closeWithGrace from 'close-with-grace'
import app, { fastifyOptions, guardOptionsFrom } from './app.js'
import { loadConfig } from './config.js'
import { resolveFromRoot } from './paths.js'
import { LIMITS } from './limits.js'
import { admitByConfig } from './plugins/guard.js'
import { IdleReclaimer } from './idle.js'

const config = loadConfig()
const databasePath = resolveFromRoot(config.DATABASE_PATH)
const workers = config.WORKERS === 0 ? availableParallelism() : config.WORKERS

if (cluster.isPrimary && workers > 1) {
  await primary()
} else {
  await serve()
}

/**
 * The primary of a cluster: builds the database if needed (once, before any worker opens it), forks
 * the workers, replaces one that dies, and on SIGTERM has each drain (they close their own
 * connections) and exits 0 once all have, within the shutdown bound.
 */
async function primary (): Promise<void> {
  const log = (await import('pino')).pino({ level: config.LOG_LEVEL })
  if (config.REBUILD_DATABASE === 'auto') await ensure(log)
  let stopping = false
  const fork = (): void => { cluster.fork({ REBUILD_DATABASE: 'never' }) }
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    log.error({ pid: worker.process.pid, code, signal }, 'worker exited; starting another')
    fork()
  })
  for (let i = 0; i < workers; i++) fork()
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    log.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, 'draining the workers, then closing')
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal as NodeJS.Signals)
    const deadline = setTimeout(() => {
      log.error('workers did not close in time')
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL')
      process.exit(1)
    }, LIMITS.shutdownMs)
    const check = (): void => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearTimeout(deadline)
        log.info('closed')
        process.exit(0)
      }
    }
    cluster.on('exit', check)
    check()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

async function ensure (log: { info: (o: object, msg: string) => void }): Promise<void> {
  const started = Date.now()
  // The seed builder is loaded only here, at the process entry, and only when a rebuild may be needed.
  const { ensureDatabase } = await import('../seed/ensure.js')
  const { version, rebuilt } = await ensureDatabase(databasePath)
  log.info({ databasePath, version, rebuilt, ms: Date.now() - started }, rebuilt ? 'database built from seed data' : 'database is current')
}

async function serve (): Promise<void> {
  // Memory given back once quiet (src/idle.ts); every request, however answered, counts as activity.
  const idle = config.IDLE_GC_MS > 0
    ? new IdleReclaimer(config.IDLE_GC_MS, (r) => server.log.info(r, 'quiet: heap collected and compacted'))
    : null
  const server = Fastify({
    ...fastifyOptions,
    logger: { level: config.LOG_LEVEL },
    trustProxy: config.TRUST_PROXY,
    connectionTimeout: LIMITS.http.connectionTimeoutMs,
    requestTimeout: LIMITS.http.requestTimeoutMs,
    keepAliveTimeout: LIMITS.http.keepAliveTimeoutMs,
    // The HTTP server is ours so that load is shed before Fastify spends anything on a request,
    // and a kept answer is sent without Fastify (answerRaw in src/plugins/http.ts).
    serverFactory: (handler) => {
      const first: typeof handler = (req, res) => {
        if (server.answerRaw(req, res)) {
          idle?.touch()
          return
        }
        // A response emits 'close' once, whether it was answered or its connection was lost.
        if (idle) res.once('close', idle.enter())
        handler(req, res)
      }
      let open = 0
      const http = createServer({ maxHeaderSize: LIMITS.http.headerBytes }, admitByConfig(config, first, () => open))
      http.on('connection', (socket: Socket) => {
        open++
        socket.once('close', () => { open-- })
      })
      http.keepAliveTimeout = LIMITS.http.keepAliveTimeoutMs
      http.requestTimeout = LIMITS.http.requestTimeoutMs
      http.setTimeout(LIMITS.http.connectionTimeoutMs)
      return http
    },
    // Shutdown drains connections itself (drain below): requests that arrive meanwhile are answered.
    forceCloseConnections: false,
    return503OnClosing: false,
  })

  if (config.REBUILD_DATABASE === 'auto') await ensure(server.log)

  await server.register(app, { databasePath, heavyThreads: config.HEAVY_THREADS, ...guardOptionsFrom(config) })

  /**
   * Stops taking connections, answers everything already sent, and closes kept-alive sockets without
   * losing a request: each answer from now on carries `Connection: close` (so a busy socket closes
   * after its current request), and a socket that stays idle is closed only after a grace period, in
   * which a request already on its way can still arrive and be answered. Readiness answers 503 from
   * the first moment, so that a load balancer stops sending.
   */
  async function drain (fastify: FastifyInstance): Promise<void> {
    fastify.lifecycle.draining = true
    const http = fastify.server
    // Node's close() would also close idle keep-alive sockets at once; defer that to the grace timer.
    const closeIdle = http.closeIdleConnections.bind(http)
    http.closeIdleConnections = () => {}
    const grace = setTimeout(() => closeIdle(), LIMITS.shutdownIdleGraceMs)
    const last = setTimeout(() => http.closeAllConnections(), LIMITS.shutdownMs - 1000)
    try {
      await fastify.close()
    } finally {
      clearTimeout(grace)
      clearTimeout(last)
    }
  }

  closeWithGrace({ delay: LIMITS.shutdownMs }, async ({ signal, err }) => {
    if (err) server.log.error({ err }, 'closing on error')
    else server.log.info({ signal }, 'draining, then closing')
    await drain(server)
    server.log.info('closed')
  })

  server.addHook('onClose', async () => { idle?.stop() })
  await server.listen({ port: config.PORT, host: config.HOST })
  idle?.start()
}
