// The REST contract through app.inject: every resource and filter, pagination, formats, caching,
// errors, and the query plans of the hot indicator queries.
import t from 'tap'
import { parse } from 'csv-parse/sync'
import { build } from '../helper.js'
import { columnsOf, flatten } from '../../src/routes/http.js'
import { Indicator } from '../../src/routes/schemas.js'
import { planList } from '../../src/queries/core.js'

type Json = Record<string, any>

t.test('lists and items of every resource', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string]> = [
    ['/v1/regions', '/v1/regions/430700'],
    ['/v1/organs', '/v1/organs/supreme-peoples-court'],
    ['/v1/events', '/v1/events/first-batch'],
    ['/v1/metrics', '/v1/metrics/education.warning.sessions'],
    ['/v1/documents', '/v1/documents/first-batch-results-2021'],
  ]
  for (const [list, item] of cases) {
    const l = await app.inject(list)
    t.equal(l.statusCode, 200, list)
    t.ok(l.json().data.length > 0, `${list} has data`)
    t.equal(l.json().page.limit, 50)
    const i = await app.inject(item)
    t.equal(i.statusCode, 200, item)
    t.ok(i.json().data, `${item} has data`)
  }
  const ind = (await app.inject('/v1/indicators?limit=1')).json().data[0]
  const one = await app.inject(`/v1/indicators/${ind.id}`)
  t.same(one.json().data, ind, 'an indicator is the same in the list and alone')
})

t.test('a region with parent, children and ancestors', async (t) => {
  const app = await build(t)
  const r = (await app.inject('/v1/regions/430112')).json().data
  t.equal(r.name, 'Wangcheng District')
  t.equal(r.parent.code, '430100')
  t.same(r.ancestors.map((a: Json) => a.code), ['CN', '430000', '430100'])
  const hunan = (await app.inject('/v1/regions/430000')).json().data
  t.ok(hunan.children.some((c: Json) => c.code === '430700'))
  t.ok(hunan.indicatorCount > 0)
  const provinces = (await app.inject('/v1/regions?level=province&limit=100')).json().data
  t.equal(provinces.length, 34)
  t.same((await app.inject('/v1/regions?q=長沙市')).json().data.map((x: Json) => x.code), ['430100'], 'Traditional characters find Simplified names')
  t.same((await app.inject('/v1/regions?q=changde')).json().data.map((x: Json) => x.code), ['430700'])
  const withData = (await app.inject('/v1/regions?hasData=true&limit=1000')).json().data
  t.ok(withData.every((x: Json) => x.hasData) && withData.some((x: Json) => x.code === '430000'))
})

