// Every root field and every relation of the GraphQL schema, checked against the real dataset and
// against what REST answers for the same thing.
import t from 'tap'
import { build, gql, rest } from '../helper.js'

type Json = Record<string, any>

const ids = (items: Json[], key = 'id'): string[] => items.map((i) => i[key])

t.test('dataset', async (t) => {
  const app = await build(t)
  const data = await gql(app, '{ dataset { name version counts { documents regions organs events metrics indicators citations } } }')
  const v1 = await rest(app, '/v1')
  t.same(data.dataset, { name: 'campaign-facts', version: v1.version, counts: v1.counts })
  t.equal(data.dataset.counts.regions, 3235)
})

t.test('region and regions, with parent, ancestors, children, organs, events and indicators', async (t) => {
  const app = await build(t)
  const data = await gql(app, `{
    wangcheng: region(code: "430112") { code name nameZh level parent { code name } ancestors { code level } }
    hunan: region(code: "430000") {
      code name nameZh nameZhHant level parentCode hasData
      parent { code }
      ancestors { code }
      children(first: 100) { totalCount nodes { code parentCode } }
      organs(first: 1000) { totalCount nodes { id } }
      events(first: 1000) { totalCount nodes { id } }
      indicators(first: 1000) { totalCount nodes { id region { code } } }
      exact: indicators(first: 1000, filter: { regionScope: exact }) { totalCount nodes { region { code } } }
    }
    nowhere: region(code: "999999") { code }
    provinces: regions(first: 100, filter: { level: [province] }) { totalCount nodes { code level } }
  }`)
  t.same(data.wangcheng, {
    code: '430112', name: 'Wangcheng District', nameZh: '望城区', level: 'county',
    parent: { code: '430100', name: 'Changsha' }, ancestors: [{ code: 'CN', level: 'country' }, { code: '430000', level: 'province' }, { code: '430100', level: 'prefecture' }],
  })
  const h = data.hunan
  const detail = (await rest(app, '/v1/regions/430000')).data
  t.same({ code: h.code, name: h.name, nameZh: h.nameZh, nameZhHant: h.nameZhHant, level: h.level, parentCode: h.parentCode, hasData: h.hasData },
    { code: detail.code, name: detail.name, nameZh: detail.nameZh, nameZhHant: detail.nameZhHant, level: detail.level, parentCode: detail.parentCode, hasData: detail.hasData })
  t.equal(h.name, 'Hunan')
  t.same(h.parent, { code: 'CN' })
  t.same(h.ancestors, [{ code: 'CN' }])
  t.same(ids(h.children.nodes, 'code'), ids(detail.children, 'code'), 'children as REST lists them')
  t.equal(h.children.totalCount, 14)
  t.ok(h.children.nodes.every((c: Json) => c.parentCode === '430000'))
  const organs = (await rest(app, '/v1/organs?region=430000&limit=1000')).data
  t.same(ids(h.organs.nodes), ids(organs), 'organs in Hunan and the regions inside it')
  t.ok(h.organs.totalCount > 0 && h.organs.totalCount === organs.length)
  const events = (await rest(app, '/v1/events?region=430000&limit=1000')).data
  t.same(ids(h.events.nodes), ids(events))
  t.ok(h.events.totalCount > 0 && h.events.totalCount === events.length)
  t.equal(h.indicators.totalCount, detail.indicatorCount, 'indicators of Hunan and the regions inside it')
  t.same(ids(h.indicators.nodes), ids((await rest(app, '/v1/indicators?region=430000&limit=1000')).data))
  t.ok(h.indicators.nodes.some((i: Json) => i.region.code !== '430000'), 'includes indicators about prefectures of Hunan')
  t.ok(h.exact.totalCount > 0 && h.exact.totalCount < h.indicators.totalCount)
  t.ok(h.exact.nodes.every((i: Json) => i.region.code === '430000'), 'regionScope: exact keeps Hunan itself only')
  t.equal(data.nowhere, null, 'an unknown code is null, not an error')
  t.equal(data.provinces.totalCount, 34)
  t.ok(data.provinces.nodes.every((r: Json) => r.level === 'province'))
})

