// GraphiQL at /graphiql, served entirely from this server: Mercurius's bundled page loads React and
// GraphiQL from unpkg.com, which fails offline and leaks visitors to a CDN, so the page here is
// built from the `graphiql`, `react` and `react-dom` packages installed from npm.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'

/** The query GraphiQL opens with; docs/graphql.md and the tests use the same one. */
export const EXAMPLE_QUERY = `# Every province, with its three most recent indicators and their metric, organ and source.
# Press the ▶ button (or Ctrl-Enter) to run it; Ctrl-Space completes names.
query ProvincesWithRecentFacts {
  regions(first: 50, filter: { level: [province] }) {
    totalCount
    nodes {
      code
      name
      nameZh
      indicators(first: 3, orderBy: [{ field: date, direction: desc }]) {
        totalCount
        nodes {
          id
          value
          valueText
          unit
          qualifier
          date
          datePrecision
          metric { code name }
          organ { id name }
          source {
            quote
            start
            end
            document { id title publishedAt }
          }
        }
      }
    }
  }
}
`

const require = createRequire(import.meta.url)
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`))

/** The files the page loads, by the name it loads them under. */
const ASSETS: Record<string, { pkg: string, file: string, type: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'application/javascript; charset=utf-8' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'application/javascript; charset=utf-8' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'application/javascript; charset=utf-8' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
}

function page (base: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>campaign-facts · GraphiQL</title>
  <link rel="stylesheet" href="${base}/graphiql.min.css">
  <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${base}/react.production.min.js"></script>
  <script src="${base}/react-dom.production.min.js"></script>
  <script src="${base}/graphiql.min.js"></script>
  <script src="${base}/setup.js"></script>
</body>
</html>
`
}

function setup (endpoint: string): string {
  return `// Starts GraphiQL against this server's endpoint, with the example query preloaded.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: new URL(${JSON.stringify(endpoint)}, window.location.href).href })
  var root = ReactDOM.createRoot(document.getElementById('graphiql'))
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: ${JSON.stringify(EXAMPLE_QUERY)},
    defaultEditorToolsVisibility: false,
    shouldPersistHeaders: false
  }))
})()
`
}

export async function registerGraphiql (fastify: FastifyInstance, opts: { path: string, endpoint: string }): Promise<void> {
  const cache = new Map<string, string>()
  const load = async (name: string): Promise<string> => {
    let body = cache.get(name)
    if (body === undefined) {
      const a = ASSETS[name]!
      body = await readFile(join(packageDir(a.pkg), a.file), 'utf8')
      cache.set(name, body)
    }
    return body
  }
  const html = page(opts.path)
  const script = setup(opts.endpoint)

  fastify.get(opts.path, async (_request, reply) => reply.type('text/html; charset=utf-8').send(html))
  fastify.get(`${opts.path}/setup.js`, async (_request, reply) => reply.type('application/javascript; charset=utf-8').send(script))
  for (const name of Object.keys(ASSETS)) {
    fastify.get(`${opts.path}/${name}`, async (_request, reply) => reply.type(ASSETS[name]!.type).send(await load(name)))
  }
}