t.test('indicator filters', async (t) => {
  const app = await build(t)
  const all = async (qs: string): Promise<Json[]> => (await app.inject(`/v1/indicators?limit=1000&${qs}`)).json().data
  const hunan = await all('region=430000')
  t.ok(hunan.some((i) => i.region.code === '430700'), 'region=430000 includes Changde')
  t.ok(hunan.every((i) => i.region.code.startsWith('43')))
  const exact = await all('region=430000&regionScope=exact')
  t.ok(exact.length < hunan.length && exact.every((i) => i.region.code === '430000'))
  const edu = await all('metric=education.*')
  t.ok(edu.length > 0 && edu.every((i) => i.metric.code.startsWith('education.')))
  t.same((await all('category=education')).map((i) => i.id), edu.map((i) => i.id))
  const courts = await all('organKind=court')
  t.ok(courts.length > 0 && courts.every((i) => i.organ.kind === 'court'))
  const firstBatch = await all('event=education-rectification-2021')
  t.ok(firstBatch.some((i) => i.event?.id === 'first-batch'), 'event includes child events')
  const doc = await all('document=liaoning-second-batch-2022')
  t.ok(doc.length > 0 && doc.every((i) => i.source.documentId === 'liaoning-second-batch-2022'))
  const ranged = await all('from=2021-07&to=2021-12')
  t.ok(ranged.length > 0 && ranged.every((i) => i.date.slice(0, 7) >= '2021' && i.date <= '2021-12\uffff'))
  const big = await all('minValue=100000')
  t.ok(big.length > 0 && big.every((i) => i.value >= 100000))
  const small = await all('maxValue=10')
  t.ok(small.every((i) => i.value <= 10))
  const mt = await all('qualifier=more_than')
  t.ok(mt.length > 0 && mt.every((i) => i.qualifier === 'more_than'))
  const persons = await all('unit=person_times')
  t.ok(persons.length > 0 && persons.every((i) => i.unit === 'person_times'))
  const zh = await all('q=談心談話')
  t.ok(zh.length > 0, 'q in Traditional Chinese matches')
  const en = await all('q=warning')
  t.ok(en.length > 0)
  const organ = hunan.find((i) => i.organ)?.organ.id
  if (organ) t.ok((await all(`organ=${organ}`)).every((i) => i.organ.id === organ))
  const sorted = await all('sort=-value')
  for (let i = 1; i < sorted.length; i++) if (sorted[i - 1]!.value < sorted[i]!.value) t.fail('sort=-value')
  const source = sorted[0]!.source
  const text = (await app.inject(`/v1/documents/${source.documentId}/text`)).body
  t.equal(text.slice(source.start, source.end), source.quote, 'offsets point at the quote')
})

t.test('the model: dimensions, phases and bases, as fields and filters', async (t) => {
  const app = await build(t)
  const all = async (qs: string): Promise<Json[]> => {
    const res = await app.inject(`/v1/indicators?limit=1000&${qs}`)
    t.equal(res.statusCode, 200, qs)
    return res.json().data
  }
  const shares = await all('metric=discipline.four_forms.share&sort=value')
  t.same(shares.map((i) => [i.dimensions.form, i.value]), [['4', 1.1], ['3', 1.9], ['2', 14], ['1', 83]], 'the four forms are values of one metric')
  t.same((await all('metric=discipline.four_forms.share&dimension=form:1')).map((i) => i.value), [83], 'a dimension filter')
  t.same((await all('metric=discipline.four_forms.share&dimension=form:1,form:2&sort=-value')).map((i) => i.value), [83, 14], 'values of one dimension are alternatives')
  t.same(await all('dimension=form:1,activity:all'), [], 'every dimension named must match')
  const reports = await all('metric=heroes.education.sessions&dimension=activity:report_meeting&phase=first-batch&sort=region')
  t.same(reports.map((i) => [i.region.code, i.value]), [['430000', 1027], ['CN', 35000]], 'first-batch report meetings: Hunan and nationwide, not Liaoning\'s whole campaign')
  t.ok(reports.every((i) => i.phase.id === 'first-batch' && i.dimensions.activity === 'report_meeting'))
  const noDims = (await all('metric=education.warning.participants'))[0]!
  t.same(noDims.dimensions, {}, 'a metric without dimensions gives {}')
  const inferred = await all('inferred=true')
  t.ok(inferred.length > 0 && inferred.every((i) => i.inferred && (i.valueBasis !== 'stated' || i.dateBasis === 'inferred' || i.regionBasis === 'inferred')))
  const notInferred = await all('inferred=false')
  t.equal(inferred.length + notInferred.length, (await all('')).length)
  const context = await all('dateBasis=context')
  t.ok(context.length > 0 && context.every((i) => i.dateBasis === 'context' && i.dateNote), 'a date from the framing has its note')
  t.ok(context.filter((i) => i.valueBasis === 'stated' && i.regionBasis === 'stated').every((i) => !i.inferred), 'and is not an inference')
  const corrected = await all('valueBasis=corrected')
  t.same(corrected.map((i) => [i.id, i.value]), [['d000-changde-wages-recovered', 3128300]])
  t.ok(corrected[0]!.valueNote.length > 20)
  const regions = await all('regionBasis=inferred')
  t.ok(regions.length > 0 && regions.every((i) => i.regionNote))
  t.ok((await all('phase=second-batch')).every((i) => i.phase.id === 'second-batch'))
  const bad: Array<[string, string]> = [
    ['dimension=form', 'dimension'], ['dimension=colour:red', 'dimension'], ['dimension=form:9', 'dimension'],
    ['phase=first-batch-learning-education-stage', 'phase'], ['phase=nope', 'phase'],
    ['valueBasis=guessed', 'valueBasis'], ['dateBasis=stated,maybe', 'dateBasis'], ['regionBasis=context', 'regionBasis'], ['inferred=perhaps', 'inferred'],
  ]
  for (const [qs, parameter] of bad) {
    const res = await app.inject(`/v1/indicators?${qs}`)
    t.equal(res.statusCode, 400, qs)
    t.equal(res.json().parameter, parameter, `${qs} names ${parameter}`)
  }
})

