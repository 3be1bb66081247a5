// The service's configuration, read once from the environment and validated. The bounds that are
// not meant to change per deployment are in limits.ts.
import envSchema from 'env-schema'

export interface Config {
  PORT: number
  HOST: string
  DATABASE_PATH: string
  LOG_LEVEL: string
  REBUILD_DATABASE: 'auto' | 'never'
  RATE_LIMIT_MAX: number
  RATE_LIMIT_WINDOW_MS: number
  RATE_LIMIT_GRAPHQL_COST: number
  TRUST_PROXY: boolean
  WORKERS: number
  HEAVY_THREADS: number
  SHED_TURN_MS: number
  SHED_TURN_MIN_CONNECTIONS: number
  SHED_EVENT_LOOP_DELAY_MS: number
  SHED_HEAP_USED_MB: number
  IDLE_GC_MS: number
}

const schema = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    HOST: { type: 'string', default: '127.0.0.1' },
    DATABASE_PATH: { type: 'string', default: 'data/campaign-facts.db' },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    // `auto` builds the database when it is missing or older than the seed data; `never` only
    // opens what is there (for images whose database was built at build time).
    REBUILD_DATABASE: { type: 'string', enum: ['auto', 'never'], default: 'auto' },
    // Requests per client per window (REST and the pages); 0 turns the limit off.
    RATE_LIMIT_MAX: { type: 'integer', minimum: 0, default: 1000 },
    RATE_LIMIT_WINDOW_MS: { type: 'integer', minimum: 1000, default: 60_000 },
    // GraphQL is limited by cost, not by request: the summed cost of a client's operations per
    // window (a query's cost is computed before it runs; see the README); 0 turns it off.
    RATE_LIMIT_GRAPHQL_COST: { type: 'integer', minimum: 0, default: 250_000 },
    // Processes serving the port; 0: one per core. Rate limits are counted per process. One is
    // the default: in a container, scale by replicas; and only a single process closes its
    // listening socket at once on SIGTERM, so that no connection opened meanwhile is reset (with
    // several, one opened in the instant the last worker closes can be).
    WORKERS: { type: 'integer', minimum: 0, maximum: 64, default: 1 },
    // Worker threads for summaries and observation tables (each with its own database handle), so
    // that they run beside the event loop, on another core; 0 runs them on the event loop.
    HEAVY_THREADS: { type: 'integer', minimum: 0, maximum: 16, default: 1 },
    // Behind a reverse proxy, key clients by X-Forwarded-For instead of the proxy's address.
    TRUST_PROXY: { type: 'boolean', default: false },
    // Load shedding (503 with Retry-After): requests of a burst are refused once the burst has
    // taken this long, or twice this when the rest of it fits (it bounds the wait of what is
    // accepted; see src/plugins/guard.ts) ...
    SHED_TURN_MS: { type: 'integer', minimum: 0, default: 25 },
    // ... or eight times this while at most this many connections are open in the process (and
    // none has two requests in the burst): so few clients are served more slowly, not refused ...
    SHED_TURN_MIN_CONNECTIONS: { type: 'integer', minimum: 0, default: 64 },
    // ... and everything is refused while the event loop lags by more than this on average
    // over the last sample, or the heap grows past this; 0 turns a check off.
    SHED_EVENT_LOOP_DELAY_MS: { type: 'integer', minimum: 0, default: 200 },
    SHED_HEAP_USED_MB: { type: 'integer', minimum: 0, default: 1024 },
    // Once requests have been served and none has come for this long, one full collection that
    // compacts the heap gives memory back (src/idle.ts); 0 turns it off.
    IDLE_GC_MS: { type: 'integer', minimum: 0, default: 5000 },
  },
} as const

export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  return envSchema<Config>({ schema, data: env, dotenv: false })
}
