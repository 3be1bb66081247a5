// The loaders, and the SQL a GraphQL request costs: relations go through batched loaders, so the
// number of statements follows the shape of the query (one per relation field and set of
// arguments), not the length of its lists; except a list of indicators (the one table that grows
// without bound), which costs one indexed LIMIT per parent (and its totalCount one lookup per
// parent), never a window over every row of every parent. Counted with the query layer's own
// statement counter. First each loader called directly, as Mercurius calls it with every call of a
// level at once: the value of each call (parents with and without children, unknown keys, pages per
// parent, errors of one group) against REST's answer for the same thing, and the statements the
// level cost; then whole queries.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, rest } from '../helper.js'
import { EXAMPLE_QUERY } from '../../src/graphql/graphiql.js'
import { loaders } from '../../src/graphql/loaders.js'

type Json = Record<string, any>

// One app for the file: building it is most of the file's time. The test that logs the statements
// it prepares puts the database handle back when it ends.
const app = await build(t)

/** Runs a query and returns its data with the number of SQL statements it ran. */
async function counted (app: FastifyInstance, query: string, variables?: Json): Promise<{ data: Json, statements: number }> {
  const before = app.queries.cache.executed
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } })
  const statements = app.queries.cache.executed - before
  const body = res.json()
  if (res.statusCode !== 200 || body.errors) throw new Error(`GraphQL failed (${res.statusCode}): ${JSON.stringify(body.errors)}`)
  return { data: body.data, statements }
}

type Loader = (calls: Array<{ obj: unknown, params: Json }>, ctx: { app: FastifyInstance }) => Promise<any[]>

/** Calls the loader of `Type.field` once for a whole level of calls; counts the statements it ran. */
async function load (field: string, calls: Array<[obj: unknown, params?: Json]>): Promise<{ values: any[], statements: number }> {
  const [type, name] = field.split('.') as [string, string]
  const loader = (loaders as unknown as Record<string, Record<string, Loader>>)[type]![name]!
  const before = app.queries.cache.executed
  const values = await loader(calls.map(([obj, params]) => ({ obj, params: params ?? {} })), { app })
  return { values, statements: app.queries.cache.executed - before }
}

/** REST's answer for a list: every id in order, and the total. */
async function restList (url: string, key = 'id'): Promise<{ ids: string[], total: number }> {
  const body = await rest(app, `${url}${url.includes('?') ? '&' : '?'}limit=1000&count=true`)
  return { ids: body.data.map((x: Json) => x[key]), total: body.total }
}

let indicators: Promise<Json[]> | undefined
/** Every indicator as REST lists it (read once: the oracle of several tests). */
const allIndicators = async (): Promise<Json[]> => await (indicators ??= rest(app, '/v1/indicators?limit=1000').then((body) => body.data))
const someIndicator = async (): Promise<Json> => (await allIndicators()).find((i: Json) => i.organ && i.event && i.phase)!

