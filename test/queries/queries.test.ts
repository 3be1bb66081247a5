// The query layer called directly on the test database, each answer checked against an oracle
// computed in plain JavaScript from the tables themselves: every filter, sort and page of every
// list, counts precomputed or not, items with their relations, the batched reads GraphQL's loaders
// make, and every refusal with the parameter it names and what it says.
import t from 'tap'
import { openDatabase } from '../../src/db/client.js'
import {
  QueryContext, StatementCache, listIndicators, iterateIndicators, getIndicator, listRegions, iterateRegions, getRegion,
  regionChildren, regionAncestors, listOrgans, iterateOrgans, getOrgans, organChildren, listEvents, iterateEvents, getEvents,
  eventChildren, eventOrgans, organEvents, listDocuments, iterateDocuments, getDocuments, documentText, documentSpans,
  datasetCounts, listMetrics, iterateMetrics, getMetrics, getMetricRefs, metricCoverageLists, citationsOf, regionDetail,
  organDetail, eventDetail, documentDetail, indicatorListShape, regionListShape, organListShape, eventListShape, metricListShape,
  documentListShape, pageOf, countOf, pagesByParent, countsByParent, byKey, byPairs, byRegionTree, byEventTree, eventOrganLinks,
  organEventLinks, documentEventLinks, getIndicators, mapDocument, mapMetric, regionAncestorsOf, documentTexts, documentSpansOf, encodeCursor,
  decodeCursor, parseSort, keysetCondition, countedBy, searchWords, checkDateRange, INDICATOR_SORTABLE,
  type IndicatorFilter, type ListRequest, type Page, type SortKey,
} from '../../src/queries/index.js'
import { DIMENSION_NAMES, EVENT_KINDS, LANGUAGES, ORGAN_KINDS, ORGAN_LEVELS, REGION_LEVELS, dimension, foldForSearch } from '../../src/domain/index.js'
import { LIMITS } from '../../src/limits.js'
import { testDatabasePath } from '../database.js'

const handle = openDatabase(await testDatabasePath())
t.teardown(() => handle.close())
const db = handle.sqlite
const ctx = new QueryContext(db)

type Row = Record<string, any>
const all = (sql: string, ...params: unknown[]): Row[] => db.prepare(sql).all(...params) as Row[]

// ---- the oracle: the tables as plain rows ----
const INDICATORS = all('SELECT * FROM indicators')
const REGIONS = new Map(all('SELECT * FROM regions').map((r) => [r.code as string, r]))
const EVENTS = new Map(all('SELECT * FROM events').map((e) => [e.id as string, e]))
const ORGANS = all('SELECT * FROM organs')
const DOCUMENTS = all('SELECT * FROM documents')
const METRICS = all('SELECT * FROM metrics')
const DIMS = all('SELECT * FROM indicator_dimensions')
const dimsOf = (id: string): Map<string, string> => new Map(DIMS.filter((d) => d.indicator_id === id).map((d) => [d.dimension, d.value]))

/** A region is inside another when it is the other or its path runs through it. */
const inside = (code: string, ancestor: string): boolean =>
  code === ancestor || (REGIONS.get(code)!.path as string).startsWith(`${REGIONS.get(ancestor)!.path as string}/`)
const underEvent = (id: string | null, ancestor: string): boolean =>
  id !== null && (id === ancestor || (EVENTS.get(id)!.path as string).startsWith(`${EVENTS.get(ancestor)!.path as string}/`))

/** The first and last day a date of reduced precision covers. */
const firstDay = (d: string): string => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d)
const lastDay = (d: string): string => {
  if (d.length === 10) return d
  if (d.length === 4) return `${d}-12-31`
  const [y, m] = d.split('-').map(Number)
  return `${d}-${String(new Date(Date.UTC(y!, m!, 0)).getUTCDate()).padStart(2, '0')}`
}
const overlaps = (date: string, from?: string, to?: string): boolean =>
  (from === undefined || lastDay(date) >= firstDay(from)) && (to === undefined || firstDay(date) <= lastDay(to))

const byId = (a: Row, b: Row): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const ids = (rows: ReadonlyArray<Record<string, any>>): string[] => rows.map((r) => r.id as string)

/** Every page of a list, walked with its cursors. */
function walk<T> (list: (req: ListRequest) => Page<T>, limit: number, sort?: string): T[] {
  const out: T[] = []
  let cursor: string | undefined
  for (let guard = 0; guard < 10_000; guard++) {
    const page = list({ limit, cursor, sort })
    t.ok(page.items.length <= limit)
    out.push(...page.items)
    if (page.next === null) return out
    t.equal(page.items.length, limit, 'only the last page is short')
    cursor = page.next
  }
  throw new Error('no end of pages')
}

/** The refusal a call makes: its parameter and what it says. */
function refusal (fn: () => unknown): { parameter?: string, detail?: string, code?: string, statusCode?: number } | null {
  try {
    fn()
    return null
  } catch (err) {
    const e = err as { parameter?: string, detail?: string, message: string, code?: string, statusCode?: number }
    return { parameter: e.parameter, detail: e.detail ?? e.message, code: e.code, statusCode: e.statusCode }
  }
}

t.test('indicators: every filter selects what the oracle selects, counted the same', async (t) => {
  const metric = 'heroes.education.sessions'
  const phase = 'first-batch'
  const cases: Array<[string, IndicatorFilter, (r: Row) => boolean]> = [
    ['no filter', {}, () => true],
    ['a province with every region inside it', { region: ['430000'] }, (r) => inside(r.region_code, '430000')],
    ['a prefecture with its counties', { region: ['321000'] }, (r) => inside(r.region_code, '321000')],
    ['a county', { region: ['321023'] }, (r) => r.region_code === '321023'],
    ['the whole country: every figure', { region: ['CN'] }, () => true],
    ['a province and a prefecture of another', { region: ['210000', '321000'] }, (r) => inside(r.region_code, '210000') || inside(r.region_code, '321000')],
    ['two provinces', { region: ['210000', '440000'] }, (r) => inside(r.region_code, '210000') || inside(r.region_code, '440000')],
    ['two prefectures', { region: ['440100', '321000'] }, (r) => inside(r.region_code, '440100') || inside(r.region_code, '321000')],
    ['a country among others', { region: ['440000', 'CN'] }, () => true],
    ['a region exactly', { region: ['430000'], regionScope: 'exact' }, (r) => r.region_code === '430000'],
    ['two regions exactly', { region: ['430000', 'CN'], regionScope: 'exact' }, (r) => r.region_code === '430000' || r.region_code === 'CN'],
    ['regions with descendants, said so', { region: ['440000'], regionScope: 'descendants' }, (r) => inside(r.region_code, '440000')],
    ['a metric', { metric: [metric] }, (r) => r.metric_code === metric],
    ['a category prefix', { metric: ['education.*'] }, (r) => r.metric_code.startsWith('education.')],
    ['a metric and a prefix', { metric: [metric, 'discipline.*'] }, (r) => r.metric_code === metric || r.metric_code.startsWith('discipline.')],
    ['a category', { category: ['team'] }, (r) => r.category === 'team'],
    ['an organ', { organ: ['baoying-psb'] }, (r) => r.organ_id === 'baoying-psb'],
    ['organ kinds', { organKind: ['court', 'procuratorate'] }, (r) => r.organ_kind === 'court' || r.organ_kind === 'procuratorate'],
    ['an event with its descendants', { event: ['education-rectification-2021'] }, (r) => underEvent(r.event_id, 'education-rectification-2021')],
    ['a document', { document: ['liaoning-second-batch-2022'] }, (r) => r.document_id === 'liaoning-second-batch-2022'],
    ['a qualifier', { qualifier: ['more_than'] }, (r) => r.qualifier === 'more_than'],
    ['units', { unit: ['persons', 'sessions'] }, (r) => r.unit === 'persons' || r.unit === 'sessions'],
    ['a phase', { phase: [phase] }, (r) => r.phase_id === phase],
    ['a value basis', { valueBasis: ['corrected'] }, (r) => r.value_basis === 'corrected'],
    ['date bases', { dateBasis: ['context', 'stated'] }, (r) => r.date_basis !== 'inferred'],
    ['a region basis', { regionBasis: ['inferred'] }, (r) => r.region_basis === 'inferred'],
    ['levels of the figure\'s own region', { regionLevel: ['county', 'prefecture'] }, (r) => r.region_level === 'county' || r.region_level === 'prefecture'],
    ['inferred', { inferred: true }, (r) => r.inferred === 1],
    ['not inferred', { inferred: false }, (r) => r.inferred === 0],
    ['values of one dimension are alternatives', { dimension: ['form:1', 'form:3'] }, (r) => ['1', '3'].includes(dimsOf(r.id).get('form')!)],
    ['a value named twice counts once', { dimension: ['form:2', 'form:2'] }, (r) => dimsOf(r.id).get('form') === '2'],
    ['dimensions all apply (no figure has both)', { dimension: ['activity:report_meeting', 'form:1'] }, (r) => dimsOf(r.id).get('activity') === 'report_meeting' && dimsOf(r.id).get('form') === '1'],
    ['one value of each of two dimensions', { dimension: ['activity:report_meeting', 'activity:film_screening', 'form:1'] }, () => false],
    ['from a month: a figure of its year overlaps', { from: '2021-07' }, (r) => overlaps(r.date, '2021-07')],
    ['to a month: its last day included', { to: '2021-06' }, (r) => overlaps(r.date, undefined, '2021-06')],
    ['a day range', { from: '2021-06-30', to: '2021-07-01' }, (r) => overlaps(r.date, '2021-06-30', '2021-07-01')],
    ['one month', { from: '2021-03', to: '2021-03' }, (r) => overlaps(r.date, '2021-03', '2021-03')],
    ['a year', { from: '2004', to: '2004' }, (r) => overlaps(r.date, '2004', '2004')],
    ['from a day inside the month to that month', { from: '2021-02-15', to: '2021-02' }, (r) => overlaps(r.date, '2021-02-15', '2021-02')],
    ['a minimum value, inclusive', { minValue: 100 }, (r) => r.value >= 100],
    ['a maximum value, inclusive', { maxValue: 100 }, (r) => r.value <= 100],
    ['a value range', { minValue: 5, maxValue: 5 }, (r) => r.value === 5],
    ['zero as a maximum', { maxValue: 0 }, (r) => r.value <= 0],
    ['words of the text, all of them', { q: 'Police  officers' }, (r) => ['police', 'officers'].every((w) => r.search_text.includes(w))],
    ['ids', { id: [INDICATORS[0]!.id, INDICATORS[5]!.id, 'no-such-id'] }, (r) => r.id === INDICATORS[0]!.id || r.id === INDICATORS[5]!.id],
    ['one id', { id: [INDICATORS[3]!.id] }, (r) => r.id === INDICATORS[3]!.id],
    ['filters together', { region: ['430000'], from: '2021-07', category: ['services', 'safety'] }, (r) => inside(r.region_code, '430000') && overlaps(r.date, '2021-07') && ['services', 'safety'].includes(r.category)],
  ]
  for (const [name, filter, keep] of cases) {
    const expected = ids(INDICATORS.filter(keep).sort(byId))
    if (['no filter', 'the whole country: every figure', 'a country among others'].includes(name)) t.equal(expected.length, INDICATORS.length)
    else if (/no figure|two dimensions/.test(name)) t.equal(expected.length, 0)
    else t.ok(expected.length > 0 && expected.length < INDICATORS.length, `${name}: the case selects some figures (${expected.length})`)
    const page = listIndicators(ctx, filter, { limit: 'all', count: true })
    t.same(ids(page.items), expected, name)
    t.equal(page.total, expected.length, `${name}: count`)
    t.equal(page.next, null, `${name}: one page`)
    t.equal(listIndicators(ctx, filter, { limit: 1, count: true }).total, expected.length, `${name}: count of a page of 1`)
    t.same(ids([...iterateIndicators(ctx, filter, { limit: 'all' })]), expected, `${name}: streamed`)
  }
})