t.test('metrics declare their dimensions and carry their coverage', async (t) => {
  const app = await build(t)
  const m = (await app.inject('/v1/metrics/discipline.four_forms.share')).json().data
  t.same(m.dimensions.map((d: Json) => [d.name, d.values.map((v: Json) => v.value)]), [['form', ['1', '2', '3', '4']]])
  t.ok(m.dimensions[0].label && m.dimensions[0].values.every((v: Json) => v.label && v.total === false))
  t.same(m.coverage, {
    count: 4, firstDate: '2021-07-31', lastDate: '2021-07-31',
    regions: [{ code: 'CN', name: 'China', nameZh: '中国', level: 'country', count: 4 }],
    documents: [{ id: 'second-mobilization-meeting-2021', title: m.coverage.documents[0].title, count: 4 }],
  })
  const individuals = (await app.inject('/v1/metrics/heroes.advanced_individuals.selected')).json().data
  t.same(individuals.coverage.regions.map((r: Json) => [r.code, r.level, r.count]), [['210000', 'province', 1], ['430000', 'province', 1], ['CN', 'country', 1]])
  t.same([individuals.coverage.firstDate, individuals.coverage.lastDate, individuals.indicatorCount], ['2021-06', '2022-02-17', 3])
  t.same(individuals.dimensions, [])
  const hero = (await app.inject('/v1/metrics/heroes.education.sessions')).json().data
  t.same(hero.dimensions[0].values.filter((v: Json) => v.total).map((v: Json) => v.value), ['all'], 'a total value is marked')
  const all = (await app.inject('/v1/metrics?limit=1000')).json().data as Json[]
  const total = (await app.inject('/v1/indicators?count=true&limit=1')).json().total
  t.equal(all.reduce((n, x) => n + x.coverage.count, 0), total, 'the coverage counts add up to the indicators')
  for (const x of all) {
    const regionCount = x.coverage.regions.reduce((n: number, r: Json) => n + r.count, 0)
    const docCount = x.coverage.documents.reduce((n: number, d: Json) => n + d.count, 0)
    if (regionCount !== x.indicatorCount || docCount !== x.indicatorCount) t.fail(`${x.code} coverage`)
  }
  const withForm = (await app.inject('/v1/metrics?dimension=form')).json().data
  t.same(withForm.map((x: Json) => x.code), ['discipline.four_forms.share'])
  t.equal((await app.inject('/v1/metrics?dimension=colour')).statusCode, 400)
  const csv = await app.inject('/v1/metrics?format=csv&limit=5')
  t.match(csv.body.split('\n')[0], /"coverage\.count","coverage\.firstDate","coverage\.lastDate"/)
})

