// The GraphQL surface itself: the committed SDL is the running schema, every relation is a loader,
// GET /graphql answers (and caches) queries, and GraphiQL is served without any CDN.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { buildClientSchema, buildSchema, getIntrospectionQuery, getNamedType, isObjectType, printSchema, type IntrospectionQuery } from 'graphql'
import { build } from '../helper.js'
import { schemaPath } from '../../src/graphql/index.js'
import { loaders } from '../../src/graphql/loaders.js'
import { EXAMPLE_QUERY } from '../../src/graphql/graphiql.js'

t.test('the committed SDL is the running schema', async (t) => {
  const app = await build(t)
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) } })
  t.equal(res.statusCode, 200)
  const running = printSchema(buildClientSchema(res.json().data as IntrospectionQuery))
  const committed = printSchema(buildSchema(readFileSync(schemaPath, 'utf8')))
  t.equal(running, committed, 'src/graphql/schema.graphql matches the schema the server runs')
  t.match(running, /scalar PartialDate/)
  t.match(running, /indicatorSummary\(filter: IndicatorFilter, groupBy: \[IndicatorGroupBy!\]!, rollup: RollupLevel\): IndicatorSummary!/)
  t.match(running, /search\(q: String!, type: \[SearchHitType!\], first: Int = 20, after: String\): SearchConnection!/)
})

t.test('every relation is resolved through a Mercurius loader', async (t) => {
  const schema = buildSchema(readFileSync(schemaPath, 'utf8'))
  const entities = ['Region', 'Organ', 'Event', 'Metric', 'Indicator', 'Document', 'Citation', 'SummaryRow', 'SearchSource']
  const loaded = loaders as Record<string, Record<string, unknown>>
  const relations: string[] = []
  for (const name of entities) {
    const type = schema.getType(name)
    if (!isObjectType(type)) throw new Error(`${name} is not an object type`)
    for (const field of Object.values(type.getFields())) {
      // Embedded in the item's own row, so no read: an indicator's citation and dimension values,
      // a metric's dimensions and coverage.
      if (['Indicator.source', 'Indicator.dimensions', 'Metric.dimensions', 'Metric.coverage', 'SummaryRow.dimensions', 'SearchSource.matches'].includes(`${name}.${field.name}`)) continue
      const isRelation = isObjectType(getNamedType(field.type)) || field.args.length > 0 || ['text', 'normalizedText'].includes(field.name)
      if (!isRelation) continue
      relations.push(`${name}.${field.name}`)
      t.ok(loaded[name]?.[field.name], `${name}.${field.name} has a loader`)
    }
  }
  t.ok(relations.length >= 30, `${relations.length} relations checked`)
  // Search answers its page and its total in one call of the query layer, so it needs no loader.
  for (const type of Object.keys(schema.getTypeMap()).filter((n) => n.endsWith('Connection') && n !== 'SearchConnection')) {
    t.ok(loaded[type]?.totalCount, `${type}.totalCount has a loader`)
  }
  for (const root of ['region', 'organ', 'event', 'metric', 'indicator', 'document']) {
    t.ok(loaded.Query?.[root], `Query.${root} is batched too`)
  }
})

t.test('GET /graphql answers queries with cache headers, and refuses what is not a query', async (t) => {
  const app = await build(t)
  const url = `/graphql?query=${encodeURIComponent('query Version($n: Int) { dataset { version } regions(first: $n) { nodes { code } } }')}&variables=${encodeURIComponent('{"n":2}')}`
  const res = await app.inject(url)
  t.equal(res.statusCode, 200)
  const version = (await app.inject('/v1')).json().version
  t.same(res.json().data, { dataset: { version }, regions: { nodes: [{ code: '110000' }, { code: '110101' }] } })
  t.match(res.headers['cache-control'], /public, max-age=\d+/)
  t.ok(res.headers.etag, 'has an ETag')
  const again = await app.inject({ url, headers: { 'if-none-match': res.headers.etag as string } })
  t.equal(again.statusCode, 304, 'a repeated GET is answered from the client cache')

  const post = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ dataset { version } }' } })
  t.equal(post.statusCode, 200)
  t.notOk(post.headers.etag, 'POST answers are not cached')

  const bad = await app.inject('/graphql?query=%7B%20nope%20%7D')
  t.equal(bad.statusCode, 200, 'a document that does not validate: 200 under application/json, as GraphQL over HTTP asks')
  t.equal(bad.json().errors[0].extensions.code, 'CF_GRAPHQL_VALIDATION')
  t.notOk(bad.headers.etag, 'errors are not cached')
  t.equal(bad.headers['cache-control'], 'no-store')

  const noQuery = await app.inject('/graphql')
  t.equal(noQuery.statusCode, 400)
  t.equal(noQuery.json().errors[0].extensions.code, 'CF_BAD_REQUEST')
  t.match(noQuery.json().errors[0].message, /has no query/)
})

t.test('GraphiQL is served offline, from the npm packages, with the example query', async (t) => {
  const app = await build(t)
  const page = await app.inject('/graphiql')
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  const urls = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
  t.same(urls.sort(), [
    '/graphiql/graphiql.min.css', '/graphiql/graphiql.min.js', '/graphiql/react-dom.production.min.js',
    '/graphiql/react.production.min.js', '/graphiql/setup.js',
  ], 'the page loads only local assets')
  t.notMatch(page.body, /https?:\/\//, 'no absolute URL in the page')

  const require = createRequire(import.meta.url)
  const fromNpm = (pkg: string, file: string): string => readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file), 'utf8')
  const expected: Record<string, string> = {
    '/graphiql/graphiql.min.js': fromNpm('graphiql', 'graphiql.min.js'),
    '/graphiql/graphiql.min.css': fromNpm('graphiql', 'graphiql.min.css'),
    '/graphiql/react.production.min.js': fromNpm('react', 'umd/react.production.min.js'),
    '/graphiql/react-dom.production.min.js': fromNpm('react-dom', 'umd/react-dom.production.min.js'),
  }
  for (const [url, body] of Object.entries(expected)) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.ok(res.body === body, `${url} is the npm package's file (${body.length} bytes)`)
  }
  t.match(expected['/graphiql/graphiql.min.js'], /\.GraphiQL=/, 'the GraphiQL bundle defines the GraphiQL global')
  t.notMatch(expected['/graphiql/graphiql.min.css'], /url\(\s*["']?https?:/, 'the stylesheet loads no remote fonts')

  const setup = await app.inject('/graphiql/setup.js')
  t.equal(setup.statusCode, 200)
  t.match(setup.headers['content-type'], /javascript/)
  t.ok(setup.body.includes(JSON.stringify(EXAMPLE_QUERY)), 'the example query is preloaded')
  t.match(setup.body, /createFetcher\(\{ url: new URL\("\/graphql"/)
  t.notMatch(setup.body, /https?:\/\//)

  t.equal((await app.inject('/graphiql/main.js')).statusCode, 404, "Mercurius's CDN-loading GraphiQL is not served")
})