t.test('indicators: rows in full, as the tables hold them', async (t) => {
  const raw = INDICATORS.find((r) => r.organ_id !== null && r.event_id !== null && r.phase_id !== null && r.period_start !== null) ??
    INDICATORS.find((r) => r.organ_id !== null && r.event_id !== null && r.phase_id !== null)!
  const i = getIndicator(ctx, raw.id)!
  const metric = METRICS.find((m) => m.code === raw.metric_code)!
  const region = REGIONS.get(raw.region_code)!
  const organ = ORGANS.find((o) => o.id === raw.organ_id)!
  t.same(i, {
    id: raw.id,
    metric: { code: metric.code, name: metric.name, unit: metric.unit, category: raw.category },
    value: raw.value,
    valueText: raw.value_text,
    unit: raw.unit,
    qualifier: raw.qualifier,
    dimensions: JSON.parse(raw.dimensions),
    date: raw.date,
    datePrecision: raw.date_precision,
    periodStart: raw.period_start,
    periodStartPrecision: raw.period_start_precision,
    region: { code: region.code, name: region.name, nameZh: region.name_zh, level: region.level },
    organ: { id: organ.id, name: organ.name, kind: organ.kind },
    event: { id: raw.event_id, title: EVENTS.get(raw.event_id)!.title },
    phase: { id: raw.phase_id, title: EVENTS.get(raw.phase_id)!.title },
    source: { documentId: raw.document_id, quote: raw.quote, start: raw.start_offset, end: raw.end_offset },
    valueBasis: raw.value_basis,
    valueNote: raw.value_note,
    dateBasis: raw.date_basis,
    dateNote: raw.date_note,
    regionBasis: raw.region_basis,
    regionNote: raw.region_note,
    inferred: raw.inferred === 1,
    note: raw.note,
  })
  const bare = INDICATORS.find((r) => r.organ_id === null && r.event_id === null && r.phase_id === null)!
  const b = getIndicator(ctx, bare.id)!
  t.same([b.organ, b.event, b.phase, b.inferred], [null, null, null, bare.inferred === 1], 'no organ, event or phase: null')
  t.ok(INDICATORS.some((r) => r.inferred === 1) && INDICATORS.some((r) => r.inferred === 0))
  for (const r of INDICATORS) {
    const got = getIndicator(ctx, r.id)!
    if (got.inferred !== (r.inferred === 1) || got.dimensions.form !== JSON.parse(r.dimensions).form) t.fail(`${r.id} fields`)
  }
  t.equal(getIndicator(ctx, 'no-such-indicator'), null)
  t.same(ids(getIndicators(ctx, [INDICATORS[2]!.id, 'nope', INDICATORS[1]!.id]).sort(byId)), [INDICATORS[1]!.id, INDICATORS[2]!.id].sort())
  // One by id (named from the context's catalogs) is the list's item (named by the joins), for every figure.
  const listed = listIndicators(ctx, {}, { limit: 'all' }).items
  t.equal(listed.length, INDICATORS.length)
  const byIds = new Map(getIndicators(ctx, listed.map((i) => i.id)).map((i) => [i.id, i]))
  let same = 0
  for (const item of listed) {
    if (JSON.stringify(getIndicator(ctx, item.id)) === JSON.stringify(item) && JSON.stringify(byIds.get(item.id)) === JSON.stringify(item)) same++
    else t.same(getIndicator(ctx, item.id), item, item.id)
  }
  t.equal(same, listed.length, 'every figure by id as listed')
})

/** The oracle's order: each key in its direction, then id in the direction of the last key. */
function sortRows (rows: Row[], spec: string, columns: Record<string, string>, idColumn: string): Row[] {
  const keys = spec.split(',').map((p) => ({ column: columns[p.replace(/^-/, '')]!, desc: p.startsWith('-') }))
  if (!keys.some((k) => k.column === idColumn)) keys.push({ column: idColumn, desc: keys[keys.length - 1]!.desc })
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const x = a[k.column] ?? ''
      const y = b[k.column] ?? ''
      if (x < y) return k.desc ? 1 : -1
      if (x > y) return k.desc ? -1 : 1
    }
    return 0
  })
}

t.test('indicators: every sort, whole and walked page by page, in the oracle\'s order', async (t) => {
  const columns = { id: 'id', date: 'date', value: 'value', metric: 'metric_code', region: 'region_code', document: 'document_id', category: 'category', position: 'start_offset' }
  t.same(Object.keys(INDICATOR_SORTABLE), Object.keys(columns))
  const sorts = ['id', '-id', 'date', '-date', 'value', '-value', 'metric,-date', '-region,value', 'document,position', '-category,date,-value', 'position', '+date', ' date , -value ', 'date,id', '-date,id']
  for (const sort of sorts) {
    const expected = ids(sortRows(INDICATORS, sort.replace(/\s/g, '').replace(/^\+/, ''), columns, 'id'))
    t.same(ids(listIndicators(ctx, {}, { limit: 'all', sort }).items), expected, `${sort}: all`)
    t.same(ids(walk((req) => listIndicators(ctx, {}, req), 7, sort)), expected, `${sort}: pages of 7`)
    t.same(ids([...iterateIndicators(ctx, {}, { limit: 'all', sort })]), expected, `${sort}: streamed`)
  }
  const region = ids(sortRows(INDICATORS.filter((r) => inside(r.region_code, '430000')), '-date', columns, 'id'))
  t.same(ids(walk((req) => listIndicators(ctx, { region: ['430000'] }, req), 4, '-date')), region, 'a filtered list walked by date')
  t.same(ids(walk((req) => listIndicators(ctx, {}, req), 1000)), ids([...INDICATORS].sort(byId)), 'one page of everything')
  t.same(ids(walk((req) => listIndicators(ctx, {}, req), 1)).length, INDICATORS.length, 'pages of one')
  // A cursor continues from where its page ended, in a stream too.
  const first = listIndicators(ctx, {}, { limit: 10, sort: '-value' })
  t.same(ids([...iterateIndicators(ctx, {}, { limit: 'all', sort: '-value', cursor: first.next! })]), ids(sortRows(INDICATORS, '-value', columns, 'id')).slice(10))
  t.same(ids(listIndicators(ctx, {}, { limit: 'all', sort: '-value', cursor: first.next! }).items), ids(sortRows(INDICATORS, '-value', columns, 'id')).slice(10))
  t.equal(listIndicators(ctx, {}, { limit: 10 }).total, undefined, 'no count unless asked')
})

