// Writes openapi.yaml from the route schemas (`npm run openapi`). A test fails when the committed
// file differs from what this generates.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Fastify from 'fastify'
import app, { fastifyOptions } from '../src/app.js'
import { projectRoot } from '../src/paths.js'
import { testDatabasePath } from '../test/helper.js'

export async function generateOpenapi (): Promise<string> {
  const fastify = Fastify({ ...fastifyOptions, logger: false })
  await fastify.register(app, { databasePath: await testDatabasePath() })
  await fastify.ready()
  const yaml = fastify.swagger({ yaml: true })
  await fastify.close()
  return yaml
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const yaml = await generateOpenapi()
  writeFileSync(join(projectRoot, 'openapi.yaml'), yaml)
  console.log(`openapi.yaml: ${yaml.length} bytes`)
}