t.test('a lookup answers all the calls of a level with one statement: the item, or null for a key that is absent or unknown', async (t) => {
  const i = await someIndicator()
  const keys = { region: '430000', organ: i.organ.id as string, event: i.event.id as string, phase: i.phase.id as string, metric: i.metric.code as string, indicator: i.id as string, document: i.source.documentId as string }
  const root = (param: string) => (k: string | null): [Json, Json] => [{}, k === null ? {} : { [param]: k }]
  const ref = (field: string, key: string) => (k: string | null): [Json] => [{ [field]: k === null ? null : { [key]: k } }]
  const own = (field: string) => (k: string | null): [Json] => [{ [field]: k }]
  const cases: Array<[string, (k: string | null) => [Json, Json?], string, string]> = [
    ['Query.region', root('code'), keys.region, 'code'],
    ['Query.organ', root('id'), keys.organ, 'id'],
    ['Query.event', root('id'), keys.event, 'id'],
    ['Query.metric', root('code'), keys.metric, 'code'],
    ['Query.indicator', root('id'), keys.indicator, 'id'],
    ['Query.document', root('id'), keys.document, 'id'],
    ['Region.parent', own('parentCode'), keys.region, 'code'],
    ['Organ.region', ref('region', 'code'), keys.region, 'code'],
    ['Organ.parent', own('parentId'), keys.organ, 'id'],
    ['Event.region', ref('region', 'code'), keys.region, 'code'],
    ['Event.parent', own('parentId'), keys.event, 'id'],
    ['Indicator.metric', ref('metric', 'code'), keys.metric, 'code'],
    ['Indicator.region', ref('region', 'code'), keys.region, 'code'],
    ['Indicator.organ', ref('organ', 'id'), keys.organ, 'id'],
    ['Indicator.event', ref('event', 'id'), keys.event, 'id'],
    ['Indicator.phase', ref('phase', 'id'), keys.phase, 'id'],
    ['Citation.document', own('documentId'), keys.document, 'id'],
    ['SummaryRow.metric', ref('metric', 'code'), keys.metric, 'code'],
    ['SummaryRow.region', ref('region', 'code'), keys.region, 'code'],
    ['SummaryRow.organ', ref('organ', 'id'), keys.organ, 'id'],
    ['SummaryRow.document', ref('document', 'id'), keys.document, 'id'],
    ['SummaryRow.phase', ref('phase', 'id'), keys.phase, 'id'],
    ['SearchSource.document', own('documentId'), keys.document, 'id'],
    ['Document.region', own('regionCode'), keys.region, 'code'],
  ]
  for (const [field, call, key, id] of cases) {
    const { values, statements } = await load(field, [call(key), call(null), call('no-such-key'), call(key)])
    t.same(values.map((v) => v === null ? null : v[id]), [key, null, null, key], `${field}: found, absent, unknown, found again`)
    t.equal(statements, 1, `${field}: one statement for the level`)
    const none = await load(field, [call(null), call(null)])
    t.same(none, { values: [null, null], statements: 0 }, `${field}: nothing to look up, no statement`)
  }
  const { values } = await load('Query.indicator', [[{}, { id: i.id }]])
  t.same({ id: values[0].id, value: values[0].value, date: values[0].date }, { id: i.id, value: i.value, date: i.date }, 'the indicator itself')
})

t.test('lists without pages (ancestors, citations, spans, texts) answer every parent of a level in one statement', async (t) => {
  const ancestors = await load('Region.ancestors', [[{ code: '430112' }], [{ code: 'CN' }], [{ code: 'no-such-region' }], [{ code: '430112' }]])
  t.same(ancestors.values.map((l) => l.map((r: Json) => r.code)), [['CN', '430000', '430100'], [], [], ['CN', '430000', '430100']])
  t.equal(ancestors.statements, 1)
  const organ = (await rest(app, '/v1/organs?limit=1')).data[0].id as string
  const event = 'first-batch'
  for (const [field, id, detail] of [['Organ.citations', organ, `/v1/organs/${organ}`], ['Event.citations', event, `/v1/events/${event}`]] as const) {
    const cited = (await rest(app, detail)).data.citations as Json[]
    t.ok(cited.length > 0, `${id} is cited`)
    const { values, statements } = await load(field, [[{ id }], [{ id: 'no-such-subject' }], [{ id }]])
    t.same(values, [cited, [], cited], `${field}: as REST's detail lists them, and none for a subject without citations`)
    t.equal(statements, 1)
  }
  const documents = (await rest(app, '/v1/documents')).data.map((d: Json) => d.id as string)
  const [d1, d2] = documents as [string, string]
  const details = await Promise.all([d1, d2].map(async (id) => (await rest(app, `/v1/documents/${id}`)).data))
  const spans = await load('Document.spans', [[{ id: d1 }], [{ id: 'no-such-document' }], [{ id: d2 }]])
  t.same(spans.values, [details[0].spans, [], details[1].spans])
  t.equal(spans.statements, 1)
  for (const [field, key] of [['Document.text', 'text'], ['Document.normalizedText', 'normalizedText']] as const) {
    const texts = await load(field, [[{ id: d2 }], [{ id: d1 }], [{ id: d2 }]])
    t.same(texts.values, [details[1][key], details[0][key], details[1][key]], field)
    t.ok(texts.values[0].length > 0)
    t.equal(texts.statements, 1)
  }
})