t.test('sort keys and keyset conditions', async (t) => {
  const shape = { sortable: { a: { expr: 'x.a' }, b: { expr: 'x.b' } }, defaultSort: 'b', tiebreak: { expr: 'x.id' } }
  t.same(parseSort(undefined, shape), [{ field: 'b', expr: 'x.b', direction: 'asc' }, { field: '_id', expr: 'x.id', direction: 'asc' }])
  t.same(parseSort('', shape), parseSort('b', shape), 'an empty sort is the default')
  t.same(parseSort('-a,b', shape), [{ field: 'a', expr: 'x.a', direction: 'desc' }, { field: 'b', expr: 'x.b', direction: 'asc' }, { field: '_id', expr: 'x.id', direction: 'asc' }])
  t.same(parseSort('-a', shape).at(-1), { field: '_id', expr: 'x.id', direction: 'desc' }, 'the tiebreak follows the last key')
  t.same(parseSort('id', { ...shape, sortable: { id: { expr: 'x.id' } } }), [{ field: 'id', expr: 'x.id', direction: 'asc' }], 'no second id')
  const k: SortKey[] = [{ field: 'a', expr: 'x.a', direction: 'asc' }, { field: 'b', expr: 'x.b', direction: 'asc' }]
  t.same(keysetCondition(k, [1, 2]), { sql: '(x.a, x.b) > (?, ?)', params: [1, 2] }, 'one direction: a row value')
  t.same(keysetCondition(k.map((x) => ({ ...x, direction: 'desc' })), [1, 2]), { sql: '(x.a, x.b) < (?, ?)', params: [1, 2] })
  t.same(keysetCondition([k[0]!], [1]), { sql: '((x.a > ?))', params: [1] }, 'one key')
  t.same(keysetCondition([k[0]!, { ...k[1]!, direction: 'desc' }], [1, 2]), { sql: '(x.a > ?) OR (x.a = ? AND x.b < ?)'.replace(/^/, '(').replace(/$/, ')'), params: [1, 1, 2] }, 'mixed directions')
  t.same(keysetCondition([{ ...k[0]!, direction: 'desc' }, k[1]!, { field: 'c', expr: 'x.c', direction: 'desc' }], [1, 2, 3]), {
    sql: '((x.a < ?) OR (x.a = ? AND x.b > ?) OR (x.a = ? AND x.b = ? AND x.c < ?))', params: [1, 1, 2, 1, 2, 3],
  })
})

t.test('cursors: made for one list and one order, refused anywhere else', async (t) => {
  const keys: SortKey[] = [{ field: 'date', expr: 'i.date', direction: 'desc' }, { field: '_id', expr: 'i.id', direction: 'desc' }]
  const c = encodeCursor('indicators', keys, ['2021', 'x'])
  t.same(JSON.parse(Buffer.from(c, 'base64url').toString()), { s: 'indicators:-date,-_id', k: ['2021', 'x'] })
  t.same(decodeCursor(c, 'indicators', keys), ['2021', 'x'])
  const enc = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url')
  const notOurs = 'not a cursor issued by this API'
  const other = 'the cursor was made for another list or sort order; repeat the request that returned it'
  const cases: Array<[string, string, string]> = [
    ['not base64url', 'a+b/c=', notOurs],
    ['not JSON', enc('{oops'), notOurs],
    ['JSON null', enc(null), notOurs],
    ['a number', enc(42), notOurs],
    ['no signature', enc({ k: ['2021', 'x'] }), notOurs],
    ['a signature that is not text', enc({ s: 1, k: ['2021', 'x'] }), notOurs],
    ['keys that are not a list', enc({ s: 'indicators:-date,-_id', k: '2021' }), notOurs],
    ['too few keys', enc({ s: 'indicators:-date,-_id', k: ['2021'] }), notOurs],
    ['too many keys', enc({ s: 'indicators:-date,-_id', k: ['2021', 'x', 'y'] }), notOurs],
    ['a key that is an object', enc({ s: 'indicators:-date,-_id', k: ['2021', {}] }), notOurs],
    ['a key that is null', enc({ s: 'indicators:-date,-_id', k: [null, 'x'] }), notOurs],
    ['another list', encodeCursor('events', keys, ['2021', 'x']), other],
    ['another order', encodeCursor('indicators', keys.map((k) => ({ ...k, direction: 'asc' as const })), ['2021', 'x']), other],
  ]
  for (const [name, cursor, detail] of cases) {
    t.same(refusal(() => decodeCursor(cursor, 'indicators', keys)), { parameter: 'cursor', detail: `Invalid cursor: ${detail}`, code: 'CF_BAD_CURSOR', statusCode: 400 }, name)
  }
  t.same(decodeCursor(enc({ s: 'indicators:-date,-_id', k: [2021, 5] }), 'indicators', keys), [2021, 5], 'numbers are keys too')
  const page = listIndicators(ctx, {}, { limit: 5, sort: '-date' })
  t.match(refusal(() => listIndicators(ctx, {}, { limit: 5, sort: 'date', cursor: page.next! })), { parameter: 'cursor', detail: `Invalid cursor: ${other}` })
  t.match(refusal(() => listRegions(ctx, {}, { limit: 5, sort: '-date', cursor: page.next! })), { parameter: 'sort' })
})

