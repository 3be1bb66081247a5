// Observations, metric coverage filters and search over GraphQL answer as their REST routes do.
import t from 'tap'
import { build, gql, rest } from '../helper.js'

type Json = Record<string, any>


const dims = (list: Json[]): Json => Object.fromEntries(list.map((d) => [d.name, d.value]))

t.test('observations answer as /v1/observations, in both shapes', async (t) => {
  const app = await build(t)
  for (const [filter, qs, comparable] of [
    [{ metric: ['heroes.*'], region: ['430000', '210000'] }, 'metric=heroes.*&region=430000,210000', false],
    [{ metric: ['discipline.*'] }, 'metric=discipline.*', false],
    [{ metric: ['heroes.*'] }, 'metric=heroes.*&comparable=true', true],
  ] as const) {
    const long = (await gql(app, `query($f: IndicatorFilter, $c: Boolean) { observations(filter: $f, comparable: $c) {
      shape rows { region regionName regionLevel organ phase periodStart date datePrecision metric metricName unit dimensions { name value } value valueText qualifier indicator document }
      comparable { metric dimensions { name value } phase periodStart date regions excluded } } }`, { f: filter, c: comparable })).observations
    const expected = await rest(app, `/v1/observations?${qs}`)
    t.ok(expected.data.length > 0, qs)
    t.same(long.rows.map((r: Json) => ({ ...r, dimensions: undefined, ...dims(r.dimensions) })).map((r: Json) => { delete r.dimensions; return r }),
      expected.data, `long: ${qs}`)
    t.same(long.comparable?.map((c: Json) => ({ ...c, dimensions: dims(c.dimensions) })) ?? null, expected.comparable)

    const wide = (await gql(app, 'query($f: IndicatorFilter, $c: Boolean) { observations(filter: $f, shape: wide, comparable: $c) { shape columns { name unit } wide { region organ phase periodStart date values indicators } } }', { f: filter, c: comparable })).observations
    const expectedWide = await rest(app, `/v1/observations?${qs}&shape=wide`)
    t.same(wide.columns.map((c: Json) => c.name), expectedWide.columns.map((c: Json) => c.name))
    t.same(wide.wide.map((r: Json) => [r.region, r.organ, r.phase, r.periodStart, r.date, r.indicators, ...r.values]),
      expectedWide.data.map((r: Json) => [r.region, r.organ, r.phase, r.periodStart, r.date, r.indicators, ...expectedWide.columns.map((c: Json) => r[c.name])]), `wide: ${qs}`)
  }
})

t.test('metrics with the coverage filters answer as /v1/metrics', async (t) => {
  const app = await build(t)
  for (const [filter, qs] of [
    [{ minRegions: 2 }, 'minRegions=2'],
    [{ coveredIn: ['430000'] }, 'coveredIn=430000'],
    [{ minRegions: 2, regionLevel: ['province'] }, 'minRegions=2&regionLevel=province'],
    [{ coveredIn: ['430000'], minRegions: 2 }, 'coveredIn=430000&minRegions=2'],
  ] as const) {
    const data = await gql(app, 'query($f: MetricFilter) { metrics(filter: $f, first: 1000) { totalCount nodes { code } } }', { f: filter })
    const expected = await rest(app, `/v1/metrics?${qs}&limit=1000&count=true`)
    t.ok(expected.data.length > 0, qs)
    t.same(data.metrics.nodes.map((m: Json) => m.code), expected.data.map((m: Json) => m.code), qs)
    t.equal(data.metrics.totalCount, expected.total)
  }
})

t.test('search answers as /v1/search, and pages with its cursors', async (t) => {
  const app = await build(t)
  const SEARCH = `query($q: String!, $type: [SearchHitType!], $first: Int, $after: String) { search(q: $q, type: $type, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
    nodes { type id label score field snippet source { document { id } start end matches { start end } } subject { type id } } } }`
  for (const [q, type] of [['機制', null], ['changde', null], ['hunan', ['organ', 'region']], ['警', ['indicator']]] as const) {
    const data = (await gql(app, SEARCH, { q, type, first: 100 })).search
    const qs = `q=${encodeURIComponent(q)}&limit=100${type ? `&type=${type.join(',')}` : ''}`
    const expected = await rest(app, `/v1/search?${qs}`)
    t.ok(expected.data.length > 0, qs)
    t.equal(data.totalCount, expected.total)
    t.same(data.nodes.map((h: Json) => ({ ...h, source: h.source && { documentId: h.source.document.id, start: h.source.start, end: h.source.end, matches: h.source.matches } })),
      expected.data, qs)
    t.same(data.edges.map((e: Json) => e.node.id), data.nodes.map((n: Json) => n.id))
  }
  const seen: string[] = []
  let after: string | null = null
  do {
    const page: Json = (await gql(app, SEARCH, { q: 'hunan', first: 40, after })).search
    seen.push(...page.nodes.map((h: Json) => `${h.type}:${h.id}:${h.source?.start ?? ''}`))
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null
  } while (after)
  const total = (await rest(app, '/v1/search?q=hunan&limit=1')).total
  t.equal(seen.length, total, 'every hit, page by page')
  t.equal(new Set(seen).size, total)
  const bad = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ search(q: "x", first: 101) { totalCount } }' } })
  t.equal(bad.json().errors[0].extensions.parameter, 'first')
})
