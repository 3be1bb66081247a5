// Opens the embedded database and exposes the query layer as `fastify.queries`.
import fp from 'fastify-plugin'
import { openDatabase } from '../db/client.js'
import { QueryContext } from '../queries/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    queries: QueryContext
  }
}

export interface DatabasePluginOptions { databasePath: string }

export default fp<DatabasePluginOptions>(async (fastify, opts) => {
  const handle = openDatabase(opts.databasePath)
  fastify.decorate('queries', new QueryContext(handle.sqlite))
  fastify.addHook('onClose', async () => handle.close())
}, { name: 'database' })