t.test('every refusal names its parameter and says what is wrong', async (t) => {
  const categories = [...new Set(METRICS.map((m) => m.category as string))].sort().join(', ')
  const phases = ['first-batch', 'first-batch-looking-back', 'second-batch'].join(', ')
  const form = dimension('form')!
  const cases: Array<[string, () => unknown, string, string]> = [
    ['region', () => listIndicators(ctx, { region: ['999999'] }, { limit: 1 }), 'region', "unknown region code '999999' (use a GB/T 2260 code such as 430000, or CN)"],
    ['region, exact', () => listIndicators(ctx, { region: ['430000', '999998'], regionScope: 'exact' }, { limit: 1 }), 'region', "unknown region code '999998' (use a GB/T 2260 code such as 430000, or CN)"],
    ['metric', () => listIndicators(ctx, { metric: ['no.such.metric'] }, { limit: 1 }), 'metric', "unknown metric code 'no.such.metric' (see /v1/metrics; a category prefix is written like education.*)"],
    ['metric prefix', () => listIndicators(ctx, { metric: ['nothing.*'] }, { limit: 1 }), 'metric', "no metric code starts with 'nothing.'"],
    ['a metric code is not a prefix', () => listIndicators(ctx, { metric: ['education'] }, { limit: 1 }), 'metric', "unknown metric code 'education' (see /v1/metrics; a category prefix is written like education.*)"],
    ['category', () => listIndicators(ctx, { category: ['team', 'nope'] }, { limit: 1 }), 'category', `unknown category 'nope'; categories: ${categories}`],
    ['organ', () => listIndicators(ctx, { organ: ['nope'] }, { limit: 1 }), 'organ', "unknown organ id 'nope'"],
    ['organ kind', () => listIndicators(ctx, { organKind: ['nope'] }, { limit: 1 }), 'organKind', `unknown organ kind 'nope'; kinds: ${ORGAN_KINDS.join(', ')}`],
    ['event', () => listIndicators(ctx, { event: ['nope'] }, { limit: 1 }), 'event', "unknown event id 'nope'"],
    ['document', () => listIndicators(ctx, { document: ['nope'] }, { limit: 1 }), 'document', "unknown document id 'nope'"],
    ['phase', () => listIndicators(ctx, { phase: ['first-batch-learning-education-stage'] }, { limit: 1 }), 'phase', `'first-batch-learning-education-stage' is not a campaign phase; phases: ${phases}`],
    ['value basis', () => listIndicators(ctx, { valueBasis: ['guessed'] }, { limit: 1 }), 'valueBasis', "unknown basis 'guessed'; valueBasis is one of stated, corrected, derived"],
    ['date basis', () => listIndicators(ctx, { dateBasis: ['corrected'] }, { limit: 1 }), 'dateBasis', "unknown basis 'corrected'; dateBasis is one of stated, context, inferred"],
    ['region basis', () => listIndicators(ctx, { regionBasis: ['context'] }, { limit: 1 }), 'regionBasis', "unknown basis 'context'; regionBasis is one of stated, inferred"],
    ['region level', () => listIndicators(ctx, { regionLevel: ['town'] }, { limit: 1 }), 'regionLevel', `unknown level 'town'; levels: ${REGION_LEVELS.join(', ')}`],
    ['dimension without a value', () => listIndicators(ctx, { dimension: ['form'] }, { limit: 1 }), 'dimension', "'form' is not name:value (e.g. form:1)"],
    ['dimension without a name', () => listIndicators(ctx, { dimension: [':1'] }, { limit: 1 }), 'dimension', "':1' is not name:value (e.g. form:1)"],
    ['dimension with an empty value', () => listIndicators(ctx, { dimension: ['form:'] }, { limit: 1 }), 'dimension', "'form:' is not name:value (e.g. form:1)"],
    ['unknown dimension', () => listIndicators(ctx, { dimension: ['colour:red'] }, { limit: 1 }), 'dimension', `unknown dimension 'colour'; dimensions: ${DIMENSION_NAMES.join(', ')}`],
    ['unknown dimension value', () => listIndicators(ctx, { dimension: ['form:9'] }, { limit: 1 }), 'dimension', `dimension 'form' has no value '9'; values: ${form.values.map((v) => v.value).join(', ')}`],
    ['not a date', () => listIndicators(ctx, { from: '21' }, { limit: 1 }), 'from', "'21' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"],
    ['a date with text after it', () => listIndicators(ctx, { to: '2021-07x' }, { limit: 1 }), 'to', "'2021-07x' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"],
    ['month 13', () => listIndicators(ctx, { from: '2021-13' }, { limit: 1 }), 'from', "'2021-13' has no month 13"],
    ['month 0', () => listIndicators(ctx, { to: '2021-00-10' }, { limit: 1 }), 'to', "'2021-00-10' has no month 0"],
    ['30 February', () => listIndicators(ctx, { to: '2021-02-29' }, { limit: 1 }), 'to', "'2021-02-29' is not a calendar date"],
    ['day 0', () => listIndicators(ctx, { from: '2021-02-00' }, { limit: 1 }), 'from', "'2021-02-00' is not a calendar date"],
    ['from after to', () => listIndicators(ctx, { from: '2021-08', to: '2021-07-31' }, { limit: 1 }), 'from', "from '2021-08' is after to '2021-07-31'"],
    ['from a day after to', () => listIndicators(ctx, { from: '2021-07-02', to: '2021-07-01' }, { limit: 1 }), 'from', "from '2021-07-02' is after to '2021-07-01'"],
    ['an infinite minimum', () => listIndicators(ctx, { minValue: Infinity }, { limit: 1 }), 'minValue', 'Infinity is not a finite number'],
    ['a maximum that is no number', () => listIndicators(ctx, { maxValue: NaN }, { limit: 1 }), 'maxValue', 'NaN is not a finite number'],
    ['minimum over maximum', () => listIndicators(ctx, { minValue: 5, maxValue: 4 }, { limit: 1 }), 'minValue', 'minValue 5 is greater than maxValue 4'],
    ['empty search text', () => listIndicators(ctx, { q: ' \t ' }, { limit: 1 }), 'q', 'the search text is empty'],
    ['eleven words', () => listIndicators(ctx, { q: 'a b c d e f g h i j k' }, { limit: 1 }), 'q', 'at most 10 words'],
    ['sort field', () => listIndicators(ctx, {}, { limit: 1, sort: 'colour' }), 'sort', `cannot sort by 'colour'; sortable fields: ${Object.keys(INDICATOR_SORTABLE).join(', ')}`],
    ["Object's own names are no sort fields", () => listIndicators(ctx, {}, { limit: 1, sort: 'constructor' }), 'sort', `cannot sort by 'constructor'; sortable fields: ${Object.keys(INDICATOR_SORTABLE).join(', ')}`],
    ['a field twice', () => listIndicators(ctx, {}, { limit: 1, sort: 'date,-date' }), 'sort', "field 'date' is listed twice"],
    ['too many sort keys', () => listIndicators(ctx, {}, { limit: 1, sort: 'date,value,metric,region' }), 'sort', `at most ${LIMITS.sortKeys} sort fields`],
    ['region level of regions', () => listRegions(ctx, { level: ['province', 'town'] }, { limit: 1 }), 'level', `unknown level 'town'; levels: ${REGION_LEVELS.join(', ')}`],
    ['parent region', () => listRegions(ctx, { parent: ['430000', '999999'] }, { limit: 1 }), 'parent', "unknown region code '999999'"],
    ['organ kind of organs', () => listOrgans(ctx, { kind: ['nope'] }, { limit: 1 }), 'kind', `unknown organ kind 'nope'; kinds: ${ORGAN_KINDS.join(', ')}`],
    ['organ level', () => listOrgans(ctx, { level: ['county', 'nope'] }, { limit: 1 }), 'level', `unknown level 'nope'; levels: ${ORGAN_LEVELS.join(', ')}`],
    ['organ region', () => listOrgans(ctx, { region: ['999999'] }, { limit: 1 }), 'region', "unknown region code '999999' (use a GB/T 2260 code such as 430000, or CN)"],
    ['parent organ', () => listOrgans(ctx, { parent: ['nope'] }, { limit: 1 }), 'parent', "unknown organ id 'nope'"],
    ['event kind', () => listEvents(ctx, { kind: ['meeting', 'party'] }, { limit: 1 }), 'kind', `unknown event kind 'party'; kinds: ${EVENT_KINDS.join(', ')}`],
    ['event region', () => listEvents(ctx, { region: ['999999'] }, { limit: 1 }), 'region', "unknown region code '999999' (use a GB/T 2260 code such as 430000, or CN)"],
    ['event organ', () => listEvents(ctx, { organ: ['nope'] }, { limit: 1 }), 'organ', "unknown organ id 'nope'"],
    ['parent event', () => listEvents(ctx, { parent: ['nope'] }, { limit: 1 }), 'parent', "unknown event id 'nope'"],
    ['event dates', () => listEvents(ctx, { from: '2022', to: '2021' }, { limit: 1 }), 'from', "from '2022' is after to '2021'"],
    ['event date', () => listEvents(ctx, { to: '2021-1' }, { limit: 1 }), 'to', "'2021-1' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"],
    ['language', () => listDocuments(ctx, { language: ['en', 'fr'] }, { limit: 1 }), 'language', `unknown language 'fr'; languages: ${LANGUAGES.join(', ')}`],
    ['metric category', () => listMetrics(ctx, { category: ['nope'] }, { limit: 1 }), 'category', `unknown category 'nope'; categories: ${categories}`],
    ['metric dimension', () => listMetrics(ctx, { dimension: ['form', 'nope'] }, { limit: 1 }), 'dimension', `unknown dimension 'nope'; dimensions: ${DIMENSION_NAMES.join(', ')}`],
    ['covered in', () => listMetrics(ctx, { coveredIn: ['999999'] }, { limit: 1 }), 'coveredIn', "unknown region code '999999' (use a GB/T 2260 code such as 430000, or CN)"],
    ['coverage level', () => listMetrics(ctx, { regionLevel: ['town'] }, { limit: 1 }), 'regionLevel', `unknown level 'town'; levels: ${REGION_LEVELS.join(', ')}`],
    ['no regions', () => listMetrics(ctx, { minRegions: 0 }, { limit: 1 }), 'minRegions', 'must be an integer from 1 to 100000; got 0'],
    ['half a region', () => listMetrics(ctx, { minRegions: 1.5 }, { limit: 1 }), 'minRegions', 'must be an integer from 1 to 100000; got 1.5'],
    ['too many regions', () => listMetrics(ctx, { minRegions: 100_001 }, { limit: 1 }), 'minRegions', 'must be an integer from 1 to 100000; got 100001'],
    ['metric search', () => listMetrics(ctx, { q: '' }, { limit: 1 }), 'q', 'the search text is empty'],
  ]
  for (const [name, fn, parameter, detail] of cases) t.same(refusal(fn), { parameter, detail, code: 'CF_BAD_PARAMETER', statusCode: 400 }, name)
  t.equal(refusal(() => listMetrics(ctx, { minRegions: 100_000 }, { limit: 1 })), null, '100000 regions may be asked for')
  t.equal(refusal(() => checkDateRange({ from: '2021-07-15', to: '2021-07' })), null, 'a day inside the month `to` names is not after it')
  t.equal(refusal(() => checkDateRange({ from: '2021', to: '2021-01-01' })), null, 'a year and its first day')
  t.equal(refusal(() => checkDateRange({ from: '2024-02-29' })), null, 'a leap day')
  t.equal(refusal(() => checkDateRange({ from: '2021-12-31', to: '2021-12' })), null)
})

t.test('search words: folded, split on whitespace, at most ten', async (t) => {
  t.same(searchWords('  Hunan\tPOLICE  '), ['hunan', 'police'])
  t.same(searchWords('a b c d e f g h i j'), 'a b c d e f g h i j'.split(' '))
  t.same(searchWords('政法隊伍'), [foldForSearch('政法隊伍')])
})

t.test('counts are read from the precomputed table for no filter or one common filter, and agree with a count', async (t) => {
  t.same(countedBy({}), { filter: '', value: '' })
  t.same(countedBy({ regionScope: 'descendants' }), { filter: '', value: '' }, 'the default scope is no filter')
  t.same(countedBy({ region: ['430000'] }), { filter: 'region', value: '430000' })
  t.same(countedBy({ region: ['430000'], regionScope: 'descendants' }), { filter: 'region', value: '430000' })
  t.same(countedBy({ metric: ['heroes.education.sessions'] }), { filter: 'metric', value: 'heroes.education.sessions' })
  t.same(countedBy({ phase: ['first-batch'] }), { filter: 'phase', value: 'first-batch' })
  t.equal(countedBy({ metric: ['education.*'] }), null, 'a prefix is counted by a count')
  t.equal(countedBy({ region: ['430000'], regionScope: 'exact' }), null)
  t.equal(countedBy({ region: ['430000', '210000'] }), null, 'two values')
  t.equal(countedBy({ region: ['430000'], metric: ['x'] }), null, 'two filters')
  t.equal(countedBy({ qualifier: ['exact'] }), null, 'a filter the table does not hold')
  t.equal(countedBy({ inferred: true }), null)
  t.equal(countedBy({ q: 'x' }), null)
  const cache = new StatementCache(db)
  const filters: IndicatorFilter[] = [{}, { region: ['430000'] }, { metric: ['heroes.education.sessions'] }, { category: ['team'] }, { document: ['liaoning-second-batch-2022'] }, { organ: ['baoying-psb'] }, { event: ['first-batch'] }, { phase: ['second-batch'] }, { region: ['CN'] }, { region: ['654000'] }]
  for (const f of filters) {
    const shape = indicatorListShape(ctx, f)
    t.ok(shape.counted, `${JSON.stringify(f)} is counted`)
    const n = countOf(cache, shape)
    t.equal(n, countOf(cache, { ...shape, counted: null }), `${JSON.stringify(f)}: the stored count is the count`)
    t.equal(n, listIndicators(ctx, f, { limit: 'all' }).items.length)
  }
  t.equal(countOf(cache, indicatorListShape(ctx, { region: ['654000'] })), 0, 'a region without figures counts 0')
})

