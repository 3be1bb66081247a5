// REST and GraphQL answer alike: for every list resource, the same filters and sort give the same
// ids in the same order, the same totals and the same cursors, page after page.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { build } from '../helper.js'

type Json = Record<string, any>
type Filter = Record<string, string[] | string | number | boolean>
interface Case { filter?: Filter, sort?: string }

const RESOURCES: Record<string, { key: string, type: string }> = {
  regions: { key: 'code', type: 'Region' },
  organs: { key: 'id', type: 'Organ' },
  events: { key: 'id', type: 'Event' },
  metrics: { key: 'code', type: 'Metric' },
  indicators: { key: 'id', type: 'Indicator' },
  documents: { key: 'id', type: 'Document' },
}

/** The REST query string of a filter: lists joined with commas, as the REST contract takes them. */
function restQuery (c: Case, limit: number, cursor?: string | null): string {
  const p = new URLSearchParams({ limit: String(limit), count: 'true' })
  for (const [k, v] of Object.entries(c.filter ?? {})) p.set(k, Array.isArray(v) ? v.join(',') : String(v))
  if (c.sort) p.set('sort', c.sort)
  if (cursor) p.set('cursor', cursor)
  return p.toString()
}

/** REST's `sort=-date,value` as GraphQL's orderBy. */
function orderBy (sort?: string): Array<{ field: string, direction: string }> | null {
  if (!sort) return null
  return sort.split(',').map((s) => ({ field: s.replace(/^-/, ''), direction: s.startsWith('-') ? 'desc' : 'asc' }))
}

interface Page { ids: string[], next: string | null, total: number }

async function restPage (app: FastifyInstance, resource: string, c: Case, limit: number, cursor: string | null): Promise<Page> {
  const res = await app.inject(`/v1/${resource}?${restQuery(c, limit, cursor)}`)
  if (res.statusCode !== 200) throw new Error(`REST ${resource} ${restQuery(c, limit)}: ${res.body}`)
  const body = res.json()
  return { ids: body.data.map((x: Json) => x[RESOURCES[resource]!.key]), next: body.page.next, total: body.total }
}

async function graphqlPage (app: FastifyInstance, resource: string, c: Case, first: number, after: string | null): Promise<Page> {
  const { key, type } = RESOURCES[resource]!
  const query = `query($first: Int, $after: String, $filter: ${type}Filter, $orderBy: [${type}Order!]) {
    ${resource}(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ${key} }
    }
  }`
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables: { first, after, filter: c.filter ?? null, orderBy: orderBy(c.sort) } } })
  const body = res.json()
  if (res.statusCode !== 200 || body.errors) throw new Error(`GraphQL ${resource} ${JSON.stringify(c)}: ${JSON.stringify(body.errors)}`)
  const conn = body.data[resource]
  return { ids: conn.nodes.map((x: Json) => x[key]), next: conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null, total: conn.totalCount }
}

async function compare (t: Test, app: FastifyInstance, resource: string, c: Case): Promise<void> {
  const label = `${resource}?${restQuery(c, 0).replace(/^limit=0&count=true&?/, '')}`
  // One big page, then smaller pages followed by cursor: both must agree item by item.
  const r = await restPage(app, resource, c, 1000, null)
  const g = await graphqlPage(app, resource, c, 1000, null)
  t.ok(r.ids.length > 0, `${label}: REST finds items (${r.ids.length})`)
  t.same(g.ids, r.ids, `${label}: same ids in the same order`)
  t.equal(g.total, r.total, `${label}: same total`)
  t.equal(g.next, r.next, `${label}: same cursor after the first page`)
  const size = Math.max(2, Math.ceil(r.ids.length / 3))
  let rc: string | null = null
  let gc: string | null = null
  const rAll: string[] = []
  const gAll: string[] = []
  do {
    const rp = await restPage(app, resource, c, size, rc)
    const gp = await graphqlPage(app, resource, c, size, gc)
    rAll.push(...rp.ids)
    gAll.push(...gp.ids)
    t.equal(gp.next, rp.next, `${label}: the same cursor after ${rAll.length} items`)
    rc = rp.next
    gc = gp.next
  } while (rc && gc)
  t.same(gAll, rAll, `${label}: paging through both gives the same full list`)
  t.equal(rAll.length, r.total, `${label}: every item once`)
  t.same(rAll.slice(0, r.ids.length), r.ids, `${label}: pages continue the big page's order`)
}