t.test('organ and organs, with region, parent, children, events (with roles), indicators and citations', async (t) => {
  const app = await build(t)
  // The organ with the most child organs, and its REST detail.
  const all = (await rest(app, '/v1/organs?limit=1000')).data as Json[]
  const children = new Map<string, number>()
  for (const o of all) if (o.parentId) children.set(o.parentId, (children.get(o.parentId) ?? 0) + 1)
  const id = [...children.entries()].sort((a, b) => b[1] - a[1])[0]![0]
  const detail = (await rest(app, `/v1/organs/${id}`)).data
  t.ok(detail.children.length > 1 && detail.events.length > 0, `${id} has children and events`)
  const data = await gql(app, `query($id: String!) {
    organ(id: $id) {
      id name nameZh kind level parentId inferred note
      region { code name }
      parent { id }
      children(first: 1000) { totalCount nodes { id parentId } }
      events(first: 1000) { totalCount edges { roles node { id title } } }
      indicators(first: 1000) { totalCount nodes { id organ { id } } }
      citations { quote start end document { id } }
    }
    nothing: organ(id: "no-such-organ") { id }
    organs(first: 1000) { totalCount nodes { id } }
  }`, { id })
  const o = data.organ
  t.same({ id: o.id, name: o.name, nameZh: o.nameZh, kind: o.kind, level: o.level, parentId: o.parentId, inferred: o.inferred, note: o.note },
    { id: detail.id, name: detail.name, nameZh: detail.nameZh, kind: detail.kind, level: detail.level, parentId: detail.parentId, inferred: detail.inferred, note: detail.note })
  t.same(o.region, { code: detail.region.code, name: detail.region.name })
  t.same(o.parent, detail.parent ? { id: detail.parent.id } : null)
  t.same(ids(o.children.nodes), ids(detail.children))
  t.ok(o.children.nodes.every((c: Json) => c.parentId === id))
  t.equal(o.children.totalCount, detail.children.length)
  const restEvents = new Map<string, string[]>()
  for (const e of detail.events) restEvents.set(e.id, [...(restEvents.get(e.id) ?? []), e.role])
  t.same(o.events.edges.map((e: Json) => [e.node.id, [...e.roles].sort()]), [...restEvents.entries()].sort().map(([k, v]) => [k, v.sort()]), 'events with the organ\'s roles')
  t.equal(o.events.totalCount, restEvents.size)
  t.equal(o.indicators.totalCount, detail.indicatorCount)
  t.ok(o.indicators.nodes.every((i: Json) => i.organ.id === id))
  t.same(o.citations.map((c: Json) => ({ documentId: c.document.id, quote: c.quote, start: c.start, end: c.end })), detail.citations)
  t.equal(data.nothing, null)
  t.equal(data.organs.totalCount, all.length)
  t.same(ids(data.organs.nodes), ids(all))
})

t.test('event and events, with parent, children, region, organs, indicators and citations', async (t) => {
  const app = await build(t)
  const detail = (await rest(app, '/v1/events/first-batch')).data
  const data = await gql(app, `{
    event(id: "first-batch") {
      id title titleZh kind startDate startPrecision endDate endPrecision parentId description inferred note
      region { code }
      parent { id title }
      children(first: 1000, orderBy: [{ field: start }]) { totalCount nodes { id parentId } }
      organs(first: 1000) { totalCount edges { roles node { id } } }
      indicators(first: 1000) { totalCount nodes { id event { id } } }
      citations { quote start end document { id } }
    }
    campaign: event(id: "education-rectification-2021") { organs(first: 100) { edges { roles node { id name kind } } } }
    nothing: event(id: "no-such-event") { id }
  }`)
  const e = data.event
  t.same(e.startDate, '2021-02')
  t.same(e.startPrecision, 'month')
  for (const k of ['id', 'title', 'titleZh', 'kind', 'startDate', 'startPrecision', 'endDate', 'endPrecision', 'parentId', 'description', 'inferred', 'note']) {
    t.same(e[k], detail[k], k)
  }
  t.same(e.region, { code: detail.region.code })
  t.same(e.parent, { id: detail.parent.id, title: detail.parent.title })
  t.same(ids(e.children.nodes), ids(detail.children), 'children in REST order: by start, then id')
  t.equal(e.children.totalCount, detail.children.length)
  t.ok(e.children.totalCount > 1)
  t.equal(e.indicators.totalCount, detail.indicatorCount, 'indicators of the event and its child events')
  const allEvents = (await rest(app, '/v1/events?limit=1000')).data as Json[]
  const tree = new Set(['first-batch'])
  for (let grew = true; grew;) {
    grew = false
    for (const x of allEvents) if (x.parentId && tree.has(x.parentId) && !tree.has(x.id)) grew = Boolean(tree.add(x.id))
  }
  t.ok(e.indicators.nodes.every((i: Json) => tree.has(i.event.id)), 'every indicator is of the event or one of its descendants')
  t.ok(e.indicators.nodes.some((i: Json) => i.event.id !== 'first-batch'), 'includes indicators of child events')
  t.same(e.citations.map((c: Json) => ({ documentId: c.document.id, quote: c.quote, start: c.start, end: c.end })), detail.citations)
  t.ok(e.citations.length > 0)
  const campaign = (await rest(app, '/v1/events/education-rectification-2021')).data
  t.ok(campaign.organs.length > 0)
  t.same(
    data.campaign.organs.edges.map((x: Json) => ({ id: x.node.id, name: x.node.name, kind: x.node.kind, roles: x.roles })),
    campaign.organs.map((x: Json) => ({ id: x.id, name: x.name, kind: x.kind, roles: [x.role] })),
    'organs with their roles',
  )
  t.equal(data.nothing, null)
})