t.test('regions: filters, sorts, items, the way up and down', async (t) => {
  const rows = [...REGIONS.values()]
  const withData = new Set(INDICATORS.flatMap((r) => [r.region_code, r.province_code, r.prefecture_code, 'CN'].filter(Boolean)))
  t.same([...ctx.regionsWithData].sort(), [...withData].sort(), 'regions with data: each with a figure in itself or inside it')
  const byCode = (a: Row, b: Row): number => (a.code < b.code ? -1 : 1)
  const cases: Array<[string, Parameters<typeof listRegions>[1], (r: Row) => boolean]> = [
    ['none', {}, () => true],
    ['level', { level: ['province'] }, (r) => r.level === 'province'],
    ['levels', { level: ['country', 'province'] }, (r) => r.level === 'country' || r.level === 'province'],
    ['parent', { parent: ['430000'] }, (r) => r.parent_code === '430000'],
    ['parents', { parent: ['430000', '210000'] }, (r) => r.parent_code === '430000' || r.parent_code === '210000'],
    ['codes', { code: ['430000', '430100'] }, (r) => r.code === '430000' || r.code === '430100'],
    ['search', { q: 'changsha' }, (r) => r.search_text.includes('changsha')],
    ['with data', { hasData: true }, (r) => withData.has(r.code)],
    ['without data', { hasData: false, level: ['province'] }, (r) => !withData.has(r.code) && r.level === 'province'],
  ]
  for (const [name, f, keep] of cases) {
    const expected = rows.filter(keep).sort(byCode).map((r) => r.code)
    t.ok(expected.length > 0, `${name} selects some`)
    const page = listRegions(ctx, f, { limit: 'all', count: true })
    t.same(page.items.map((r) => r.code), expected, name)
    t.equal(page.total, expected.length, `${name}: count`)
    t.same([...iterateRegions(ctx, f, { limit: 'all' })].map((r) => r.code), expected, `${name}: streamed`)
  }
  const columns = { code: 'code', name: 'name', level: 'depth' }
  const provinces = rows.filter((r) => r.depth <= 1)
  for (const sort of ['name', '-name', 'level,-name', '-code']) {
    t.same(walk((req) => listRegions(ctx, { level: ['country', 'province'] }, req), 6, sort).map((r) => r.code), sortRows(provinces, sort, columns, 'code').map((r) => r.code), sort)
  }
  const hunan = getRegion(ctx, '430000')!
  t.same(hunan, { code: '430000', name: 'Hunan', nameZh: '湖南省', nameZhHant: REGIONS.get('430000')!.name_zh_hant, level: 'province', parentCode: 'CN', hasData: true })
  t.equal(getRegion(ctx, '654000')!.hasData, false)
  t.equal(getRegion(ctx, '000000'), null)
  t.same(regionChildren(ctx, ['430000', '210000']).map((r) => r.code), rows.filter((r) => r.parent_code === '430000' || r.parent_code === '210000').sort(byCode).map((r) => r.code))
  t.same(regionAncestors(ctx, '321023').map((r) => r.code), ['CN', '320000', '321000'])
  t.same(regionAncestors(ctx, 'CN'), [])
  t.same(regionAncestors(ctx, '000000'), [])
  const detail = regionDetail(ctx, '321000')!
  t.same(detail.ancestors.map((r) => r.code), ['CN', '320000'])
  t.equal(detail.parent!.code, '320000')
  t.same(detail.children.map((r) => r.code), rows.filter((r) => r.parent_code === '321000').sort(byCode).map((r) => r.code))
  t.equal(detail.indicatorCount, INDICATORS.filter((r) => inside(r.region_code, '321000')).length)
  t.equal(regionDetail(ctx, 'CN')!.parent, null)
  t.equal(regionDetail(ctx, 'CN')!.indicatorCount, INDICATORS.length)
  t.equal(regionDetail(ctx, '000000'), null)
  t.same(ctx.regionCodes(['321000'], false).sort(), rows.filter((r) => inside(r.code, '321000')).map((r) => r.code).sort(), 'a region and every region inside it')
  t.same(ctx.regionCodes(['321000', '321000'], true), ['321000'], 'exact, once')
  t.same(ctx.regionCodes(['110000'], false).length, rows.filter((r) => inside(r.code, '110000')).length, 'Beijing: the first province in path order')
  t.same(ctx.regionCodes(['820000'], false).length, rows.filter((r) => inside(r.code, '820000')).length, 'Macao: the last')
  t.ok(ctx.hasRegion('CN') && !ctx.hasRegion('999999'))
  t.same(ctx.region('430000'), { code: '430000', name: 'Hunan', nameZh: '湖南省', level: 'province', path: 'CN/430000', parentCode: 'CN' })
})