t.test('walking all indicators with limit 1, 7 and 1000 returns each exactly once', async (t) => {
  const app = await build(t)
  const total = (await app.inject('/v1/indicators?count=true&limit=1')).json().total
  for (const limit of [1, 7, 1000]) {
    for (const sort of ['id', '-date,value']) {
      const seen: string[] = []
      let url: string | null = `/v1/indicators?limit=${limit}&sort=${sort}`
      while (url) {
        const res: { statusCode: number, headers: Record<string, unknown>, json: () => Json } = await app.inject(url)
        t.equal(res.statusCode, 200)
        const body: Json = res.json()
        seen.push(...body.data.map((i: Json) => i.id))
        if (body.page.next) t.match(res.headers.link, /rel="next"/)
        url = body.page.next ? `/v1/indicators?limit=${limit}&sort=${sort}&cursor=${body.page.next}` : null
      }
      t.equal(seen.length, total, `limit ${limit} sort ${sort}: ${total} items`)
      t.equal(new Set(seen).size, total, 'no duplicates')
    }
  }
})

t.test('CSV parsed back equals the JSON; NDJSON too; limit=all streams', async (t) => {
  const app = await build(t)
  const json = (await app.inject('/v1/indicators?region=430000&limit=1000')).json().data as Json[]
  const csv = await app.inject({ url: '/v1/indicators?region=430000&limit=1000', headers: { accept: 'text/csv' } })
  t.match(csv.headers['content-type'], /text\/csv/)
  const rows = parse(csv.body, { columns: true }) as Array<Record<string, string>>
  t.equal(rows.length, json.length)
  rows.forEach((row, i) => {
    // Walk each dotted column into the JSON item; a null object flattens to empty cells.
    for (const [k, cell] of Object.entries(row)) {
      const v = k.split('.').reduce<any>((o, part) => (o === null || o === undefined ? o : o[part]), json[i])
      const expected = v === null || v === undefined ? '' : String(v)
      if (cell !== expected) t.fail(`row ${i} column ${k}: ${cell} !== ${expected}`)
    }
  })
  t.same(Object.keys(rows[0]!), columnsOf(Indicator), 'one column per field of the schema, nested objects flattened')
  const flatKeys = new Set(json.flatMap((i) => Object.entries(flatten(i)).filter(([, v]) => v !== null).map(([k]) => k)))
  t.ok([...flatKeys].every((k) => Object.keys(rows[0]!).includes(k)), 'every JSON value has its CSV column')
  t.ok(Object.keys(rows[0]!).some((k) => k.startsWith('dimensions.')), 'dimensions are flattened columns')
  const dimensioned = rows.find((r) => Object.entries(r).some(([k, v]) => k.startsWith('dimensions.') && v !== ''))
  t.ok(dimensioned, 'a figure with a dimension value has it in its column')
  t.pass('every cell matches')
  const nd = await app.inject('/v1/indicators?region=430000&limit=1000&format=ndjson')
  t.same(nd.body.trim().split('\n').map((l) => JSON.parse(l)), json)
  const total = (await app.inject('/v1/indicators?count=true&limit=1')).json().total
  const stream = await app.inject('/v1/indicators?limit=all&format=csv')
  t.equal(parse(stream.body, { columns: true }).length, total)
  const empty = await app.inject('/v1/indicators?minValue=1e15&format=csv')
  t.match(empty.body, /^"id","metric\.code"/, 'an empty CSV still has its header')
})

t.test('summary groups', async (t) => {
  const app = await build(t)
  for (const g of ['region', 'metric', 'category', 'organ', 'organKind', 'document', 'year', 'month', 'phase', 'form', 'region,year']) {
    const res = await app.inject(`/v1/indicators/summary?groupBy=${g}`)
    t.equal(res.statusCode, 200, g)
    const rows = res.json().data as Json[]
    const total = (await app.inject('/v1/indicators?count=true&limit=1')).json().total
    t.equal(rows.reduce((n, r) => n + r.count, 0), total, `${g} groups add up`)
  }
  const byDoc = (await app.inject('/v1/indicators/summary?groupBy=document&region=210000')).json().data
  t.same([...new Set(byDoc.map((r: Json) => r.document.id))], ['liaoning-second-batch-2022'])
  t.ok(byDoc.every((r: Json) => r.key === `${r.metric.code}|liaoning-second-batch-2022`), 'a row per metric and document')
})