t.test('metric and metrics, with indicators', async (t) => {
  const app = await build(t)
  const first = (await rest(app, '/v1/indicators?limit=1&sort=metric')).data[0]
  const code = first.metric.code
  const detail = (await rest(app, `/v1/metrics/${code}`)).data
  const data = await gql(app, `query($code: String!) {
    metric(code: $code) {
      code name unit category description indicatorCount
      dimensions { name label description values { value label total } }
      coverage { count firstDate lastDate regions { code name nameZh level count } documents { id title count } }
      indicators(first: 1000) { totalCount nodes { id metric { code } } }
    }
    nothing: metric(code: "no.such.metric") { code }
    metrics(first: 1000, filter: { category: ["education"] }) { totalCount nodes { code category } }
  }`, { code })
  const { indicators, ...fields } = data.metric
  t.same(fields, detail)
  t.equal(detail.coverage.count, indicators.totalCount, 'the coverage counts the indicators')
  t.equal(indicators.totalCount, detail.indicatorCount)
  t.same(ids(indicators.nodes), ids((await rest(app, `/v1/indicators?metric=${code}&limit=1000`)).data))
  t.ok(indicators.nodes.every((i: Json) => i.metric.code === code))
  t.equal(data.nothing, null)
  t.ok(data.metrics.totalCount > 0 && data.metrics.nodes.every((m: Json) => m.category === 'education'))
})

t.test('indicator and indicators, with metric, region, organ, event and source', async (t) => {
  const app = await build(t)
  // An indicator that has an organ and an event, as REST gives it.
  const all = (await rest(app, '/v1/indicators?limit=1000')).data as Json[]
  const r = all.find((i) => i.organ && i.event && i.phase && Object.keys(i.dimensions).length > 0 && i.dateBasis !== 'stated')!
  t.ok(r, 'an indicator with an organ, an event, a phase, a dimension and a date basis')
  const data = await gql(app, `query($id: String!) {
    indicator(id: $id) {
      id value valueText unit qualifier date datePrecision periodStart periodStartPrecision
      valueBasis valueNote dateBasis dateNote regionBasis regionNote inferred note
      dimensions { name value label }
      metric { code name unit category }
      region { code name nameZh level }
      organ { id name kind }
      event { id title }
      phase { id title }
      source { quote start end document { id } }
    }
    nothing: indicator(id: "no-such-indicator") { id }
    indicators(first: 1000) { totalCount nodes { id } }
  }`, { id: r.id })
  const i = data.indicator
  t.same({
    ...i,
    metric: i.metric,
    dimensions: Object.fromEntries(i.dimensions.map((d: Json) => [d.name, d.value])),
    source: { documentId: i.source.document.id, quote: i.source.quote, start: i.source.start, end: i.source.end },
  }, {
    id: r.id, value: r.value, valueText: r.valueText, unit: r.unit, qualifier: r.qualifier, date: r.date, datePrecision: r.datePrecision,
    periodStart: r.periodStart, periodStartPrecision: r.periodStartPrecision,
    valueBasis: r.valueBasis, valueNote: r.valueNote, dateBasis: r.dateBasis, dateNote: r.dateNote, regionBasis: r.regionBasis, regionNote: r.regionNote,
    inferred: r.inferred, note: r.note, dimensions: r.dimensions,
    metric: r.metric, region: r.region, organ: r.organ, event: r.event, phase: r.phase, source: r.source,
  }, 'the same indicator as REST')
  t.ok(i.dimensions.every((d: Json) => d.label.length > 0), 'dimension values carry their labels')
  const text = (await app.inject(`/v1/documents/${r.source.documentId}/text`)).body
  t.equal(text.slice(i.source.start, i.source.end), i.source.quote, 'the source offsets point at the quote')
  t.equal(data.nothing, null)
  t.equal(data.indicators.totalCount, all.length)
})