t.test('organs, events, documents and metrics: filters, sorts and items against the tables', async (t) => {
  const byIdRow = (a: Row, b: Row): number => (a.id < b.id ? -1 : 1)
  // Organs.
  const organCases: Array<[Parameters<typeof listOrgans>[1], (o: Row) => boolean]> = [
    [{}, () => true],
    [{ kind: ['court', 'procuratorate'] }, (o) => o.kind === 'court' || o.kind === 'procuratorate'],
    [{ level: ['county'] }, (o) => o.level === 'county'],
    [{ region: ['430000'] }, (o) => inside(o.region_code, '430000')],
    [{ parent: ['baoying-psb'] }, (o) => o.parent_id === 'baoying-psb'],
    [{ id: ['baoying-psb', 'guangzhou-psb'] }, (o) => o.id === 'baoying-psb' || o.id === 'guangzhou-psb'],
    [{ q: 'police' }, (o) => o.search_text.includes('police')],
  ]
  for (const [f, keep] of organCases) {
    const expected = ORGANS.filter(keep).sort(byIdRow).map((o) => o.id)
    t.ok(expected.length > 0)
    t.same(listOrgans(ctx, f, { limit: 'all' }).items.map((o) => o.id), expected, `organs ${JSON.stringify(f)}`)
    t.same([...iterateOrgans(ctx, f, { limit: 'all' })].map((o) => o.id), expected)
    t.equal(listOrgans(ctx, f, { limit: 2, count: true }).total, expected.length)
  }
  for (const sort of ['name', '-kind', 'region,-name']) {
    t.same(walk((req) => listOrgans(ctx, {}, req), 5, sort).map((o) => o.id), sortRows(ORGANS, sort, { id: 'id', name: 'name', kind: 'kind', region: 'region_code' }, 'id').map((o) => o.id), `organs by ${sort}`)
  }
  const psbRow = ORGANS.find((o) => o.id === 'baoying-psb')!
  const psb = getOrgans(ctx, ['baoying-psb'])[0]!
  const psbRegion = REGIONS.get(psbRow.region_code)!
  t.same(psb, {
    id: 'baoying-psb', name: psbRow.name, nameZh: psbRow.name_zh, kind: psbRow.kind, level: psbRow.level,
    region: { code: psbRegion.code, name: psbRegion.name, nameZh: psbRegion.name_zh, level: psbRegion.level },
    parentId: psbRow.parent_id, inferred: psbRow.inferred === 1, note: psbRow.note,
  })
  t.same(organChildren(ctx, ['baoying-psb']).map((o) => o.id), ORGANS.filter((o) => o.parent_id === 'baoying-psb').sort(byIdRow).map((o) => o.id))
  const links = all('SELECT * FROM event_organs ORDER BY organ_id, event_id, role')
  t.same(organEvents(ctx, ['baoying-psb']), links.filter((l) => l.organ_id === 'baoying-psb').map((l) => ({ organId: l.organ_id, eventId: l.event_id, role: l.role })))
  const od = organDetail(ctx, 'baoying-psb')!
  t.same(od.events, links.filter((l) => l.organ_id === 'baoying-psb').map((l) => ({ id: l.event_id, title: EVENTS.get(l.event_id)!.title, role: l.role })))
  t.equal(od.parent?.id ?? null, psbRow.parent_id)
  t.same(od.children.map((o) => o.id), organChildren(ctx, ['baoying-psb']).map((o) => o.id))
  t.equal(od.indicatorCount, INDICATORS.filter((r) => r.organ_id === 'baoying-psb').length)
  const citations = all("SELECT * FROM citations WHERE subject_type = 'organ' AND subject_id = 'baoying-psb' ORDER BY document_id, start_offset")
  t.ok(citations.length > 0)
  t.same(od.citations, citations.map((c) => ({ documentId: c.document_id, quote: c.quote, start: c.start_offset, end: c.end_offset })))
  const child = ORGANS.find((o) => o.parent_id !== null)!
  t.equal(organDetail(ctx, child.id)!.parent!.id, child.parent_id)
  t.equal(organDetail(ctx, ORGANS.find((o) => o.parent_id === null)!.id)!.parent, null)
  t.equal(organDetail(ctx, 'nope'), null)

  // Events.
  const EV = [...EVENTS.values()]
  const eventCases: Array<[Parameters<typeof listEvents>[1], (e: Row) => boolean]> = [
    [{}, () => true],
    [{ kind: ['meeting', 'training'] }, (e) => e.kind === 'meeting' || e.kind === 'training'],
    [{ region: ['430000'] }, (e) => inside(e.region_code, '430000')],
    [{ organ: ['baoying-psb', 'cpc-central-committee'] }, (e) => links.some((l) => l.event_id === e.id && (l.organ_id === 'baoying-psb' || l.organ_id === 'cpc-central-committee'))],
    [{ parent: ['education-rectification-2021'] }, (e) => e.parent_id === 'education-rectification-2021'],
    [{ id: ['first-batch', 'second-batch'] }, (e) => e.id === 'first-batch' || e.id === 'second-batch'],
    [{ from: '2021-07' }, (e) => (e.end_date ?? e.start_date) !== null && lastDay(e.end_date ?? e.start_date) >= firstDay('2021-07')],
    [{ to: '2021-03' }, (e) => e.start_date !== null && firstDay(e.start_date) <= lastDay('2021-03')],
    [{ from: '2004-09-17', to: '2004-09-18' }, (e) => e.start_date !== null && lastDay(e.end_date ?? e.start_date) >= '2004-09-17' && firstDay(e.start_date) <= '2004-09-18'],
    [{ q: 'batch' }, (e) => e.search_text.includes('batch')],
  ]
  for (const [f, keep] of eventCases) {
    const expected = EV.filter(keep).sort(byIdRow).map((e) => e.id)
    t.ok(expected.length > 0, `events ${JSON.stringify(f)} selects some`)
    t.same(listEvents(ctx, f, { limit: 'all' }).items.map((e) => e.id), expected, `events ${JSON.stringify(f)}`)
    t.same([...iterateEvents(ctx, f, { limit: 'all' })].map((e) => e.id), expected)
  }
  t.ok(EV.some((e) => e.start_date !== null && e.end_date === null && e.start_date < '2021-07'), 'an event still running: it started before and has no end')
  for (const sort of ['start', '-start', 'title', 'kind,-start']) {
    t.same(walk((req) => listEvents(ctx, {}, req), 9, sort).map((e) => e.id), sortRows(EV, sort, { id: 'id', start: 'start_date', title: 'title', kind: 'kind' }, 'id').map((e) => e.id), `events by ${sort}`)
  }
  const fb = EVENTS.get('first-batch')!
  const fbRegion = REGIONS.get(fb.region_code)!
  t.same(getEvents(ctx, ['first-batch'])[0], {
    id: 'first-batch', title: fb.title, titleZh: fb.title_zh, kind: fb.kind, startDate: fb.start_date, startPrecision: fb.start_precision,
    endDate: fb.end_date, endPrecision: fb.end_precision,
    region: { code: fbRegion.code, name: fbRegion.name, nameZh: fbRegion.name_zh, level: fbRegion.level },
    parentId: fb.parent_id, description: fb.description, inferred: fb.inferred === 1, note: fb.note,
  })
  const childrenOf = (id: string): string[] => sortRows(EV.filter((e) => e.parent_id === id), 'start', { start: 'start_date', id: 'id' }, 'id').map((e) => e.id)
  t.same(eventChildren(ctx, ['education-rectification-2021']).map((e) => e.id), childrenOf('education-rectification-2021'), 'children by start date, then id')
  t.same(eventOrgans(ctx, ['baoying-fair-enforcement-2004']), links.filter((l) => l.event_id === 'baoying-fair-enforcement-2004').map((l) => ({ eventId: l.event_id, organId: l.organ_id, name: ORGANS.find((o) => o.id === l.organ_id)!.name, kind: ORGANS.find((o) => o.id === l.organ_id)!.kind, role: l.role })))
  const ed = eventDetail(ctx, 'first-batch')!
  t.equal(ed.parent!.id, 'education-rectification-2021')
  t.same(ed.children.map((e) => e.id), childrenOf('first-batch'))
  t.equal(ed.indicatorCount, INDICATORS.filter((r) => underEvent(r.event_id, 'first-batch')).length)
  const root = eventDetail(ctx, 'baoying-fair-enforcement-2004')!
  t.equal(root.parent, null)
  t.same(root.organs, eventOrgans(ctx, ['baoying-fair-enforcement-2004']).map((o) => ({ id: o.organId, name: o.name, kind: o.kind, role: o.role })))
  t.same(root.citations, citationsOf(ctx, 'event', ['baoying-fair-enforcement-2004']).map(({ documentId, quote, start, end }) => ({ documentId, quote, start, end })))
  t.ok(root.citations.length > 0)
  t.equal(eventDetail(ctx, 'nope'), null)
  t.same(ctx.eventIds(['first-batch'], false).sort(), EV.filter((e) => underEvent(e.id, 'first-batch')).map((e) => e.id).sort())
  t.same(ctx.eventIds(['first-batch'], true), ['first-batch'])

  // Citations.
  const cites = all("SELECT * FROM citations WHERE subject_type = 'event' AND subject_id IN ('first-batch', 'second-batch') ORDER BY subject_id, document_id, start_offset")
  t.same(citationsOf(ctx, 'event', ['second-batch', 'first-batch']), cites.map((c) => ({ subjectType: 'event', subjectId: c.subject_id, documentId: c.document_id, quote: c.quote, start: c.start_offset, end: c.end_offset })))
  t.same(citationsOf(ctx, 'organ', ['first-batch']), [], 'an event id is no organ')

  // Documents.
  const docOrder = sortRows(DOCUMENTS, 'fileName', { fileName: 'file_name', id: 'id' }, 'id').map((d) => d.id)
  t.same(listDocuments(ctx, {}, { limit: 'all' }).items.map((d) => d.id), docOrder, 'documents by file name')
  t.same(walk((req) => listDocuments(ctx, {}, req), 2, '-publishedAt').map((d) => d.id), sortRows(DOCUMENTS, '-publishedAt', { publishedAt: 'published_at', id: 'id' }, 'id').map((d) => d.id))
  t.same([...iterateDocuments(ctx, { language: ['zh-Hant'] }, { limit: 'all' })].map((d) => d.id), ['liaoning-second-batch-2022'])
  t.same(listDocuments(ctx, { id: ['first-batch-results-2021', 'liaoning-second-batch-2022'], language: ['en'] }, { limit: 'all' }).items.map((d) => d.id), ['first-batch-results-2021'])
  const d = DOCUMENTS.find((x) => x.id === 'county-psb-fair-enforcement')!
  t.same(getDocuments(ctx, [d.id])[0], {
    id: d.id, fileName: d.file_name, sha256: d.sha256, title: d.title, titleOriginal: d.title_original, language: d.language,
    publisher: d.publisher, provenance: d.provenance, publishedAt: d.published_at, publishedAtPrecision: d.published_at_precision,
    regionCode: d.region_code, inferred: d.inferred === 1, note: d.note, charCount: d.char_count,
  })
  t.equal(getDocuments(ctx, [d.id])[0]!.inferred, true)
  t.same(documentText(ctx, d.id), { rawText: d.raw_text, normalizedText: d.normalized_text })
  t.equal(documentText(ctx, 'nope'), null)
  const spans = [
    ...INDICATORS.filter((r) => r.document_id === d.id).map((r) => ({ type: 'indicator', id: r.id, start: r.start_offset, end: r.end_offset, quote: r.quote })),
    ...all('SELECT * FROM citations WHERE document_id = ?', d.id).map((c) => ({ type: c.subject_type, id: c.subject_id, start: c.start_offset, end: c.end_offset, quote: c.quote })),
  ].sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  t.same(documentSpans(ctx, d.id), spans, 'spans in text order')
  for (const s of documentSpans(ctx, d.id)) if (d.raw_text.slice(s.start, s.end) !== s.quote) t.fail(`${s.id} offsets`)
  const dd = documentDetail(ctx, d.id)!
  t.same([dd.text, dd.normalizedText, dd.spans.length, dd.id], [d.raw_text, d.normalized_text, spans.length, d.id])
  t.equal(documentDetail(ctx, 'nope'), null)
  t.same(datasetCounts(ctx), {
    documents: DOCUMENTS.length, regions: REGIONS.size, organs: ORGANS.length, events: EVENTS.size, metrics: METRICS.length,
    indicators: INDICATORS.length, citations: all('SELECT * FROM citations').length,
  })

  // Metrics.
  const metricRegions = all('SELECT mr.*, g.level FROM metric_regions mr JOIN regions g ON g.code = mr.region_code')
  const regionsOfMetric = (code: string, keep: (mr: Row) => boolean = () => true): number => metricRegions.filter((mr) => mr.metric_code === code && keep(mr)).length
  const metricDims = all('SELECT * FROM metric_dimensions')
  const metricCases: Array<[Parameters<typeof listMetrics>[1], (m: Row) => boolean]> = [
    [{}, () => true],
    [{ category: ['heroes'] }, (m) => m.category === 'heroes'],
    [{ code: ['heroes.education.sessions', 'discipline.four_forms.share'] }, (m) => m.code === 'heroes.education.sessions' || m.code === 'discipline.four_forms.share'],
    [{ dimension: ['form', 'activity'] }, (m) => metricDims.some((d) => d.metric_code === m.code && (d.dimension === 'form' || d.dimension === 'activity'))],
    [{ q: 'sessions' }, (m) => m.search_text.includes('sessions')],
    [{ coveredIn: ['430000'] }, (m) => regionsOfMetric(m.code, (mr) => inside(mr.region_code, '430000')) >= 1],
    [{ minRegions: 2 }, (m) => regionsOfMetric(m.code) >= 2],
    [{ minRegions: 3, regionLevel: ['province'] }, (m) => regionsOfMetric(m.code, (mr) => mr.level === 'province') >= 3],
    [{ regionLevel: ['county', 'prefecture'] }, (m) => regionsOfMetric(m.code, (mr) => mr.level === 'county' || mr.level === 'prefecture') >= 1],
    [{ coveredIn: ['430000', '210000'], minRegions: 2 }, (m) => regionsOfMetric(m.code, (mr) => inside(mr.region_code, '430000') || inside(mr.region_code, '210000')) >= 2],
  ]
  const byCode = (a: Row, b: Row): number => (a.code < b.code ? -1 : 1)
  for (const [f, keep] of metricCases) {
    const expected = METRICS.filter(keep).sort(byCode).map((m) => m.code)
    t.ok(expected.length > 0 && (Object.keys(f).length === 0 || expected.length < METRICS.length), `metrics ${JSON.stringify(f)} selects some`)
    t.same(listMetrics(ctx, f, { limit: 'all' }).items.map((m) => m.code), expected, `metrics ${JSON.stringify(f)}`)
    t.same([...iterateMetrics(ctx, f, { limit: 'all' })].map((m) => m.code), expected)
    t.equal(listMetrics(ctx, f, { limit: 3, count: true }).total, expected.length)
  }
  t.same(walk((req) => listMetrics(ctx, {}, req), 10, '-category,name').map((m) => m.code), sortRows(METRICS, '-category,name', { category: 'category', name: 'name', code: 'code' }, 'code').map((m) => m.code))
  const share = getMetrics(ctx, ['discipline.four_forms.share'])[0]!
  const shareRow = METRICS.find((m) => m.code === 'discipline.four_forms.share')!
  t.same({ ...share, dimensions: undefined, coverage: undefined }, { code: shareRow.code, name: shareRow.name, unit: shareRow.unit, category: shareRow.category, description: shareRow.description, indicatorCount: shareRow.indicator_count, dimensions: undefined, coverage: undefined })
  t.same(share.dimensions, [{ name: 'form', label: dimension('form')!.label, description: dimension('form')!.description, values: dimension('form')!.values.map((v) => ({ value: v.value, label: v.label, total: v.total ?? false })) }], 'dimensions with their values in order')
  const sessions = getMetrics(ctx, ['heroes.education.sessions'])[0]!
  const rowsOf = INDICATORS.filter((r) => r.metric_code === 'heroes.education.sessions')
  const tally = (key: string): Array<[string, number]> => {
    const counts = new Map<string, number>()
    for (const r of rowsOf) counts.set(r[key], (counts.get(r[key]) ?? 0) + 1)
    return [...counts].sort()
  }
  t.same(sessions.coverage.regions.map((r) => [r.code, r.count]), tally('region_code'), 'coverage: regions in code order with counts')
  t.same(sessions.coverage.documents.map((d) => [d.id, d.count]), tally('document_id'), 'coverage: documents in id order with counts')
  t.same([sessions.coverage.count, sessions.coverage.firstDate, sessions.coverage.lastDate], [rowsOf.length, rowsOf.map((r) => r.date).sort()[0], rowsOf.map((r) => r.date).sort().at(-1)])
  const region0 = REGIONS.get(sessions.coverage.regions[0]!.code)!
  t.same(sessions.coverage.regions[0], { code: region0.code, name: region0.name, nameZh: region0.name_zh, level: region0.level, count: tally('region_code')[0]![1] })
  t.equal(sessions.coverage.documents[0]!.title, DOCUMENTS.find((x) => x.id === sessions.coverage.documents[0]!.id)!.title)
  t.ok(sessions.dimensions.some((d) => d.values.some((v) => v.total)), 'a value that stands for all the others is marked total')
  const refs = getMetricRefs(ctx, ['heroes.education.sessions', 'discipline.four_forms.share'])
  const ref = refs.find((m) => m.code === 'heroes.education.sessions')!
  t.same(ref.coverage, { count: sessions.coverage.count, firstDate: sessions.coverage.firstDate, lastDate: sessions.coverage.lastDate, metricCode: 'heroes.education.sessions' }, 'a reference: coverage without its lists')
  t.same({ ...ref, coverage: null }, { ...sessions, coverage: null })
  const lists = metricCoverageLists(ctx, ['heroes.education.sessions', 'no.such.metric'], 'regions')
  t.same(lists.get('heroes.education.sessions'), sessions.coverage.regions)
  t.same(lists.get('no.such.metric'), [])
  t.same(metricCoverageLists(ctx, ['heroes.education.sessions'], 'documents').get('heroes.education.sessions'), sessions.coverage.documents)
})