t.test('a summary row\'s documents and indicators: one statement for all the rows of a level, in the order listed, unknown ids left out', async (t) => {
  const all = (await rest(app, '/v1/indicators?limit=3')).data as Json[]
  const [a, b, c] = all.map((i) => i.id as string) as [string, string, string]
  const indicators = await load('SummaryRow.indicators', [[{ indicators: [c, 'no-such-indicator', a] }], [{ indicators: [] }], [{ indicators: [b, a] }]])
  t.same(indicators.values.map((l) => l.map((i: Json) => i.id)), [[c, a], [], [b, a]])
  t.equal(indicators.statements, 1)
  t.same(await load('SummaryRow.indicators', [[{ indicators: [] }], [{ indicators: [] }]]), { values: [[], []], statements: 0 }, 'no ids, no statement')
  const documents = (await rest(app, '/v1/documents')).data.map((d: Json) => d.id as string) as string[]
  const docs = await load('SummaryRow.documents', [[{ documents: [documents[1], 'no-such-document', documents[0]] }], [{ documents: [] }]])
  t.same(docs.values.map((l) => l.map((d: Json) => d.id)), [[documents[1], documents[0]], []])
  t.equal(docs.statements, 1)
  t.same(await load('SummaryRow.documents', [[{ documents: [] }]]), { values: [[]], statements: 0 })
})

t.test('a metric\'s coverage lists: kept when the metric came with them, else read for all the metrics of a level at once', async (t) => {
  const [m1, m2] = (await rest(app, '/v1/metrics?limit=2')).data.map((m: Json) => m.code as string) as [string, string]
  for (const part of ['regions', 'documents'] as const) {
    const expected = await Promise.all([m1, m2].map(async (code) => (await rest(app, `/v1/metrics/${code}`)).data.coverage[part]))
    t.ok(expected[0].length > 0 && expected[1].length > 0)
    const given = [{ stands: 'for the list the metric came with' }]
    const { values, statements } = await load(`MetricCoverage.${part}`, [[{ metricCode: m1, [part]: given }], [{ metricCode: m2 }], [{ metricCode: 'no.such.metric' }], [{ metricCode: m1 }]])
    t.same(values, [given, expected[1], [], expected[0]], `${part}: the given list, then as REST's metric detail has them`)
    t.equal(statements, 1)
    t.same(await load(`MetricCoverage.${part}`, [[{ metricCode: m1, [part]: given }]]), { values: [given], statements: 0 }, `${part}: nothing to read`)
  }
})

/** The first of these whose REST list is empty. */
async function firstEmpty (candidates: string[], url: (id: string) => string): Promise<string> {
  for (const id of candidates) if ((await rest(app, `${url(id)}${url(id).includes('?') ? '&' : '?'}limit=1&count=true`)).total === 0) return id
  throw new Error(`none of ${candidates.length} is empty`)
}

