// The server as a few files (esbuild), which `npm start` and the image run: Node loads a module
// graph of some 1,300 files (typebox alone is 374, graphql 140) in about 0.8 s on a 2-core machine,
// and the same code bundled in under half that (README: Performance, cold start).
//
//   node scripts/bundle.mjs [--out dist/bundle]
//
// Entries: src/server.ts (dist/bundle/server.js) and the heavy-query thread's src/queries/worker.ts
// (dist/bundle/worker.js, beside the server as src/queries/heavy.ts expects); code they share, and
// the seed builder (loaded only when the database must be built), go into chunks beside them. The
// output folder must be two levels below the project root, as dist/bundle is: the seed locates the
// root from its own file (seed/version.ts).
//
// Left to node_modules: better-sqlite3 (a native addon) and piscina (it starts its threads from its
// own files). Swagger UI's files are served from node_modules/@fastify/swagger-ui/static (app.ts).
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({ options: { out: { type: 'string', default: join('dist', 'bundle') } } })
const out = resolve(root, values.out)

rmSync(out, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: { server: 'src/server.ts', worker: 'src/queries/worker.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'piscina'],
  // Whitespace and syntax only: names stay as written, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  // ASCII output: Node decodes and compiles an ASCII file faster than one with other characters.
  charset: 'ascii',
  // The licences of the bundled packages, in a file beside the code.
  legalComments: 'external',
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  logLevel: 'warning',
})
