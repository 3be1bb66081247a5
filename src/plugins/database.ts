// Opens the embedded database and exposes the query layer as `fastify.queries`.
import fp from 'fastify-plugin'
import { openDatabase } from '../db/client.js'
import { QueryContext } from '../queries/index.js'
import { HeavyQueries } from '../queries/heavy.js'
import { LIMITS } from '../limits.js'

declare module 'fastify' {
  interface FastifyInstance {
    queries: QueryContext
    /** Summaries and observation tables, in worker threads (src/queries/heavy.ts). */
    heavy: HeavyQueries
  }
}

export interface DatabasePluginOptions {
  databasePath: string
  /** Worker threads for heavy queries; 0 runs them inline. */
  heavyThreads?: number
}

export default fp<DatabasePluginOptions>(async (fastify, opts) => {
  const handle = openDatabase(opts.databasePath)
  const queries = new QueryContext(handle.sqlite)
  const heavy = new HeavyQueries(queries, opts.databasePath, { threads: opts.heavyThreads ?? 0, ...LIMITS.heavy })
  fastify.decorate('queries', queries)
  fastify.decorate('heavy', heavy)
  fastify.addHook('onClose', async () => {
    await heavy.close()
    handle.close()
  })
}, { name: 'database' })
