// The SQL a GraphQL request costs: relations go through batched loaders, so the number of
// statements follows the shape of the query (one per relation field and set of arguments), not
// the length of its lists; except a list of indicators (the one table that grows without bound),
// which costs one indexed LIMIT per parent (and its totalCount one lookup per parent), never a
// window over every row of every parent. Counted with the query layer's own statement counter.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build } from '../helper.js'
import { EXAMPLE_QUERY } from '../../src/graphql/graphiql.js'

type Json = Record<string, any>

/** Runs a query and returns its data with the number of SQL statements it ran. */
async function counted (app: FastifyInstance, query: string, variables?: Json): Promise<{ data: Json, statements: number }> {
  const before = app.queries.cache.executed
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } })
  const statements = app.queries.cache.executed - before
  const body = res.json()
  if (res.statusCode !== 200 || body.errors) throw new Error(`GraphQL failed (${res.statusCode}): ${JSON.stringify(body.errors)}`)
  return { data: body.data, statements }
}

t.test('the example query: every province with its three most recent indicators, their metric, organ and source', async (t) => {
  const app = await build(t)
  const { data, statements } = await counted(app, EXAMPLE_QUERY)
  // regions, regions.totalCount, Region.indicators, its totalCount, Indicator.metric,
  // Indicator.organ, Citation.document: one statement each, for all 34 provinces at once.
  // regions, its totalCount, Indicator.metric, Indicator.organ, Citation.document: one each; the
  // provinces' indicators and their totalCounts: one each per province.
  t.equal(statements, 5 + 2 * data.regions.nodes.length, 'five statements, and two per province')
  const provinces = data.regions.nodes as Json[]
  t.equal(data.regions.totalCount, 34)
  t.equal(provinces.length, 34)
  const withData = provinces.filter((p) => p.indicators.nodes.length > 0)
  t.ok(withData.length >= 3, `${withData.length} provinces have indicators`)
  for (const p of withData) {
    const rest = (await app.inject(`/v1/indicators?region=${p.code}&sort=-date&limit=3&count=true`)).json()
    t.same(p.indicators.nodes.map((i: Json) => i.id), rest.data.map((i: Json) => i.id), `${p.name}: the three most recent, as REST sorts them`)
    t.equal(p.indicators.totalCount, rest.total)
    for (const [i, r] of p.indicators.nodes.map((i: Json, k: number) => [i, rest.data[k]])) {
      t.same(i.metric, { code: r.metric.code, name: r.metric.name })
      t.same(i.organ, r.organ && { id: r.organ.id, name: r.organ.name })
      t.equal(i.source.document.id, r.source.documentId)
      t.equal(i.source.quote, r.source.quote)
    }
  }
  const hunan = provinces.find((p) => p.code === '430000')!
  t.equal(hunan.indicators.nodes.length, 3, 'Hunan has at least three indicators')
  const dates = hunan.indicators.nodes.map((i: Json) => i.date)
  t.same(dates, [...dates].sort().reverse(), 'most recent first')
})

const wide = (first: number): string => `{
  regions(first: ${first}, filter: { hasData: true }) {
    totalCount
    nodes {
      code
      parent { code }
      ancestors { code }
      children(first: 3) { nodes { code } }
      organs(first: 5) { totalCount nodes { id region { code } parent { id } events(first: 3) { edges { roles node { id } } } } }
      events(first: 5) { nodes { id parent { id } organs(first: 3) { edges { roles node { id } } } citations { quote document { id } } } }
      indicators(first: 10, orderBy: [{ field: date, direction: desc }]) {
        totalCount
        nodes { id metric { code } region { code } organ { id } event { id } source { quote document { id } } }
      }
    }
  }
}`

t.test('a wide, three-level query costs one statement per relation field', async (t) => {
  const app = await build(t)
  const { data, statements } = await counted(app, wide(100))
  const regions = data.regions.nodes as Json[]
  const count = (f: (r: Json) => Json[]): number => regions.reduce((n, r) => n + f(r).length, 0)
  const level2 = count((r) => r.organs.nodes) + count((r) => r.events.nodes) + count((r) => r.indicators.nodes) + count((r) => r.children.nodes)
  const level3 = count((r) => r.organs.nodes.flatMap((o: Json) => o.events.edges)) + count((r) => r.events.nodes.flatMap((e: Json) => [...e.organs.edges, ...e.citations]))
  t.ok(regions.length >= 10, `${regions.length} regions`)
  t.ok(level2 >= 150, `${level2} items on the second level`)
  t.ok(level3 >= 50, `${level3} items on the third level`)
  // 20 relation fields: regions, totalCount, parent, ancestors, children, organs, its totalCount,
  // Organ.region, Organ.parent, Organ.events, events, Event.parent, Event.organs, Event.citations,
  // Citation.document, Indicator.metric/region/organ/event, and Citation.document under the
  // indicators' source; and per region its indicators and their totalCount.
  t.equal(statements, 20 + 2 * regions.length, `${statements} statements for ${regions.length + level2 + level3} objects`)

  const small = await counted(app, wide(3))
  t.ok(small.statements <= 20 + 2 * 3, `the same query over 3 regions: ${small.statements} statements (fields whose lists are all empty read nothing)`)
})