t.test('every relation pages each parent as REST\'s filter of the same meaning, in one statement (indicators: one per parent), and so counts', async (t) => {
  const organs = (await rest(app, '/v1/organs?limit=1000')).data as Json[]
  const events = (await rest(app, '/v1/events?limit=1000')).data as Json[]
  const childCount = (items: Json[]): Map<string, number> => {
    const n = new Map<string, number>()
    for (const x of items) if (x.parentId) n.set(x.parentId, (n.get(x.parentId) ?? 0) + 1)
    return n
  }
  const organChildren = childCount(organs)
  const eventChildren = childCount(events)
  const bigOrgan = [...organChildren.entries()].sort((a, b) => b[1] - a[1])[0]![0]
  const byOrgan = new Map<string, number>()
  for (const i of await allIndicators()) if (i.organ) byOrgan.set(i.organ.id, (byOrgan.get(i.organ.id) ?? 0) + 1)
  const mostIndicators = [...byOrgan.entries()].sort((a, b) => b[1] - a[1])[0]![0]
  const leafOrgans = organs.map((o) => o.id as string).filter((id) => !organChildren.has(id))
  const leafEvents = events.map((e) => e.id as string).filter((id) => !eventChildren.has(id))
  const most = (sql: string): string => (app.queries.sqlite.prepare(`${sql} ORDER BY count(*) DESC, 1 LIMIT 1`).get() as { id: string }).id
  const metric = most('SELECT metric_code AS id FROM indicators GROUP BY metric_code')
  const document = most('SELECT document_id AS id FROM indicators GROUP BY document_id')
  // Event.organs and Document.events have no REST filter: their members, in the list's own order.
  const inOrder = async (list: string, members: string[]): Promise<{ ids: string[], total: number }> => {
    const ids = (await restList(`/v1/${list}`)).ids.filter((id) => members.includes(id))
    return { ids, total: ids.length }
  }
  const eventOrgans = async (id: string) => inOrder('organs', (await rest(app, `/v1/events/${id}`)).data.organs.map((o: Json) => o.id))
  const citedEvents = async (id: string) => inOrder('events', (await rest(app, `/v1/documents/${id}`)).data.spans.filter((s: Json) => s.type === 'event').map((s: Json) => s.id))
  const manyOrgans = most('SELECT event_id AS id FROM event_organs GROUP BY event_id')

  type Case = [field: string, parentKey: 'code' | 'id', list: string, parent: string, empty: string, oracle: (p: string) => Promise<{ ids: string[], total: number }>]
  const cases: Case[] = [
    ['Region.children', 'code', 'regions', '430000', '110101', (p) => restList(`/v1/regions?parent=${p}`, 'code')],
    ['Region.organs', 'code', 'organs', '430000', '110101', (p) => restList(`/v1/organs?region=${p}`)],
    ['Region.events', 'code', 'events', '430000', '110101', (p) => restList(`/v1/events?region=${p}`)],
    ['Region.indicators', 'code', 'indicators', '430000', '110101', (p) => restList(`/v1/indicators?region=${p}`)],
    ['Organ.children', 'id', 'organs', bigOrgan, leafOrgans[0]!, (p) => restList(`/v1/organs?parent=${p}`)],
    ['Organ.events', 'id', 'events', bigOrgan, await firstEmpty(leafOrgans, (id) => `/v1/events?organ=${id}`), (p) => restList(`/v1/events?organ=${p}`)],
    ['Organ.indicators', 'id', 'indicators', mostIndicators, await firstEmpty(leafOrgans, (id) => `/v1/indicators?organ=${id}`), (p) => restList(`/v1/indicators?organ=${p}`)],
    ['Event.children', 'id', 'events', 'first-batch', leafEvents[0]!, (p) => restList(`/v1/events?parent=${p}`)],
    ['Event.organs', 'id', 'organs', manyOrgans, 'first-batch', eventOrgans],
    ['Event.indicators', 'id', 'indicators', 'first-batch', await firstEmpty(leafEvents, (id) => `/v1/indicators?event=${id}`), (p) => restList(`/v1/indicators?event=${p}`)],
    ['Metric.indicators', 'code', 'indicators', metric, metric, (p) => restList(`/v1/indicators?metric=${p}`)],
    ['Document.indicators', 'id', 'indicators', document, document, (p) => restList(`/v1/indicators?document=${p}`)],
    // Every document cites some event: an unknown one stands for a document that cites none.
    ['Document.events', 'id', 'events', document, 'no-such-document', citedEvents],
  ]
  for (const [field, parentKey, list, parent, empty, oracle] of cases) {
    const perParent = list === 'indicators'
    const full = await oracle(parent)
    const none = empty.startsWith('no-such') ? { ids: [], total: 0 } : await oracle(empty)
    t.ok(full.total > 3, `${field}: ${parent} has ${full.total}`)
    const { values, statements } = await load(field, [[{ [parentKey]: parent }, { first: 3 }], [{ [parentKey]: empty }, { first: 3 }], [{ [parentKey]: parent }, { first: 3 }]])
    const [page, other, again] = values
    t.same(page.nodes.map((x: Json) => x[list === 'regions' ? 'code' : 'id']), full.ids.slice(0, 3), `${field}: the first 3 of ${parent}`)
    t.same(page.pageInfo, { hasNextPage: true, endCursor: page.edges[2].cursor })
    t.same(again.nodes, page.nodes, `${field}: the same parent twice`)
    t.same(page.count, { list, relation: field, filter: {}, filterKey: '{}', parent })
    if (empty !== parent) {
      t.same(none.total, 0, `${field}: ${empty} has none`)
      t.same([other.nodes, other.pageInfo], [[], { hasNextPage: false, endCursor: null }], `${field}: an empty page for ${empty}`)
    }
    const parents = empty === parent ? 1 : 2
    t.equal(statements, perParent ? parents : 1, `${field}: ${perParent ? 'one statement per parent' : 'one statement'}`)
    const counts = await load(`${list === 'regions' ? 'Region' : 'Organ'}Connection.totalCount`, values.map((v) => [v]))
    t.same(counts.values, [full.total, none.total, full.total], `${field}: totalCount`)
    t.equal(counts.statements, perParent ? parents : 1)
  }
})

