// Builds a fresh app per test on a database built once from the real seed data (cached by dataset
// version in the temp folder; the build is atomic, so parallel test files can share it).
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import app, { fastifyOptions } from '../src/app.js'
import { ensureDatabase } from '../src/db/ensure.js'
import { datasetVersion } from '../seed/version.js'
import { seedDir, migrationsDir } from '../src/paths.js'

export async function testDatabasePath (): Promise<string> {
  const path = join(tmpdir(), `campaign-facts-test-${datasetVersion(seedDir, migrationsDir)}.db`)
  await ensureDatabase(path)
  return path
}

interface TapLike { teardown: (fn: () => unknown) => void }

export async function build (t: TapLike): Promise<FastifyInstance> {
  const fastify = Fastify({ ...fastifyOptions, logger: false })
  await fastify.register(app, { databasePath: await testDatabasePath() })
  await fastify.ready()
  t.teardown(() => fastify.close())
  return fastify
}