t.test('dates keep their precision', async (t) => {
  const app = await build(t)
  const data = await gql(app, `{
    indicators(first: 1000) { nodes { date datePrecision periodStart periodStartPrecision } }
    events(first: 1000) { nodes { startDate startPrecision endDate endPrecision } }
    documents { nodes { publishedAt publishedAtPrecision } }
  }`)
  const length = { year: 4, month: 7, day: 10 } as Record<string, number>
  const seen = new Set<string>()
  const check = (date: string | null, precision: string | null, what: string): void => {
    if (date === null) {
      t.equal(precision, null, `${what} without date has no precision`)
      return
    }
    seen.add(precision!)
    if (date.length !== length[precision!]) t.fail(`${what} ${date} is not of ${precision} precision`)
  }
  for (const i of data.indicators.nodes) {
    check(i.date, i.datePrecision, 'indicator date')
    check(i.periodStart, i.periodStartPrecision, 'indicator periodStart')
  }
  for (const e of data.events.nodes) {
    check(e.startDate, e.startPrecision, 'event start')
    check(e.endDate, e.endPrecision, 'event end')
  }
  for (const d of data.documents.nodes) check(d.publishedAt, d.publishedAtPrecision, 'document publishedAt')
  t.same([...seen].sort(), ['day', 'month', 'year'], 'every precision occurs, each with its own length')
  t.ok(data.indicators.nodes.some((i: Json) => i.date === '2021'), 'a year stays a year: "2021", not "2021-01-01"')
})

t.test('document and documents, with region, text, spans, indicators and events', async (t) => {
  const app = await build(t)
  const list = (await rest(app, '/v1/documents')).data as Json[]
  const id = list.find((d) => d.regionCode && d.regionCode !== 'CN')?.id ?? list[0].id
  const detail = (await rest(app, `/v1/documents/${id}`)).data
  const data = await gql(app, `query($id: String!) {
    document(id: $id) {
      id fileName sha256 title titleOriginal language publisher provenance publishedAt publishedAtPrecision regionCode inferred note charCount
      region { code }
      text normalizedText
      spans { type id start end quote }
      indicators(first: 1000) { totalCount nodes { id source { document { id } } } }
      events(first: 1000) { totalCount nodes { id } }
    }
    nothing: document(id: "no-such-document") { id }
    documents(first: 10) { totalCount nodes { id } }
  }`, { id })
  const d = data.document
  const { text, normalizedText, spans, ...summary } = detail
  for (const [k, v] of Object.entries(summary)) t.same(d[k], v, k)
  t.same(d.region, { code: detail.regionCode })
  t.equal(d.text, text)
  t.equal(d.text, (await app.inject(`/v1/documents/${id}/text`)).body)
  t.equal(d.normalizedText, normalizedText)
  t.same(d.spans, spans)
  t.same(ids(d.indicators.nodes), ids((await rest(app, `/v1/indicators?document=${id}&limit=1000`)).data))
  t.ok(d.indicators.totalCount > 0 && d.indicators.nodes.every((i: Json) => i.source.document.id === id))
  const cited = [...new Set(spans.filter((s: Json) => s.type === 'event').map((s: Json) => s.id as string))].sort()
  t.ok(cited.length > 0)
  t.same(ids(d.events.nodes), cited, 'the events the document cites')
  t.equal(data.nothing, null)
  t.equal(data.documents.totalCount, list.length)
  t.same(ids(data.documents.nodes), ids(list))
})