t.test('documents carry text and cited spans', async (t) => {
  const app = await build(t)
  const d = (await app.inject('/v1/documents/liaoning-second-batch-2022')).json().data
  t.equal(d.language, 'zh-Hant')
  t.notMatch(d.normalizedText, /\(dòng\)/, 'pinyin readings are stripped from the normalized text')
  t.match(d.text, /\(dòng\)/, 'the raw text keeps them')
  t.ok(d.spans.length > 10)
  for (const s of d.spans) if (d.text.slice(s.start, s.end) !== s.quote) t.fail(`span ${s.type} ${s.id}`)
  const text = await app.inject('/v1/documents/liaoning-second-batch-2022/text')
  t.match(text.headers['content-type'], /^text\/plain; charset=utf-8/)
  t.equal(text.body, d.text)
  t.same((await app.inject('/v1/documents?language=zh-Hant')).json().data.map((x: Json) => x.id), ['liaoning-second-batch-2022'])
})

t.test('ETag, 304, caching and CORS headers', async (t) => {
  const app = await build(t)
  const first = await app.inject('/v1/indicators?limit=5')
  t.ok(first.headers.etag)
  t.equal(first.headers['cache-control'], 'public, max-age=300')
  const again = await app.inject({ url: '/v1/indicators?limit=5', headers: { 'if-none-match': first.headers.etag as string } })
  t.equal(again.statusCode, 304)
  t.equal(again.body, '')
  const other = await app.inject({ url: '/v1/indicators?limit=6', headers: { 'if-none-match': first.headers.etag as string } })
  t.equal(other.statusCode, 200, 'another request has another ETag')
  const cors = await app.inject({ url: '/v1/regions', headers: { origin: 'https://example.org' } })
  t.equal(cors.headers['access-control-allow-origin'], '*')
  t.match(String(cors.headers['access-control-expose-headers']), /Link/)
  t.match(String(cors.headers['access-control-expose-headers']), /ETag/)
})