t.test('indicators of a parent under a filter of its own kind: the parent\'s and the filter\'s together, one statement for all parents', async (t) => {
  const all = await allIndicators()
  const most = (key: (i: Json) => string | null | undefined, among: (i: Json) => boolean = () => true): string => {
    const n = new Map<string, number>()
    for (const i of all.filter(among)) {
      const k = key(i)
      if (k) n.set(k, (n.get(k) ?? 0) + 1)
    }
    return [...n.entries()].sort((a, b) => b[1] - a[1])[0]![0]
  }
  // Some prefecture of Hunan with figures of its own; the child event of first-batch with the most
  // figures, and an event outside first-batch; the organ, metric and document with the most figures.
  const prefecture = most((i) => i.region.code, (i) => i.region.level === 'prefecture' && i.region.code.startsWith('43'))
  const children = (await restList('/v1/events?parent=first-batch')).ids
  const child = most((i) => i.event?.id, (i) => children.includes(i.event?.id))
  const outsideEvent = (await restList('/v1/events')).ids.find((id) => id !== 'first-batch' && !id.includes('batch') && !children.includes(id) && id !== 'education-rectification-2021')!
  const organ = most((i) => i.organ?.id)
  const metric = most((i) => i.metric.code)
  const document = most((i) => i.source.documentId)
  const other = (items: string[], not: string): string => items.find((x) => x !== not)!
  type Case = [field: string, parentKey: string, filter: Json, inBoth: string, outside: string, oracle: string]
  const cases: Case[] = [
    ['Region.indicators', 'code', { region: [prefecture] }, '430000', '440000', `/v1/indicators?region=${prefecture}`],
    ['Region.indicators', 'code', { region: [prefecture], regionScope: 'exact' }, prefecture, '430000', `/v1/indicators?region=${prefecture}&regionScope=exact`],
    ['Organ.indicators', 'id', { organ: [organ] }, organ, other((await restList('/v1/organs')).ids, organ), `/v1/indicators?organ=${organ}`],
    ['Event.indicators', 'id', { event: [child] }, 'first-batch', outsideEvent, `/v1/indicators?event=${child}`],
    ['Metric.indicators', 'code', { metric: [metric] }, metric, other((await restList('/v1/metrics', 'code')).ids, metric), `/v1/indicators?metric=${metric}`],
    ['Document.indicators', 'id', { document: [document] }, document, other((await restList('/v1/documents')).ids, document), `/v1/indicators?document=${document}`],
  ]
  for (const [field, parentKey, filter, inBoth, outside, oracle] of cases) {
    const expected = await restList(oracle)
    t.ok(expected.total > 1, `${oracle} has ${expected.total}`)
    const { values, statements } = await load(field, [[{ [parentKey]: inBoth }, { first: 1000, filter }], [{ [parentKey]: outside }, { first: 1000, filter }]])
    t.same(values[0].nodes.map((x: Json) => x.id), expected.ids, `${field} ${JSON.stringify(filter)} of ${inBoth}`)
    t.same(values[1].nodes, [], `${field} ${JSON.stringify(filter)} of ${outside}: none`)
    t.equal(statements, 1, `${field} ${JSON.stringify(filter)}: one statement for both parents`)
    t.same(values[0].count, { list: 'indicators', relation: field, filter, filterKey: JSON.stringify(filter), parent: inBoth })
    const counts = await load('IndicatorConnection.totalCount', values.map((v) => [v]))
    t.same(counts, { values: [expected.total, 0], statements: 1 }, `${field} ${JSON.stringify(filter)}: totalCount`)
  }
})

