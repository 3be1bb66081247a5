// What a dashboard asks, one request each: summaries that never add unlike things nor one thing
// twice (split by metric and unit, roll-ups that count a county once and a province's own figure
// instead of its parts), observations as tidy tables, and metrics found by their coverage.
import t from 'tap'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { build, testDatabasePath } from '../helper.js'
import { tempDir } from '../temp.js'

type Json = Record<string, any>

const get = async (app: Awaited<ReturnType<typeof build>>, url: string): Promise<Json> => {
  const res = await app.inject(url)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

t.test('warning-education participants by province, first batch: one request, with units and sources', async (t) => {
  const app = await build(t)
  const s = await get(app, '/v1/indicators/summary?metric=education.warning.participants&phase=first-batch&groupBy=region&rollup=province')
  t.same(s.data.map((r: Json) => [r.region.code, r.unit, r.sum, r.basis]), [['440000', 'person_times', 955700, 'stated']])
  const row = s.data[0]
  t.same(row.documents, ['first-batch-results-2021'])
  t.same(row.indicators, ['d000-gd-warning-education-participants'])
  t.equal(row.metric.code, 'education.warning.participants')
  t.same(s.omitted.map((o: Json) => [o.reason, o.count, o.indicators]), [['above_level', 1, ['d003-warning-education-person-times']]],
    'the nationwide figure is no province\'s, and the answer says so')
})

t.test('Hunan\'s figures by phase: one request, each row one metric with its unit, the province\'s own figure not added to its parts', async (t) => {
  const app = await build(t)
  const s = await get(app, '/v1/indicators/summary?region=430000&groupBy=region,phase&rollup=province')
  t.ok(s.data.length > 30, `${s.data.length} rows`)
  t.ok(s.data.every((r: Json) => r.region.code === '430000' && r.unit && r.documents.length > 0 && r.indicators.length === r.count))
  t.same([...new Set(s.data.map((r: Json) => r.phase?.id ?? null))].sort(), ['first-batch', null], 'the first batch, and the year-end figures outside the phases')
  const byMetric = (code: string): Json => s.data.find((r: Json) => r.metric.code === code)
  // Hunan's 420 million (d002) already holds Changde's 3,128,300 (d000).
  const wages = byMetric('services.migrant_wages.recovered')
  t.same([wages.count, wages.summed, wages.sum, wages.basis], [2, 1, 420000000, 'stated'])
  t.same(wages.indicators.sort(), ['d000-changde-wages-recovered', 'd002-wages-recovered'])
  // Only Changde has this one: the province's row adds up its part.
  const executed = byMetric('services.livelihood_cases.money_executed')
  t.same([executed.sum, executed.basis], [46967200, 'parts'])
  // All video surveillance points hold the rural ones: the total, not both.
  const video = byMetric('safety.video_surveillance.points')
  t.same([video.count, video.summed, video.sum], [2, 1, 1900000])
  // Ranks do not add up.
  const rank = byMetric('business.environment.rank')
  t.equal(rank.sum, null)
  t.match(rank.sumNote, /figures in rank do not add up/)
})

t.test('rows never mix metrics or units', async (t) => {
  const app = await build(t)
  const s = await get(app, '/v1/indicators/summary?metric=education.*&groupBy=region')
  const guangdong = s.data.filter((r: Json) => r.region.code === '440000')
  t.same(guangdong.map((r: Json) => [r.metric.code, r.unit, r.sum]).sort(), [
    ['education.political.participants', 'person_times', 2070000],
    ['education.political.sessions', 'sessions', 26700],
    ['education.warning.participants', 'person_times', 955700],
    ['education.warning.sessions', 'sessions', 9300],
  ])
  t.notOk(s.data.some((r: Json) => r.sum === 955700 + 9300 || r.sum === 3070700), 'no sum of sessions and person-times')
  const csv = await app.inject('/v1/indicators/summary?metric=education.*&groupBy=region&format=csv')
  const rows = parse(csv.body, { columns: true }) as Json[]
  t.equal(rows.length, s.data.length)
  t.same(Object.keys(rows[0]!).slice(0, 8), ['key', 'metric.code', 'metric.name', 'unit', 'region.code', 'region.name', 'region.nameZh', 'region.level'])
})

t.test('a roll-up counts a county toward its province once, and lists no county beside the provinces', async (t) => {
  const app = await build(t)
  const flat = await get(app, '/v1/indicators/summary?groupBy=region')
  t.ok(flat.data.some((r: Json) => r.region.code === '321023'), 'without a roll-up, Baoying County is a region of its own')
  t.ok(flat.data.some((r: Json) => r.region.code === '140500'), 'and Jincheng a city of its own')
  const s = await get(app, '/v1/indicators/summary?groupBy=region&rollup=province')
  t.ok(s.data.every((r: Json) => r.region.level === 'province'), 'only provinces')
  const jiangsu = s.data.filter((r: Json) => r.region.code === '320000')
  t.ok(jiangsu.length > 10 && jiangsu.every((r: Json) => r.basis === 'parts'), 'Baoying\'s figures are Jiangsu\'s parts')
  const shanxi = s.data.filter((r: Json) => r.region.code === '140000').map((r: Json) => [r.metric.code, r.basis, r.sum]).sort()
  t.same(shanxi, [
    ['education.examination.participants', 'parts', 6700],
    ['institutions.rules.established', 'stated', 2909],
    ['open_door.commentaries.published', 'parts', 10],
  ], 'Jincheng and Xinzhou roll up into Shanxi, beside Shanxi\'s own figure')
  const total = (rows: Json[]): number => rows.reduce((n, r) => n + r.count, 0)
  const omitted = s.omitted.reduce((n: number, o: Json) => n + o.count, 0)
  t.equal(total(s.data) + omitted, total(flat.data), 'every figure is in one row or omitted, none twice')
  const prefectures = await get(app, '/v1/indicators/summary?groupBy=region&rollup=prefecture&region=430000')
  t.same([...new Set(prefectures.data.map((r: Json) => r.region.code))], ['430700'], 'Hunan\'s only figures below the province are Changde\'s')
  t.same(prefectures.omitted.map((o: Json) => o.reason), ['above_level'])
})

t.test('a sum that could count one thing twice, or does not add up, is withheld and says why', async (t) => {
  const app = await build(t)
  // Baoying's pass rate before and after the training, in one group.
  const both = await get(app, '/v1/indicators/summary?metric=team.physical_fitness.pass_rate&groupBy=region')
  t.same([both.data[0].count, both.data[0].sum], [2, null])
  t.match(both.data[0].sumNote, /2 figures for 321023/)
  const byMonth = await get(app, '/v1/indicators/summary?metric=team.physical_fitness.pass_rate&groupBy=region,month')
  t.same(byMonth.data.map((r: Json) => [r.month, r.sum]), [['2004-05', 32], ['2004-11', 98]], 'apart by month, each is its own figure')
  // The four provincial organs of Liaoning each built their own rules: disjoint, so they add up.
  const rules = await get(app, '/v1/indicators/summary?metric=institutions.rules.established&groupBy=region')
  const liaoning = rules.data.find((r: Json) => r.region.code === '210000')
  t.same([liaoning.count, liaoning.summed, liaoning.sumNote], [4, 4, null])
  t.equal(liaoning.sum, liaoning.min + liaoning.max + (liaoning.sum - liaoning.min - liaoning.max))
  // Shares of the four forms: one row per form, each its own figure.
  const forms = await get(app, '/v1/indicators/summary?metric=discipline.four_forms.share&groupBy=form')
  t.same(forms.data.map((r: Json) => [r.dimensions.form, r.sum, r.unit]), [['1', 83, 'percent'], ['2', 14, 'percent'], ['3', 1.9, 'percent'], ['4', 1.1, 'percent']])
  const allForms = await get(app, '/v1/indicators/summary?metric=discipline.four_forms.share&groupBy=region')
  t.same([allForms.data[0].sum, allForms.data[0].summed], [null, 4])
  t.match(allForms.data[0].sumNote, /figures in percent do not add up/)
  const dims = await get(app, '/v1/indicators/summary?metric=discipline.*&groupBy=metric,form')
  t.ok(dims.data.some((r: Json) => r.metric.code === 'discipline.four_forms.persons' && r.dimensions.form === null), 'a metric without the dimension has null for it')
})

t.test('summary parameters are checked and named', async (t) => {
  const app = await build(t)
  for (const [qs, parameter, detail] of [
    ['', 'groupBy', /required/],
    ['groupBy=region,metric,year', 'groupBy', /at most two/],
    ['groupBy=colour', 'groupBy', /unknown key 'colour'/],
    ['groupBy=year,year', 'groupBy', /twice/],
    ['groupBy=year&rollup=province', 'rollup', /put region in groupBy/],
    ['groupBy=region&rollup=township', 'rollup', /allowed values/],
    ['groupBy=region&regionLevel=city', 'regionLevel', /unknown level 'city'/],
  ] as const) {
    const res = await app.inject(`/v1/indicators/summary?${qs}`)
    t.equal(res.statusCode, 400, qs)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal(res.json().parameter, parameter, qs)
    t.match(res.json().detail, detail, qs)
  }
})

t.test('a group whose figures come in two units is refused', async (t) => {
  const path = join(tempDir('cf-units-'), 'db.sqlite')
  copyFileSync(await testDatabasePath(), path)
  const db = new Database(path)
  db.prepare("UPDATE indicators SET unit = 'sessions' WHERE id = 'd000-gd-warning-education-participants'").run()
  db.close()
  const app = await build(t, { databasePath: path })
  t.equal((await app.inject('/v1/indicators/summary?metric=education.warning.participants&groupBy=region')).statusCode, 200, 'apart by region, no group mixes them')
  const res = await app.inject('/v1/indicators/summary?metric=education.warning.participants&groupBy=phase')
  t.equal(res.statusCode, 400)
  t.equal(res.json().parameter, 'groupBy')
  t.match(res.json().detail, /more than one unit/)
})

t.test('regionLevel filters figures by the level of their own region', async (t) => {
  const app = await build(t)
  const cities = await get(app, '/v1/indicators?region=430000&regionLevel=prefecture&limit=100')
  t.same([...new Set(cities.data.map((i: Json) => i.region.code))], ['430700'])
  const provinces = await get(app, '/v1/indicators/summary?groupBy=region&regionLevel=province')
  t.ok(provinces.data.every((r: Json) => r.region.level === 'province'))
  t.notOk(provinces.data.some((r: Json) => r.region.code === '321023'))
})

t.test('observations: a tidy table in long and wide shape, as JSON, CSV and NDJSON', async (t) => {
  const app = await build(t)
  const long = await get(app, '/v1/observations?metric=heroes.*&region=430000,210000')
  t.equal(long.shape, 'long')
  t.ok(long.data.length > 5)
  t.ok(long.data.every((r: Json) => Object.values(r).every((v) => v === null || typeof v !== 'object')), 'flat rows: Vega-Lite, ECharts and pandas read them as they are')
  const report = long.data.find((r: Json) => r.indicator === 'd000-hn-hero-reports')
  t.same([report.region, report.metric, report.activity, report.value, report.phase, report.periodStart, report.date], ['430000', 'heroes.education.sessions', 'report_meeting', 1027, 'first-batch', '2021-02', '2021-06'])
  t.same(long.dimensions, ['activity'])

  const wide = await get(app, '/v1/observations?metric=heroes.*&region=430000,210000&shape=wide')
  t.equal(wide.shape, 'wide')
  t.same(wide.data.map((r: Json) => r.region), ['210000', '430000'], 'one row per region, period and phase here')
  const hunan = wide.data[1]
  t.equal(hunan['heroes.education.sessions|activity=report_meeting'], 1027)
  t.equal(hunan['heroes.advanced_individuals.selected'], 4140)
  t.equal(hunan['heroes.publicity.columns'], null, 'a column the row has no figure for is null')
  t.ok(wide.columns.some((c: Json) => c.name === 'heroes.education.sessions|activity=report_meeting' && c.unit === 'sessions' && c.dimensions.activity === 'report_meeting'))

  const csv = await app.inject('/v1/observations?metric=heroes.*&region=430000,210000&shape=wide&format=csv')
  const rows = parse(csv.body, { columns: true }) as Json[]
  t.equal(rows.length, 2)
  t.equal(rows[1]!['heroes.education.sessions|activity=report_meeting'], '1027')
  const longCsv = parse((await app.inject('/v1/observations?metric=heroes.*&format=csv')).body, { columns: true }) as Json[]
  t.ok('activity' in longCsv[0]!, 'a column for the dimension')
  const nd = await app.inject({ url: '/v1/observations?metric=heroes.*', headers: { accept: 'application/x-ndjson' } })
  const lines = nd.body.trim().split('\n').map((l) => JSON.parse(l))
  t.equal(lines.length, longCsv.length)
})

t.test('comparable observations share one period and phase per series', async (t) => {
  const app = await build(t)
  const all = await get(app, '/v1/observations?metric=heroes.advanced_individuals.selected')
  t.equal(all.data.length, 3, 'Hunan (first batch, to June 2021), Liaoning (to February 2022) and the country (to August 2021)')
  t.equal(all.comparable, null)
  const c = await get(app, '/v1/observations?metric=heroes.advanced_individuals.selected&comparable=true')
  t.equal(c.data.length, 1)
  t.same(c.comparable.map((s: Json) => [s.metric, s.regions, s.excluded]), [['heroes.advanced_individuals.selected', 1, 2]])
  t.ok(c.data.every((r: Json) => r.phase === c.comparable[0].phase && r.date === c.comparable[0].date && r.periodStart === c.comparable[0].periodStart))
  const sameFirstBatch = await get(app, '/v1/observations?metric=heroes.advanced_individuals.selected&phase=first-batch&comparable=true')
  t.same(sameFirstBatch.data.map((r: Json) => r.region), ['CN'], 'Hunan to June and the country to August are not one period: the later one is kept')
  t.equal(sameFirstBatch.comparable[0].excluded, 1)
})

t.test('metric discovery by coverage, without the data', async (t) => {
  const app = await build(t)
  const all = (await get(app, '/v1/metrics?limit=1000')).data as Json[]
  const two = (await get(app, '/v1/metrics?minRegions=2&limit=1000')).data as Json[]
  t.same(two.map((m) => m.code), all.filter((m) => m.coverage.regions.length >= 2).map((m) => m.code))
  t.ok(two.length >= 5)
  const hunan = (await get(app, '/v1/metrics?coveredIn=430000&limit=1000')).data as Json[]
  t.ok(hunan.length > 30)
  t.ok(hunan.every((m) => m.coverage.regions.some((r: Json) => r.code === '430000' || r.code === '430700')))
  t.same(hunan.map((m) => m.code), all.filter((m) => m.coverage.regions.some((r: Json) => r.code.startsWith('43'))).map((m) => m.code))
  const provinces = (await get(app, '/v1/metrics?minRegions=2&regionLevel=province&limit=1000')).data as Json[]
  t.same(provinces.map((m) => m.code), all.filter((m) => m.coverage.regions.filter((r: Json) => r.level === 'province').length >= 2).map((m) => m.code))
  t.ok(provinces.some((m) => m.code === 'heroes.advanced_collectives.selected'))
  const hunanTwice = (await get(app, '/v1/metrics?coveredIn=430000&minRegions=2&limit=1000')).data as Json[]
  t.same(hunanTwice.map((m) => m.code).sort(), ['services.migrant_wages.recovered'], 'the one metric with figures for two regions of Hunan')
  for (const qs of ['minRegions=0', 'minRegions=x', 'coveredIn=999999', 'regionLevel=city']) {
    const res = await app.inject(`/v1/metrics?${qs}`)
    t.equal(res.statusCode, 400, qs)
    t.equal(res.json().parameter, qs.split('=')[0])
  }
})

t.test('GET / is a landing document for API clients, with links', async (t) => {
  const app = await build(t)
  // A browser (text/html first) gets the explorer instead: test/routes/explorer.test.ts.
  for (const accept of [undefined, 'application/json', '*/*', 'application/json, text/html;q=0.9']) {
    const res = await app.inject({ url: '/', headers: accept ? { accept } : {} })
    t.equal(res.statusCode, 200, String(accept))
    t.same(res.json().links, { api: '/v1', docs: '/docs', openapi: '/openapi.yaml', graphql: '/graphql', graphiql: '/graphiql' })
    t.match(res.headers.vary, /Accept/)
  }
  const xml = await app.inject({ url: '/', headers: { accept: 'application/xml' } })
  t.equal(xml.statusCode, 406)
})

t.test('CSV with a byte order mark for spreadsheets', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/indicators?format=csv&bom=true', '/v1/indicators?format=csv&limit=all&bom=true', '/v1/indicators/summary?groupBy=region&format=csv&bom=true', '/v1/observations?metric=heroes.*&format=csv&bom=true']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', `${url} starts with the UTF-8 BOM`)
  }
  const plain = await app.inject('/v1/indicators?format=csv')
  t.not(plain.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'not without bom=true')
})