t.test('items carry the tables\' flags and their nested lists in order; cursors name their list', async (t) => {
  // Inferred is a 0/1 column: both values occur, and each item says what its row says.
  const organRows = new Map(ORGANS.map((o) => [o.id as string, o]))
  const organs = listOrgans(ctx, {}, { limit: 'all' }).items
  t.same(new Set(organs.map((o) => o.inferred)), new Set([true, false]), 'organs: inferred and stated both occur')
  for (const o of organs) t.equal(o.inferred, organRows.get(o.id)!.inferred === 1, `organ ${o.id}`)
  const events = listEvents(ctx, {}, { limit: 'all' }).items
  t.same(new Set(events.map((e) => e.inferred)), new Set([true, false]), 'events: inferred and stated both occur')
  for (const e of events) t.equal(e.inferred, EVENTS.get(e.id)!.inferred === 1, `event ${e.id}`)
  const documentRows = new Map(DOCUMENTS.map((d) => [d.id as string, d]))
  for (const d of listDocuments(ctx, {}, { limit: 'all' }).items) t.equal(d.inferred, documentRows.get(d.id)!.inferred === 1, `document ${d.id}`)
  const doc = listDocuments(ctx, {}, { limit: 1 }).items[0]!
  for (const [raw, inferred] of [[1, true], [0, false], [true, true], [false, false]] as const) {
    t.equal(mapDocument({ ...doc, inferred: raw }).inferred, inferred, `a document's inferred ${String(raw)} (SQLite's 0/1 or a boolean)`)
  }

  // A metric's dimensions and values by position, its coverage's regions by code and documents by
  // id, whatever order the JSON comes in; equal keys keep their order.
  const region = (code: string, count: number) => ({ code, name: code, nameZh: code, level: 'province', count })
  const metric = mapMetric({
    code: 'm', name: 'M', unit: 'persons', category: 'c', description: '', indicatorCount: 3, firstDate: null, lastDate: null,
    dimensionsJson: JSON.stringify([
      { name: 'b', label: 'B', description: '', position: 2, values: [{ value: 'y', label: 'Y', total: 0, position: 1 }, { value: 'x', label: 'X', total: 1, position: 0 }] },
      { name: 'a', label: 'A', description: '', position: 1, values: [] },
    ]),
    regionsJson: JSON.stringify([region('430000', 1), region('110000', 2), region('320000', 3), region('320000', 4)]),
    documentsJson: JSON.stringify([{ id: 'z', title: 'Z', count: 1 }, { id: 'a', title: 'A', count: 2 }]),
  })
  t.same(metric.dimensions.map((d) => d.name), ['a', 'b'])
  t.same(metric.dimensions[1]!.values, [{ value: 'x', label: 'X', total: true }, { value: 'y', label: 'Y', total: false }])
  t.same(metric.coverage.regions.map((r) => [r.code, r.count]), [['110000', 2], ['320000', 3], ['320000', 4], ['430000', 1]])
  t.same(metric.coverage.documents.map((d) => d.id), ['a', 'z'])
  const tie = mapMetric({ ...(metric as any), indicatorCount: 2, dimensionsJson: '[]', regionsJson: JSON.stringify([region('320000', 5), region('320000', 6)]), documentsJson: '[]' })
  t.same(tie.coverage.regions.map((r) => r.count), [5, 6], 'equal codes keep their order')

  t.same(metricListShape(ctx, {}).where, [], 'metrics: no filter, no condition (a metric with no figures yet is listed too)')
  t.equal(metricListShape(ctx, { minRegions: 1 }).where.length, 1)

  // Each list's cursor is signed with its own name.
  const lists: Array<[string, (req: ListRequest) => Page<unknown>]> = [
    ['regions', (req) => listRegions(ctx, {}, req)], ['organs', (req) => listOrgans(ctx, {}, req)], ['events', (req) => listEvents(ctx, {}, req)],
    ['documents', (req) => listDocuments(ctx, {}, req)], ['metrics', (req) => listMetrics(ctx, {}, req)], ['indicators', (req) => listIndicators(ctx, {}, req)],
  ]
  for (const [name, list] of lists) {
    const next = list({ limit: 1 }).next!
    t.match(JSON.parse(Buffer.from(next, 'base64url').toString()).s, new RegExp(`^${name}:`), `a cursor of ${name}`)
  }
})