t.test('calls are grouped by their arguments: a bad argument fails its own group only', async (t) => {
  const { values, statements } = await load('Region.children', [
    [{ code: '430000' }, { first: 2 }],
    [{ code: 'CN' }, { first: 0 }],
    [{ code: '430100' }, { first: 2 }],
    [{ code: '430000' }, { first: 2, orderBy: [{ field: 'code', direction: 'desc' }] }],
    [{ code: '430000' }, { first: 0 }],
  ])
  t.equal(statements, 2, 'two good groups, a statement each')
  t.same(values[0].nodes.map((r: Json) => r.code), (await restList('/v1/regions?parent=430000', 'code')).ids.slice(0, 2))
  t.same(values[2].nodes.map((r: Json) => r.code), (await restList('/v1/regions?parent=430100', 'code')).ids.slice(0, 2))
  t.same(values[3].nodes.map((r: Json) => r.code), (await restList('/v1/regions?parent=430000&sort=-code', 'code')).ids.slice(0, 2))
  for (const bad of [values[1], values[4]]) {
    t.ok(bad instanceof Error)
    t.match(bad, { code: 'CF_BAD_PARAMETER', parameter: 'first', message: 'Invalid value for parameter first: must be an integer from 1 to 1000; got 0' })
  }
  const filtered = await load('Region.children', [[{ code: '430000' }, { filter: { parent: [] } }], [{ code: '430000' }, { filter: { level: ['prefecture'] } }]])
  t.match(filtered.values[0], { parameter: 'parent', message: /the list is empty/ })
  t.equal(filtered.values[1].nodes.length, 14)
  t.equal(filtered.statements, 1)
})

t.test('totalCount: one count per list, relation and filter, for all its parents; a count that fails fails its own group only', async (t) => {
  const conn = async (field: string, obj: Json, params: Json = {}): Promise<Json> => (await load(field, [[obj, params]])).values[0]
  const root = (list: string, filter: Json): Json => ({ count: { list, relation: null, filter, filterKey: JSON.stringify(filter), parent: null } })
  const provinces = await restList('/v1/regions?level=province', 'code')
  const all = await restList('/v1/regions', 'code')
  const mixed = [
    root('regions', {}),
    root('regions', { level: ['province'] }),
    await conn('Region.children', { code: '430000' }),
    await conn('Region.children', { code: 'CN' }),
    root('regions', {}),
    root('organs', {}),
    root('indicators', { region: ['999999'] }),
    await conn('Region.organs', { code: '430000' }),
    await conn('Organ.children', { id: 'no-such-organ' }),
  ]
  const { values, statements } = await load('RegionConnection.totalCount', mixed.map((c) => [c]))
  const organs = await restList('/v1/organs')
  t.same(values.slice(0, 6), [all.total, provinces.total, 14, provinces.total, all.total, organs.total], 'lists, filters and relations apart')
  t.match(values[6], { code: 'CF_BAD_PARAMETER', parameter: 'region' }, 'the failing count')
  t.same(values.slice(7), [(await restList('/v1/organs?region=430000')).total, 0], 'relations of one list apart')
  // regions, regions of provinces, Region.children for both parents, organs, Region.organs, Organ.children.
  t.equal(statements, 6)
})

t.test('the example query: every province with its three most recent indicators, their metric, organ and source', async (t) => {
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
  const log: string[] = []
  const prepare = app.queries.sqlite.prepare.bind(app.queries.sqlite)
  app.queries.sqlite.prepare = ((sql: string) => { log.push(sql); return prepare(sql) }) as typeof app.queries.sqlite.prepare
  t.teardown(() => { app.queries.sqlite.prepare = prepare })
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