t.test('indicatorSummary answers as /v1/indicators/summary', async (t) => {
  const app = await build(t)
  for (const [groupBy, rollup, filter, qs] of [
    [['region'], null, null, ''],
    [['metric'], null, { region: ['430000'] }, '&region=430000'],
    [['year'], null, { category: ['education'] }, '&category=education'],
    [['organKind'], null, { from: '2021-06', to: '2021-12' }, '&from=2021-06&to=2021-12'],
    [['region', 'phase'], 'province', { region: ['430000'] }, '&region=430000&rollup=province'],
    [['form'], null, { metric: ['discipline.*'] }, '&metric=discipline.*'],
  ] as const) {
    const data = await gql(app, `query($f: IndicatorFilter, $g: [IndicatorGroupBy!]!, $r: RollupLevel) { indicatorSummary(filter: $f, groupBy: $g, rollup: $r) {
      groupBy rollup rows { key unit count summed sum sumNote min max basis metric { code } region { code } phase { id } year
        documents { id } indicators { id } dimensions { name value } } omitted { reason count indicatorIds } } }`, { f: filter, g: groupBy, r: rollup })
    const expected = await rest(app, `/v1/indicators/summary?groupBy=${groupBy.join(',')}${qs}`)
    t.ok(expected.data.length > 0, `${groupBy}${qs} has groups`)
    const s = data.indicatorSummary
    t.same(s.groupBy, expected.groupBy)
    t.equal(s.rollup, expected.rollup)
    t.same(s.rows.map((r: Json) => ({
      key: r.key, unit: r.unit, count: r.count, summed: r.summed, sum: r.sum, sumNote: r.sumNote, min: r.min, max: r.max, basis: r.basis,
      metric: r.metric.code, region: r.region?.code, phase: r.phase?.id, year: r.year ?? undefined,
      documents: r.documents.map((d: Json) => d.id), indicators: r.indicators.map((i: Json) => i.id),
      dimensions: r.dimensions ? Object.fromEntries(r.dimensions.map((d: Json) => [d.name, d.value])) : undefined,
    })), expected.data.map((r: Json) => ({
      key: r.key, unit: r.unit, count: r.count, summed: r.summed, sum: r.sum, sumNote: r.sumNote, min: r.min, max: r.max, basis: r.basis,
      metric: r.metric.code, region: r.region?.code, phase: r.phase?.id, year: r.year, documents: r.documents, indicators: r.indicators, dimensions: r.dimensions,
    })), `groupBy ${groupBy}${qs}`)
    t.same(s.omitted.map((o: Json) => [o.reason, o.count, o.indicatorIds]), expected.omitted.map((o: Json) => [o.reason, o.count, o.indicators]))
  }
})

t.test('connections page with cursors that continue where they stopped', async (t) => {
  const app = await build(t)
  const q = `query($after: String) { indicators(first: 7, after: $after, orderBy: [{ field: date, direction: desc }]) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } nodes { id } } }`
  const seen: string[] = []
  let after: string | null = null
  let pages = 0
  let total = 0
  do {
    const c: Json = (await gql(app, q, { after })).indicators
    t.same(c.edges.map((e: Json) => e.node.id), ids(c.nodes), 'edges and nodes agree')
    t.equal(c.pageInfo.endCursor, c.edges[c.edges.length - 1]?.cursor ?? null)
    seen.push(...ids(c.nodes))
    total = c.totalCount
    after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null
    pages++
  } while (after)
  t.equal(seen.length, total, 'every item once')
  t.equal(new Set(seen).size, total)
  t.equal(pages, Math.ceil(total / 7))
  t.same(seen, ids((await rest(app, '/v1/indicators?limit=1000&sort=-date')).data))
  // A cursor from the middle of a page continues right after that item.
  const firstPage = (await gql(app, q, { after: null })).indicators
  const mid = (await gql(app, q, { after: firstPage.edges[2].cursor })).indicators
  t.same(ids(mid.nodes).slice(0, 4), ids(firstPage.nodes).slice(3))
})