t.test('every list resource answers alike through REST and GraphQL', async (t) => {
  const app = await build(t)
  // Ids taken from the data, so the cases follow the curated seed.
  const someOrgan = (await app.inject('/v1/organs?limit=1000')).json().data.find((o: Json) => o.parentId)
  const someEvent = (await app.inject('/v1/events?limit=1000')).json().data.find((e: Json) => e.parentId)
  const someDoc = (await app.inject('/v1/documents')).json().data[0]
  const someMetric = (await app.inject('/v1/indicators?limit=1')).json().data[0].metric

  const cases: Record<string, Case[]> = {
    regions: [
      {},
      { filter: { level: ['province'] } },
      { filter: { level: ['prefecture', 'county'], parent: ['430000', '430700'] }, sort: '-name' },
      { filter: { q: '常德' } },
      { filter: { hasData: true }, sort: 'level,-code' },
      { filter: { hasData: false, level: ['province'] }, sort: 'name' },
    ],
    organs: [
      {},
      { filter: { region: ['430000'] } },
      { filter: { kind: [someOrgan.kind] }, sort: 'name' },
      { filter: { parent: [someOrgan.parentId] }, sort: '-region,id' },
      { filter: { level: ['county', 'grassroots'] }, sort: 'kind,-name' },
      { filter: { q: 'court' } },
    ],
    events: [
      {},
      { filter: { region: ['430000'] }, sort: 'start' },
      { filter: { parent: [someEvent.parentId] }, sort: '-start' },
      { filter: { from: '2021-07', to: '2021-12' }, sort: 'title' },
      { filter: { kind: ['meeting', 'campaign_phase'] }, sort: 'kind,-id' },
      { filter: { organ: [someOrgan.parentId] } },
      { filter: { q: 'education' } },
    ],
    metrics: [
      {},
      { filter: { category: [someMetric.category] }, sort: '-name' },
      { filter: { q: 'warning' } },
      { filter: { dimension: ['activity', 'form'] }, sort: '-name' },
      { sort: 'category,-code' },
    ],
    indicators: [
      {},
      { filter: { region: ['430000'] }, sort: '-date,value' },
      { filter: { region: ['430000'], regionScope: 'exact' } },
      { filter: { metric: [`${someMetric.category}.*`] }, sort: '-value' },
      { filter: { category: [someMetric.category] }, sort: 'metric,-date' },
      { filter: { event: [someEvent.parentId] }, sort: 'date' },
      { filter: { document: [someDoc.id] }, sort: 'position' },
      { filter: { from: '2021-06', to: '2021-12' }, sort: 'document,position' },
      { filter: { qualifier: ['more_than', 'nearly', 'approximately', 'at_least'] }, sort: 'region,-value' },
      { filter: { minValue: 1000, maxValue: 1000000 }, sort: '-value' },
      { filter: { unit: ['persons', 'people', 'cases'] } },
      { filter: { q: 'police' }, sort: 'category' },
      { filter: { dimension: ['activity:report_meeting', 'activity:all'] }, sort: '-value' },
      { filter: { dimension: ['activity:report_meeting'], phase: ['first-batch'] }, sort: 'region' },
      { filter: { phase: ['first-batch', 'second-batch'] }, sort: 'document,position' },
      { filter: { inferred: true }, sort: '-date' },
      { filter: { inferred: false, dateBasis: ['context'] } },
      { filter: { valueBasis: ['stated'], regionBasis: ['inferred'] }, sort: 'metric' },
    ],
    documents: [
      {},
      { filter: { language: ['en'] }, sort: '-publishedAt' },
      { sort: 'id' },
    ],
  }
  t.same(Object.keys(cases).sort(), Object.keys(RESOURCES).sort(), 'every list resource is covered')
  for (const [resource, list] of Object.entries(cases)) {
    for (const c of list) await compare(t, app, resource, c)
  }
})

t.test('nested lists answer as the REST filter of the same meaning', async (t) => {
  const app = await build(t)
  const query = async (q: string): Promise<Json> => {
    const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query: q } })
    t.equal(res.statusCode, 200)
    return res.json().data
  }
  const data = {
    ...await query(`{ regions(first: 50, filter: { hasData: true }) { nodes { code
      indicators(first: 200, orderBy: [{ field: date, direction: desc }]) { nodes { id } }
      organs(first: 100) { nodes { id } }
      events(first: 100) { nodes { id } } } } }`),
    ...await query('{ metrics(first: 200) { nodes { code indicators(first: 200) { nodes { id } } } } }'),
    ...await query('{ documents { nodes { id indicators(first: 200, orderBy: [{ field: position }]) { nodes { id } } } } }'),
  }
  const restIds = async (url: string, key = 'id'): Promise<string[]> => (await app.inject(url)).json().data.map((x: Json) => x[key])
  t.ok(data.regions.nodes.length > 3)
  for (const r of data.regions.nodes) {
    t.same(r.indicators.nodes.map((x: Json) => x.id), await restIds(`/v1/indicators?region=${r.code}&sort=-date&limit=200`), `Region ${r.code}.indicators`)
    t.same(r.organs.nodes.map((x: Json) => x.id), await restIds(`/v1/organs?region=${r.code}&limit=100`), `Region ${r.code}.organs`)
    t.same(r.events.nodes.map((x: Json) => x.id), await restIds(`/v1/events?region=${r.code}&limit=100`), `Region ${r.code}.events`)
  }
  for (const m of data.metrics.nodes.slice(0, 20)) {
    t.same(m.indicators.nodes.map((x: Json) => x.id), await restIds(`/v1/indicators?metric=${m.code}&limit=200`), `Metric ${m.code}.indicators`)
  }
  for (const d of data.documents.nodes) {
    t.same(d.indicators.nodes.map((x: Json) => x.id), await restIds(`/v1/indicators?document=${d.id}&sort=position&limit=200`), `Document ${d.id}.indicators`)
  }
})