t.test('bad requests get a 4xx problem document naming the problem', async (t) => {
  const app = await build(t)
  const bad: Array<[string, number, string?, Record<string, string>?]> = [
    ['/v1/indicators?bogus=1', 400, 'bogus'],
    ['/v1/indicators?limit=0', 400, 'limit'],
    ['/v1/indicators?limit=1001', 400, 'limit'],
    ['/v1/indicators?limit=abc', 400, 'limit'],
    ['/v1/indicators?limit=all', 400, 'limit'],
    ['/v1/indicators?cursor=abc', 400, 'cursor'],
    ['/v1/indicators?cursor=eyJzIjoibWV0cmljczpjb2RlIiwiayI6WyJ4Il19', 400, 'cursor'],
    ['/v1/indicators?sort=nope', 400, 'sort'],
    ['/v1/indicators?sort=id,id', 400, 'sort'],
    ['/v1/indicators?region=999999', 400, 'region'],
    ['/v1/indicators?region=43,,', 400, 'region'],
    ['/v1/indicators?regionScope=all', 400, 'regionScope'],
    ['/v1/indicators?metric=no.such.metric', 400, 'metric'],
    ['/v1/indicators?metric=zzz.*', 400, 'metric'],
    ['/v1/indicators?category=nope', 400, 'category'],
    ['/v1/indicators?organ=no-such-organ', 400, 'organ'],
    ['/v1/indicators?organKind=bank', 400, 'organKind'],
    ['/v1/indicators?event=no-such-event', 400, 'event'],
    ['/v1/indicators?document=nope', 400, 'document'],
    ['/v1/indicators?from=2021-13', 400, 'from'],
    ['/v1/indicators?to=yesterday', 400, 'to'],
    ['/v1/indicators?from=2021-02-30', 400, 'from'],
    ['/v1/indicators?from=2022&to=2021', 400, 'from'],
    ['/v1/indicators?minValue=abc', 400, 'minValue'],
    ['/v1/indicators?minValue=10&maxValue=1', 400, 'minValue'],
    ['/v1/indicators?qualifier=roughly', 400, 'qualifier'],
    ['/v1/indicators?q=%20', 400, 'q'],
    ['/v1/indicators?count=maybe', 400, 'count'],
    ['/v1/indicators?format=xml', 400, 'format'],
    ['/v1/indicators/summary', 400, 'groupBy'],
    ['/v1/indicators/summary?groupBy=planet', 400, 'groupBy'],
    ['/v1/regions?level=city', 400, 'level'],
    ['/v1/regions?parent=12', 400, 'parent'],
    ['/v1/regions?hasData=perhaps', 400, 'hasData'],
    ['/v1/organs?kind=bank', 400, 'kind'],
    ['/v1/organs?level=galactic', 400, 'level'],
    ['/v1/events?kind=party', 400, 'kind'],
    ['/v1/events?from=2021-00', 400, 'from'],
    ['/v1/metrics?category=nope', 400, 'category'],
    ['/v1/documents?language=fr', 400, 'language'],
    ['/v1/regions/000000', 404],
    ['/v1/organs/nope', 404],
    ['/v1/events/nope', 404],
    ['/v1/metrics/nope', 404],
    ['/v1/indicators/nope', 404],
    ['/v1/documents/nope', 404],
    ['/v1/documents/nope/text', 404],
    ['/v1/nothing-here', 404],
    ['/v1/indicators', 406, undefined, { accept: 'application/xml' }],
    ['/v1/regions/430700', 406, undefined, { accept: 'text/csv' }],
    ['/v1/documents/first-batch-results-2021/text', 406, undefined, { accept: 'application/json' }],
    ['/v1/regions/430700?extra=1', 400, 'extra'],
    ['/v1/indicators?region=430000&region=440000', 400, 'region'],
    ['/v1/indicators?minValue=1e400', 400, 'minValue'],
    ['/v1/events?from=2022&to=2021', 400, 'from'],
    [`/v1/regions/${'x'.repeat(201)}`, 400, 'code'],
    [`/v1/regions/${'x'.repeat(501)}`, 414],
  ]
  t.ok(bad.length >= 30)
  for (const [url, status, parameter, headers] of bad) {
    const res = await app.inject({ url, headers })
    t.equal(res.statusCode, status, `${url} → ${status}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url} is a problem document`)
    const body = res.json()
    t.equal(body.status, status)
    t.ok(body.type && body.title && body.detail && body.code, `${url} has type, title, detail, code`)
    if (parameter) t.equal(body.parameter, parameter, `${url} names ${parameter}`)
    t.notMatch(res.body, /SELECT|sqlite|at .*\.ts:\d+/i, `${url} leaks no internals`)
  }
})