t.test('batched reads: each parent\'s page is the page its own list gives', async (t) => {
  const cache = new StatementCache(db)
  const codes = ['430000', '210000', '321000', 'CN', '654000']
  for (const req of [{ first: 3, sort: '-date' }, { first: 2 }, { first: 50, sort: 'value' }, { first: 1, sort: 'metric,-value' }]) {
    const pages = pagesByParent(cache, indicatorListShape(ctx, {}), byRegionTree(ctx, 'i.region_code', codes, false), codes, req, mapId)
    for (const code of codes) {
      const own = pageOf(cache, indicatorListShape(ctx, { region: [code] }), req, mapId)
      t.same(pages.get(code), own, `${code} ${JSON.stringify(req)}`)
    }
    const exact = pagesByParent(cache, indicatorListShape(ctx, {}), byRegionTree(ctx, 'i.region_code', codes, true), codes, req, mapId)
    for (const code of codes) t.same(exact.get(code), pageOf(cache, indicatorListShape(ctx, { region: [code], regionScope: 'exact' }), req, mapId), `${code} exactly`)
  }
  t.equal(pagesByParent(cache, indicatorListShape(ctx, {}), byRegionTree(ctx, 'i.region_code', ['654000'], false), ['654000'], { first: 3 }, mapId).get('654000')!.edges.length, 0, 'no figures: an empty page')
  // After a cursor: the rest of each parent's list.
  const first = pageOf(cache, indicatorListShape(ctx, { region: ['430000'] }), { first: 4, sort: '-date' }, mapId)
  t.ok(first.hasNextPage)
  const after = first.edges.at(-1)!.cursor
  const rest = pagesByParent(cache, indicatorListShape(ctx, {}), byRegionTree(ctx, 'i.region_code', ['430000'], false), ['430000'], { first: 4, sort: '-date', after }, mapId)
  t.same(rest.get('430000'), pageOf(cache, indicatorListShape(ctx, { region: ['430000'] }), { first: 4, sort: '-date', after }, mapId))
  t.same(rest.get('430000')!.edges.map((e) => e.node), listIndicators(ctx, { region: ['430000'] }, { limit: 8, sort: '-date' }).items.slice(4).map((i) => i.id))
  // Each edge's cursor continues after that very item.
  for (const [i, edge] of first.edges.entries()) {
    t.same(pageOf(cache, indicatorListShape(ctx, { region: ['430000'] }), { first: 1, sort: '-date', after: edge.cursor }, mapId).edges[0]?.node,
      listIndicators(ctx, { region: ['430000'] }, { limit: 'all', sort: '-date' }).items[i + 1]?.id)
  }
  const counts = countsByParent(cache, indicatorListShape(ctx, {}), byRegionTree(ctx, 'i.region_code', codes, false), codes)
  t.same(Object.fromEntries(counts), Object.fromEntries(codes.map((c) => [c, INDICATORS.filter((r) => inside(r.region_code, c)).length])))
  t.equal(countOf(cache, indicatorListShape(ctx, { region: ['430000'] })), INDICATORS.filter((r) => inside(r.region_code, '430000')).length)
  // Events and their descendants; organs by key; links with roles.
  const evs = ['first-batch', 'second-batch', 'education-rectification-2021']
  const evPages = pagesByParent(cache, indicatorListShape(ctx, {}), byEventTree(ctx, 'i.event_id', evs), evs, { first: 5 }, mapId)
  for (const e of evs) t.same(evPages.get(e), pageOf(cache, indicatorListShape(ctx, { event: [e] }), { first: 5 }, mapId), e)
  const children = pagesByParent(cache, regionListShape(ctx, {}), byKey('g.parent_code', ['430000', '210000']), ['430000', '210000'], { first: 5, sort: '-name' }, (r: Row) => r.code)
  t.same(children.get('430000')!.edges.map((e) => e.node), sortRows([...REGIONS.values()].filter((r) => r.parent_code === '430000'), '-name', { name: 'name', code: 'code' }, 'code').slice(0, 5).map((r) => r.code))
  t.equal(children.get('430000')!.hasNextPage, true)
  const pairs = pagesByParent(cache, organListShape(ctx, {}), byPairs('o.id', [['a', 'baoying-psb'], ['a', 'guangzhou-psb'], ['b', 'guangzhou-psb']]), ['a', 'b', 'c'], { first: 10 }, mapId)
  t.same([...pairs].map(([k, p]) => [k, p.edges.map((e) => e.node), p.hasNextPage]), [['a', ['baoying-psb', 'guangzhou-psb'], false], ['b', ['guangzhou-psb'], false], ['c', [], false]])
  const links = all('SELECT * FROM event_organs')
  const roles = pagesByParent(cache, organListShape(ctx, {}), eventOrganLinks(['baoying-fair-enforcement-2004']), ['baoying-fair-enforcement-2004'], { first: 20 }, mapId).get('baoying-fair-enforcement-2004')!
  t.same(roles.edges.map((e) => [e.node, JSON.parse(e.link!)]), [...new Set(links.filter((l) => l.event_id === 'baoying-fair-enforcement-2004').map((l) => l.organ_id as string))].sort().map((o) => [o, links.filter((l) => l.event_id === 'baoying-fair-enforcement-2004' && l.organ_id === o).map((l) => l.role).sort()]))
  const organLinks = pagesByParent(cache, eventListShape(ctx, {}), organEventLinks(['baoying-psb']), ['baoying-psb'], { first: 100 }, mapId).get('baoying-psb')!
  t.same(organLinks.edges.map((e) => e.node), [...new Set(links.filter((l) => l.organ_id === 'baoying-psb').map((l) => l.event_id as string))].sort())
  t.ok(organLinks.edges.every((e) => Array.isArray(JSON.parse(e.link!))))
  const cited = pagesByParent(cache, eventListShape(ctx, {}), documentEventLinks(['first-batch-results-2021']), ['first-batch-results-2021'], { first: 100 }, mapId).get('first-batch-results-2021')!
  t.same(cited.edges.map((e) => e.node), [...new Set(all("SELECT subject_id FROM citations WHERE subject_type = 'event' AND document_id = 'first-batch-results-2021'").map((c) => c.subject_id as string))].sort())
  t.ok(cited.edges.every((e) => e.link === null), 'no link where the membership has none')
  t.same(Object.fromEntries(countsByParent(cache, eventListShape(ctx, {}), organEventLinks(['baoying-psb', 'nope']), ['baoying-psb', 'nope'])), { 'baoying-psb': organLinks.edges.length, nope: 0 })
  t.same(pageOf(cache, metricListShape(ctx, {}), { first: 2 }, (m: Row) => m.code).edges.map((e) => e.node), METRICS.map((m) => m.code).sort().slice(0, 2))
  t.same(pageOf(cache, documentListShape({}), { first: 10 }, (d: Row) => d.id).hasNextPage, false)
  // Ancestors, texts and spans of many, in one statement each.
  const before = cache.executed
  const anc = regionAncestorsOf(ctx, ['321023', 'CN', '430000', '000000'])
  t.same(Object.fromEntries([...anc].map(([k, v]) => [k, v.map((r) => r.code)])), { 321023: ['CN', '320000', '321000'], CN: [], 430000: ['CN'], '000000': [] })
  t.same(anc.get('321023')![1], getRegion(ctx, '320000'))
  const texts = documentTexts(ctx, ['county-psb-fair-enforcement', 'nope'])
  t.same([...texts.keys()], ['county-psb-fair-enforcement'])
  t.same(texts.get('county-psb-fair-enforcement'), documentText(ctx, 'county-psb-fair-enforcement'))
  const spans = documentSpansOf(ctx, ['county-psb-fair-enforcement', 'liaoning-second-batch-2022', 'nope'])
  t.same(spans.get('county-psb-fair-enforcement'), documentSpans(ctx, 'county-psb-fair-enforcement'))
  t.same(spans.get('liaoning-second-batch-2022'), documentSpans(ctx, 'liaoning-second-batch-2022'))
  t.same(spans.get('nope'), [])
  t.equal(cache.executed - before, 0, 'these read through the context\'s own cache')
})

function mapId (r: Row): string {
  return (r.id ?? r.code) as string
}

t.test('the statement cache: prepared once per text, bounded, every run counted', async (t) => {
  const cache = new StatementCache(db, 2)
  t.equal(cache.executed, 0)
  t.same(cache.all<{ n: number }>('SELECT 1 AS n'), [{ n: 1 }])
  t.same(cache.one<{ n: number }>('SELECT ? AS n', [2]), { n: 2 })
  t.equal(cache.one('SELECT 1 WHERE 0'), undefined)
  t.same([...cache.iterate<{ n: number }>('SELECT 3 AS n UNION ALL SELECT 4')].map((r) => r.n), [3, 4])
  t.equal(cache.executed, 4)
  t.equal(cache.size, 3 > 2 ? 2 : 3, 'at most two statements held')
  const s = cache.get('SELECT ? AS n')
  t.equal(cache.get('SELECT ? AS n'), s, 'the same text, the same statement')
  cache.get('SELECT 5')
  cache.get('SELECT 6')
  t.not(cache.get('SELECT ? AS n'), s, 'pushed out, then prepared again')
  t.equal(new StatementCache(db).size, 0)
  t.equal(ctx.cache instanceof StatementCache, true)
  t.equal(ctx.version, (db.prepare("SELECT value FROM dataset_info WHERE key = 'version'").get() as { value: string }).value)
  t.ok(ctx.hasTable('indicators') && ctx.hasTable('indicator_counts') && !ctx.hasTable('nope'))
})
