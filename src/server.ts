// Process entry: read the config, make sure the database is built from the current seed data,
// then listen, and close gracefully on SIGTERM and SIGINT.
import Fastify from 'fastify'
import closeWithGrace from 'close-with-grace'
import app, { fastifyOptions } from './app.js'
import { loadConfig } from './config.js'
import { resolveFromRoot } from './paths.js'

const config = loadConfig()
const databasePath = resolveFromRoot(config.DATABASE_PATH)

const server = Fastify({
  ...fastifyOptions,
  logger: { level: config.LOG_LEVEL },
  connectionTimeout: 30_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 10_000,
  bodyLimit: 1024 * 1024,
})

if (config.REBUILD_DATABASE === 'auto') {
  const started = Date.now()
  // The seed builder is loaded only here, at the process entry, and only when a rebuild may be needed.
  const { ensureDatabase } = await import('../seed/ensure.js')
  const { version, rebuilt } = await ensureDatabase(databasePath)
  server.log.info({ databasePath, version, rebuilt, ms: Date.now() - started }, rebuilt ? 'database built from seed data' : 'database is current')
}

await server.register(app, { databasePath })

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) server.log.error({ err }, 'closing on error')
  else server.log.info({ signal }, 'closing')
  await server.close()
})

await server.listen({ port: config.PORT, host: config.HOST })