t.test('a nested page for a thousand parents is one indexed LIMIT per parent', async (t) => {
  const app = await build(t)
  const q = '{ regions(first: 1000) { nodes { code indicators(first: 3) { nodes { id region { code } } } } } }'
  const { data, statements } = await counted(app, q)
  t.equal(data.regions.nodes.length, 1000)
  t.equal(statements, 2 + 1000, 'regions, Indicator.region, and one page per region')
  const withData = data.regions.nodes.filter((r: Json) => r.indicators.nodes.length > 0)
  t.ok(withData.length > 0)
  for (const r of withData) {
    t.ok(r.indicators.nodes.length <= 3)
    t.ok(r.indicators.nodes.every((i: Json) => i.region.code.startsWith(r.code.replace(/0+$/, ''))), `${r.code}: its own indicators`)
  }
  const few = await counted(app, '{ regions(first: 5) { nodes { code indicators(first: 3) { nodes { id region { code } } } } } }')
  t.ok(few.statements <= 2 + 5, `a shorter list costs less (${few.statements} statements)`)
})

t.test('aliases share a statement when their arguments are the same, and add one when they differ', async (t) => {
  const app = await build(t)
  const { data, statements } = await counted(app, `{
    regions(first: 50, filter: { hasData: true }) { nodes {
      code
      recent: indicators(first: 1, orderBy: [{ field: date, direction: desc }]) { nodes { id date } }
      again: indicators(first: 1, orderBy: [{ field: date, direction: desc }]) { nodes { id date } }
      largest: indicators(first: 1, orderBy: [{ field: value, direction: desc }]) { nodes { id value } }
    } }
    a: region(code: "430000") { code }
    b: region(code: "430700") { code }
    c: region(code: "nope") { code }
  }`)
  const parents = data.regions.nodes.length
  t.equal(statements, 2 + 2 * parents, 'regions and the three region lookups; per region, recent and again together, and largest')
  for (const r of data.regions.nodes) t.same(r.again, r.recent)
  t.same([data.a, data.b, data.c], [{ code: '430000' }, { code: '430700' }, null])
  const cn = data.regions.nodes.find((r: Json) => r.code === 'CN')
  const maxValue = (await app.inject('/v1/indicators?sort=-value&limit=1')).json().data[0]
  t.equal(cn.largest.nodes[0].id, maxValue.id, 'the largest value in the country')
})

t.test('a failing argument fails only its own field', async (t) => {
  const app = await build(t)
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: {
      query: `{
        good: region(code: "430000") { indicators(first: 2) { nodes { id } } }
        bad: region(code: "430700") { indicators(first: 2, filter: { metric: ["no.such.metric"] }) { nodes { id } } }
      }`,
    },
  })
  const body = res.json()
  t.equal(res.statusCode, 200)
  t.equal(body.data.good.indicators.nodes.length, 2, 'the same loader batch answers the other call')
  t.equal(body.data.bad, null)
  t.equal(body.errors.length, 1)
  t.same(body.errors[0].path, ['bad', 'indicators'])
  t.equal(body.errors[0].extensions.code, 'CF_BAD_PARAMETER')
  t.equal(body.errors[0].extensions.parameter, 'metric')
  t.match(body.errors[0].message, /unknown metric code 'no\.such\.metric'/)
})

t.test('a metric as a reference reads its coverage lists only when they are asked for, and then in one statement each for all metrics', async (t) => {
  const app = await build(t)
  const log: string[] = []
  const prepare = app.queries.sqlite.prepare.bind(app.queries.sqlite)
  app.queries.sqlite.prepare = ((sql: string) => { log.push(sql); return prepare(sql) }) as typeof app.queries.sqlite.prepare
  // A fresh statement shape per query (first: n), so that each is prepared and logged.
  const names = await counted(app, '{ indicators(first: 41) { nodes { id metric { code name unit } } } }')
  t.notOk(log.some((sql) => /metric_regions|metric_documents/.test(sql)), 'code, name and unit: nothing of the coverage read')
  const withCoverage = await counted(app, '{ indicators(first: 42) { nodes { id metric { code coverage { count firstDate lastDate regions { code name nameZh level count } documents { id title count } } } } } }')
  t.equal(withCoverage.statements, names.statements + 2, 'the regions and documents of every metric of the page: two statements')
  const metrics = new Map<string, Json>()
  for (const n of withCoverage.data.indicators.nodes) metrics.set(n.metric.code, n.metric.coverage)
  t.ok(metrics.size > 5, `${metrics.size} metrics`)
  for (const [code, coverage] of metrics) {
    const rest = (await app.inject(`/v1/metrics/${code}`)).json().data.coverage
    t.same(coverage, rest, `${code}: the coverage REST gives`)
  }
})
