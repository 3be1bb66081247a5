// The benchmark's optional peer: Platformatic DB serving the same SQLite file (its generated REST and
// GraphQL over the same tables). Platformatic is not a dependency of the project: it is loaded from
// the folder BENCH_PLATFORMATIC_DIR, where `npm install @platformatic/db` was run (it needs Node 22
// or later: run this file with such a node). Started by scripts/bench.ts with
// BENCH_DATABASE (the file) and PORT.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const dir = process.env.BENCH_PLATFORMATIC_DIR
const { create } = await import(pathToFileURL(join(dir, 'node_modules', '@platformatic', 'db', 'index.js')).href)

// Tables Platformatic cannot map (full-text tables without a typed key, SQLite's own) are left out.
const ignore = Object.fromEntries([
  'search_index', 'search_index_config', 'search_index_data', 'search_index_docsize', 'search_index_idx',
  'sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4', '__drizzle_migrations',
].map((name) => [name, true]))

const app = await create(dir, {
  server: { hostname: '127.0.0.1', port: Number(process.env.PORT), logger: { level: 'warn' } },
  db: { connectionString: `sqlite://${process.env.BENCH_DATABASE}`, graphql: true, openapi: true, events: false, schemalock: false, ignore },
})
await app.init()
await app.start({ listen: true })