t.test('hot indicator queries use indexes, never a full scan of indicators', async (t) => {
  const app = await build(t)
  const ctx = app.queries
  const { indicatorWhere, INDICATOR_SORTABLE } = await import('../../src/queries/indicators.js')
  const filters = [{ region: ['430000'] }, { metric: ['education.*'] }, { document: ['first-batch-results-2021'] },
    { organ: ['supreme-peoples-court'] }, { event: ['first-batch'] }, { category: ['education'] }, { from: '2021-07', to: '2021-12' },
    { phase: ['first-batch'] }, { inferred: true }, { dimension: ['form:1'] }, {}]
  for (const f of filters) {
    const { where, params } = indicatorWhere(ctx, f)
    for (const sort of ['id', '-date']) {
      const plan = planList({
        resource: 'indicators', columns: 'i.id', from: 'indicators i JOIN metrics m ON m.code = i.metric_code JOIN regions r ON r.code = i.region_code LEFT JOIN organs o ON o.id = i.organ_id LEFT JOIN events e ON e.id = i.event_id',
        where, params, sortable: INDICATOR_SORTABLE, defaultSort: 'id', tiebreak: INDICATOR_SORTABLE.id,
      }, { limit: 50, sort })
      const rows = ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${plan.sql}`).all(...plan.params) as Array<{ detail: string }>
      const scans = rows.filter((r) => /^SCAN i\b/.test(r.detail) && !/USING (COVERING )?INDEX/.test(r.detail))
      t.same(scans.map((r) => r.detail), [], `${JSON.stringify(f)} sort=${sort}: ${rows.map((r) => r.detail).join(' | ')}`)
    }
  }
})

t.test('organ, event, metric, region and document filters', async (t) => {
  const app = await build(t)
  const all = async (path: string): Promise<Json[]> => {
    const res = await app.inject(`${path}${path.includes('?') ? '&' : '?'}limit=1000`)
    t.equal(res.statusCode, 200, path)
    return res.json().data
  }
  const courts = await all('/v1/organs?kind=court')
  t.ok(courts.length > 2 && courts.every((o) => o.kind === 'court'))
  const provincial = await all('/v1/organs?level=provincial')
  t.ok(provincial.length > 0 && provincial.every((o) => o.level === 'provincial'))
  const liaoning = await all('/v1/organs?region=210000')
  t.ok(liaoning.length > 3 && liaoning.every((o) => o.region.code.startsWith('21')))
  const underMps = await all('/v1/organs?parent=ministry-of-public-security')
  t.ok(underMps.length > 0 && underMps.every((o) => o.parentId === 'ministry-of-public-security'))
  t.ok((await all('/v1/organs?q=court')).every((o) => /court/i.test(o.name)))
  t.ok((await all('/v1/organs?q=法院')).some((o) => o.id === 'supreme-peoples-court'), 'Chinese names are searchable')
  const meetings = await all('/v1/events?kind=meeting')
  t.ok(meetings.length > 0 && meetings.every((e) => e.kind === 'meeting'))
  const hunanEvents = await all('/v1/events?region=430000')
  t.ok(hunanEvents.length > 0 && hunanEvents.every((e) => e.region.code.startsWith('43')))
  const phases = await all('/v1/events?parent=education-rectification-2021')
  t.ok(phases.some((e) => e.id === 'first-batch') && phases.every((e) => e.parentId === 'education-rectification-2021'))
  const withCourt = await all('/v1/events?organ=supreme-peoples-court')
  t.ok(withCourt.length > 0)
  for (const e of withCourt) {
    const detail = (await app.inject(`/v1/events/${e.id}`)).json().data
    t.ok(detail.organs.some((o: Json) => o.id === 'supreme-peoples-court'), `${e.id} involves the court`)
  }
  const summer = await all('/v1/events?from=2021-07&to=2021-08')
  t.ok(summer.length > 0 && summer.every((e) => (e.startDate ?? '') <= '2021-08\uffff' && (e.endDate ?? e.startDate) + '\uffff' >= '2021-07'))
  const byStart = await all('/v1/events?sort=-start')
  for (let i = 1; i < byStart.length; i++) if ((byStart[i - 1]!.startDate ?? '') < (byStart[i]!.startDate ?? '')) t.fail('sort=-start')
  t.ok((await all('/v1/events?q=meeting')).length > 0)
  const edu = await all('/v1/metrics?category=education')
  t.ok(edu.length > 3 && edu.every((m) => m.category === 'education' && m.indicatorCount > 0))
  t.ok((await all('/v1/metrics?q=warning')).every((m) => /warning/i.test(`${m.code} ${m.name} ${m.description}`)))
  const hunanChildren = await all('/v1/regions?parent=430000')
  t.equal(hunanChildren.length, 14, 'Hunan has 14 prefecture-level divisions')
  t.ok((await all('/v1/regions?sort=-name&level=province')).length === 34)
  t.equal((await all('/v1/documents?language=en')).length, 4)
})
