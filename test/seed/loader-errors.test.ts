// Every check of the seed loader, each with the exact error a curator sees (code, file, entry,
// message), and what the loader builds from good entries: the error messages are the curators'
// only guide to a fix, and the dataset is what the database is built from. Cases share a load
// where they can (one file of bad entries, each judged by its own label) to keep this file fast.
import t, { type Test } from 'tap'
import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { stringify } from 'yaml'
import {
  checkValue, chromeSpans, datePrecision, formatSeedError, loadSeed, loadSeedUnchecked, metricCoverage,
  SeedValidationError, datasetVersion, type Dataset, type LoadedIndicator, type LoadedPendingIndicator, type SeedError, type SeedErrorCode,
} from '../../seed/loader.js'
import type { IndicatorEntry } from '../../seed/format.js'
import { CATEGORY_CODES, UNITS } from '../../src/domain/index.js'
import { migrationsDir } from '../../src/paths.js'
import { tempDir } from '../temp.js'

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'seed')
const root = tempDir('cf-loader-errors-')

/** A file's new content, null to delete it, or replacements in the fixture's copy of it. */
type Change = string | null | Array<[string, string]>

interface Loaded { dataset: Dataset, errors: SeedError[], dir: string, at: (file: string) => string }

let copies = 0
/** The fixture seed with some files changed, loaded; `at` gives a file's name as errors give it. */
function load (changes: Record<string, Change> = {}, allowDrafts?: boolean): Loaded {
  const dir = join(root, String(copies++))
  cpSync(FIXTURE, dir, { recursive: true })
  for (const [file, change] of Object.entries(changes)) {
    const path = join(dir, file)
    if (change === null) {
      rmSync(path, { recursive: true, force: true })
    } else if (typeof change === 'string') {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, change)
    } else {
      let text = readFileSync(path, 'utf8')
      for (const [from, to] of change) {
        if (!text.includes(from)) throw new Error(`${file} has no ${from}`)
        text = text.replace(from, to)
      }
      writeFileSync(path, text)
    }
  }
  const { dataset, errors } = loadSeedUnchecked(allowDrafts === undefined ? { seedDir: dir, migrationsDir } : { seedDir: dir, migrationsDir, allowDrafts })
  return { dataset, errors, dir, at: (file) => relative(process.cwd(), join(dir, file)) }
}

/**
 * A YAML list of entries, at the top of the file (a catalog) or under `section` of a facts file
 * for the fixture's document, with the label the loader gives each entry.
 */
function entries (section: string, list: unknown[], facts: boolean): { text: string, labels: string[] } {
  const lines = facts ? ['document: fixture-report', `${section}:`] : []
  const labels: string[] = []
  list.forEach((entry, i) => {
    const item = stringify([entry]).trimEnd().split('\n').map((l) => (facts ? `  ${l}` : l))
    const e = entry as { id?: string, code?: string } | null
    const id = e && typeof e === 'object' ? e.id ?? e.code : undefined
    labels.push(`${section}[${i}]${id !== undefined ? ` id=${id}` : ''} (line ${lines.length + 1})`)
    lines.push(...item)
  })
  return { text: `${lines.join('\n')}\n`, labels }
}

type Expected = Array<[SeedErrorCode, string]>

/** The errors of one entry, in the order found. */
function errorsAt (errors: SeedError[], file: string, entry: string): Expected {
  return errors.filter((e) => e.file === file && e.entry === entry).map((e) => [e.code, e.message])
}

/**
 * One load for a table of entries: each case's errors are exactly those expected, and no error
 * falls outside the cases.
 */
function judge (t: Test, loaded: Loaded, file: string, cases: Array<{ name: string, label: string, errors: Expected }>): void {
  const at = loaded.at(file)
  for (const c of cases) t.strictSame(errorsAt(loaded.errors, at, c.label), c.errors, c.name)
  const labels = new Set(cases.map((c) => c.label))
  t.strictSame(loaded.errors.filter((e) => !(e.file === at && labels.has(e.entry))), [], 'no other error')
}

// ---- dates, values and chrome, as functions ----

t.test('datePrecision: a reduced ISO calendar date from 1949 to 2100', async (t) => {
  const cases: Array<[string, string | null]> = [
    ['2021', 'year'], ['2021-07', 'month'], ['2021-07-26', 'day'],
    ['1949', 'year'], ['1948', null], ['2100-12-31', 'day'], ['2101', null],
    ['2021-01', 'month'], ['2021-12', 'month'], ['2021-00', null], ['2021-13', null],
    ['2021-01-01', 'day'], ['2021-01-31', 'day'], ['2021-01-00', null], ['2021-01-32', null],
    ['2021-04-30', 'day'], ['2021-04-31', null],
    ['2024-02-29', 'day'], ['2023-02-29', null], ['2023-02-28', 'day'], ['2000-02-29', 'day'], ['2100-02-29', null],
    // Only the three shapes, whole: other text of the same length is no date.
    ['21', null], ['20210', null], ['2021-7', null], ['2021-07-6', null], ['2021/07/26', null], ['2021-07-26T00', null],
    ['abc2021', null], ['2021abc', null], ['x2021-07-2', null], ['2021-07abc', null], ['2021-07-26 ', null], ['', null],
    ['２０２１', null], ['2021-0a', null], ['2021-07-2a', null], ['0002021-01', null], ['2021-00012', null],
  ]
  for (const [s, p] of cases) t.equal(datePrecision(s), p, JSON.stringify(s))
})

const INDICATOR = {
  id: 'x', metric: 'education.warning.sessions', value: 1200, valueText: '1,200', qualifier: 'exact',
  date: '2021-07-26', region: '430700', quote: 'Changde held 1,200 warning education sessions',
} as const

t.test('checkValue: value, valueText, qualifier and the words of the quote agree', async (t) => {
  const check = (over: Partial<Record<keyof IndicatorEntry, unknown>>, basis: 'stated' | 'corrected' | 'derived' = 'stated'): string | null =>
    checkValue({ ...INDICATOR, ...over } as IndicatorEntry, basis)
  t.equal(check({}), null, 'as stated')
  t.equal(check({ value: 1300 }, 'corrected'), null, 'a corrected value is the curator\'s')
  t.equal(check({ value: 1300, qualifier: 'nearly' }, 'derived'), null, 'a derived value too')
  t.equal(check({ value: 1300 }), 'value 1300 disagrees with the number in the quote: "1,200" reads as 1200')
  t.equal(check({ value: 1199 }), 'value 1199 disagrees with the number in the quote: "1,200" reads as 1200')
  t.equal(check({ value: 1200.000001 }), null, 'within a billionth')
  t.equal(check({ value: 1200.00001 }), 'value 1200.00001 disagrees with the number in the quote: "1,200" reads as 1200', 'beyond a billionth')
  t.equal(check({ value: 0.0000000005, valueText: '0', quote: 'held 0 sessions' }), null, 'near zero, a fixed billionth')
  t.equal(check({ value: 0.000000002, valueText: '0', quote: 'held 0 sessions' }), 'value 2e-9 disagrees with the number in the quote: "0" reads as 0')
  t.equal(check({ value: 1e-9, valueText: '0', quote: 'held 0 sessions' }), null, 'a billionth is within a billionth')
  t.equal(check({ value: -1200 }), 'value -1200 disagrees with the number in the quote: "1,200" reads as 1200', 'a sign is a difference')
  t.equal(check({ valueText: 'many', quote: 'held many sessions' }),
    'valueText "many" is not a number the parser understands; fix it or give valueBasis corrected with a valueNote')
  t.equal(check({ value: 5700, valueText: '5700余', quote: '谈心谈话5700余人次' }), 'qualifier \'exact\' disagrees with valueText "5700余", which reads as more_than')
  t.equal(check({ value: 5700, valueText: '5700余', qualifier: 'more_than', quote: '谈心谈话5700余人次' }), null)
  t.equal(check({ value: 5000, valueText: '5,000', quote: 'with more than 5,000 participants' }),
    'qualifier \'exact\' disagrees with the words before the number in the quote ("with more than")')
  t.equal(check({ value: 5000, valueText: '5,000', qualifier: 'more_than', quote: 'with more than 5,000 participants' }), null)
  // What the message shows: the last 20 characters before the number, trimmed.
  const words: Array<[string, string, string]> = [
    ['more than', 'more_than', 'city held more than'], ['over', 'more_than', 'the city held over'],
    ['exceeding', 'more_than', 'city held exceeding'], ['nearly', 'nearly', 'he city held nearly'],
    ['almost', 'nearly', 'he city held almost'], ['close to', 'nearly', 'city held close to'],
    ['about', 'approximately', 'the city held about'], ['around', 'approximately', 'he city held around'],
    ['approximately', 'approximately', 'held approximately'], ['some', 'approximately', 'the city held some'],
    ['at least', 'at_least', 'city held at least'], ['At Least', 'at_least', 'city held At Least'],
  ]
  for (const [word, qualifier, shown] of words) {
    const quote = `the city held ${word} 1,200 sessions`
    t.equal(check({ quote, qualifier }), null, `"${word}" stands behind ${qualifier}`)
    t.equal(check({ quote, qualifier: 'exact' }), `qualifier 'exact' disagrees with the words before the number in the quote ("${shown}")`, `"${word}" is no exact figure`)
    const other = qualifier === 'nearly' ? 'approximately' : 'nearly'
    t.equal(check({ quote, qualifier: other }), `qualifier '${other}' disagrees with the words before the number in the quote ("${shown}")`, `"${word}" is not ${other}`)
  }
  for (const [word, qualifier] of [['over', 'more_than'], ['nearly', 'nearly'], ['about', 'approximately'], ['at least', 'at_least']]) {
    t.equal(check({ quote: `the city held ${word}1,200 sessions`, qualifier }), null, `no space needed after "${word}"`)
  }
  t.equal(check({ quote: 'about 1,200 sessions were held by over a hundred towns' }), 'qualifier \'exact\' disagrees with the words before the number in the quote ("about")', 'the words just before the number, not after')
  t.equal(check({ quote: 'held about a year ago: 1,200 sessions' }), null, 'words that do not stand just before the number do not count')
  t.equal(check({ quote: 'a moreover 1,200 sessions' }), 'qualifier \'exact\' disagrees with the words before the number in the quote ("a moreover")', 'the words are not matched as whole words')
  t.equal(check({ qualifier: 'approximately' }), 'qualifier \'approximately\' has no word in the quote behind it; add a note saying why')
  t.equal(check({ qualifier: 'approximately', note: 'Rounded in the table.' }), null, 'a note says why')
  t.equal(check({ value: 5700, valueText: '5700', qualifier: 'more_than', quote: '谈心谈话5700余人次' }), null, '余 after the number stands behind a lower bound')
  t.equal(check({ value: 5700, valueText: '5700', qualifier: 'more_than', quote: '谈心谈话5700多人次' }), null, '多 too')
  t.equal(check({ value: 5700, valueText: '5700', qualifier: 'more_than', quote: '谈心谈话5700人次余' }), 'qualifier \'more_than\' has no word in the quote behind it; add a note saying why', 'only right after the number')
  t.equal(check({ value: 5700, valueText: '5700', qualifier: 'more_than', quote: '谈心谈话5700人余次' }), null, 'or one character later')
  t.equal(check({ value: 5700, valueText: '5700', qualifier: 'more_than', quote: '余谈心谈话5700人次' }), 'qualifier \'more_than\' has no word in the quote behind it; add a note saying why', 'not before the number')
  t.equal(check({ value: 5, valueText: '5', qualifier: 'more_than', quote: '5 and 5余' }), 'qualifier \'more_than\' has no word in the quote behind it; add a note saying why', 'after the first time the number stands')
  t.equal(check({ quote: 'so, 1,200 over 1,200 sessions', qualifier: 'more_than' }), 'qualifier \'more_than\' has no word in the quote behind it; add a note saying why', 'before the first time the number stands')
})

t.test('chromeSpans: where a document\'s page chrome stands', async (t) => {
  const raw = 'MENU Home | News\nThe report.\nMENU again\nFooter: contact us\nend'
  t.strictSame(chromeSpans(raw, { start: 'Home', reason: 'r' }), [{ start: 5, end: 9 }], 'the start alone')
  t.strictSame(chromeSpans(raw, { start: 'Home', end: 'News', reason: 'r' }), [{ start: 5, end: 16 }], 'from the start to the end')
  t.strictSame(chromeSpans(raw, { start: 'Footer', toEnd: true, reason: 'r' }), [{ start: 40, end: raw.length }], 'to the end of the text')
  t.strictSame(chromeSpans(raw, { start: 'Footer', toEnd: true, end: 'us', reason: 'r' }), [{ start: 40, end: raw.length }], 'toEnd wins over an end')
  t.strictSame(chromeSpans(raw, { start: 'MENU', all: true, reason: 'r' }), [{ start: 0, end: 4 }, { start: 29, end: 33 }], 'every occurrence')
  t.strictSame(chromeSpans(raw, { start: 'MENU', all: false, end: 'News', reason: 'r' }), 'chrome start: quote "MENU" is found 2 times in the document; add an anchor or an occurrence')
  t.equal(chromeSpans(raw, { start: 'SIDEBAR', all: true, reason: 'r' }), 'chrome text "SIDEBAR" is not in the document')
  t.equal(chromeSpans(raw, { start: 'SIDEBAR', reason: 'r' }), 'chrome start: quote "SIDEBAR" is not in the document')
  t.equal(chromeSpans(raw, { start: 'MENU', reason: 'r' }), 'chrome start: quote "MENU" is found 2 times in the document; add an anchor or an occurrence')
  t.equal(chromeSpans(raw, { start: 'News', end: 'Home', reason: 'r' }), 'chrome end "Home" does not follow its start')
  t.strictSame(chromeSpans(raw, { start: 'report', end: 'MENU', reason: 'r' }), [{ start: 21, end: 33 }], 'the first end after the start')
  t.strictSame(chromeSpans('ab-ab', { start: 'ab-', end: 'ab', reason: 'r' }), [{ start: 0, end: 5 }], 'an end that starts right after the start')
  t.equal(chromeSpans('abab', { start: 'aba', end: 'ab', reason: 'r' }), 'chrome end "ab" does not follow its start', 'an end that overlaps the start does not follow it')
})

t.test('errors are formatted file, entry, message and code', async (t) => {
  const e: SeedError = { file: 'seed/facts/a.yaml', entry: 'indicators[0] id=x (line 3)', code: 'quote', message: 'quote "x" is not in the document' }
  t.equal(formatSeedError(e), 'seed/facts/a.yaml: indicators[0] id=x (line 3): quote "x" is not in the document [quote]')
  const err = new SeedValidationError([e, { ...e, code: 'unknown_metric', message: 'unknown metric \'m\'' }])
  t.equal(err.message, [
    '2 seed error(s):',
    'seed/facts/a.yaml: indicators[0] id=x (line 3): quote "x" is not in the document [quote]',
    'seed/facts/a.yaml: indicators[0] id=x (line 3): unknown metric \'m\' [unknown_metric]',
  ].join('\n'))
  t.equal(err.errors.length, 2)
})

t.test('metricCoverage: per metric, how many figures, when, where and from which documents', async (t) => {
  const figure = (metricCode: string, date: string, regionCode: string, documentId: string): LoadedIndicator => ({ metricCode, date, regionCode, documentId }) as LoadedIndicator
  const metrics = [{ code: 'a.b.c' }, { code: 'a.b.unused' }, { code: 'a.b.d' }] as Dataset['metrics']
  const indicators = [
    figure('a.b.c', '2021-07', '430700', 'doc-b'),
    figure('a.b.d', '2020', '110000', 'doc-a'),
    figure('a.b.c', '2021-03-05', '110000', 'doc-c'),
    figure('a.b.c', '2022', '430700', 'doc-a'),
    figure('a.b.c', '2021', '430000', 'doc-b'),
  ]
  t.strictSame(metricCoverage({ metrics, indicators }), [
    {
      metricCode: 'a.b.c', count: 4, firstDate: '2021', lastDate: '2022',
      regions: [{ regionCode: '110000', count: 1 }, { regionCode: '430000', count: 1 }, { regionCode: '430700', count: 2 }],
      documents: [{ documentId: 'doc-a', count: 1 }, { documentId: 'doc-b', count: 2 }, { documentId: 'doc-c', count: 1 }],
    },
    { metricCode: 'a.b.unused', count: 0, firstDate: null, lastDate: null, regions: [], documents: [] },
    {
      metricCode: 'a.b.d', count: 1, firstDate: '2020', lastDate: '2020',
      regions: [{ regionCode: '110000', count: 1 }], documents: [{ documentId: 'doc-a', count: 1 }],
    },
  ])
})

// ---- the good paths ----

/** A metric with two dimensions, declared out of the vocabulary's order. */
const HERO_METRIC = {
  code: 'heroes.activities.held', name: 'Activities held', unit: 'sessions', description: 'Hero activities held.',
  dimensions: { area: ['all', 'rural'], activity: ['all', 'report_meeting'] },
}

const SECOND_TEXT = [
  'SITE HEADER',
  '第二份报告',
  '2021年3月至6月，常德市中级人民法院开展活動(dòng)120场。  ',
  '',
  '',
  '',
  '活動(dòng)合计120场。',
  'SITE FOOTER',
  'footer links',
  '',
].join('\n')

/** The fixture with a second document, a second catalog of each kind and a second facts file. */
const rich = (): Loaded => load({
  'documents/second.txt': SECOND_TEXT,
  'documents/second.yaml': stringify({
    id: 'second-report', fileName: 'second.txt', sha256: createHash('sha256').update(SECOND_TEXT).digest('hex'),
    title: 'Second report', titleOriginal: '第二份报告', language: 'zh-Hans', publisher: 'Changde court',
    provenance: 'Written for the tests.', inferred: true, note: 'No date on the page.', stripPinyin: true,
    chrome: [{ start: 'SITE HEADER', reason: 'site header' }, { start: 'SITE FOOTER', toEnd: true, reason: 'site footer' }],
  }),
  'documents/readme.md': 'Not a document.\n',
  'catalog/metrics/more.yml': stringify([HERO_METRIC]),
  'catalog/metrics/notes.txt': '- code: not.a.metric\n',
  'catalog/metrics/more.yaml.orig': '- code: not.a.metric\n',
  'facts/second.yaml.orig': 'document: no-such-report\n',
  'catalog/organs/more.yaml': stringify([{
    id: 'court-division', name: 'Enforcement division', nameZh: '执行局', kind: 'court', level: 'prefecture',
    region: 430700, parent: 'changde-intermediate-court', inferred: true, note: 'A division of the court.',
  }]),
  'catalog/events/more.yaml': stringify([
    {
      id: 'fixture-stage', title: 'Stage', kind: 'campaign_phase', region: '430000', parent: 'fixture-phase', start: '2021-03',
      startPrecision: 'month', end: '2021-06-30', endPrecision: 'day', organs: [{ organ: 'court-division', role: 'lead' }, { organ: 'changde-intermediate-court', role: 'lead' }],
    },
    {
      id: 'fixture-phase', title: 'Phase', titleZh: '阶段', kind: 'campaign_phase', region: '430700', parent: 'fixture-campaign',
      description: 'The first phase.', inferred: true, note: 'Dates from the plan.', start: '2021',
    },
  ]),
  'facts/second.yaml': stringify({
    document: 'second-report',
    indicators: [{
      id: 'second-activities', metric: 'heroes.activities.held', dimensions: { activity: 'all', area: 'rural' }, value: 120, valueText: '120',
      qualifier: 'exact', date: '2021-06', datePrecision: 'month', periodStart: '2021-03', region: 430700, organ: 'court-division',
      event: 'fixture-stage', quote: '开展活動(dòng)120场', valueBasis: 'derived', valueNote: 'Summed over the towns.',
      dateBasis: 'inferred', dateNote: 'From the phase.', regionBasis: 'inferred', regionNote: 'The report is Changde\'s.', note: 'Counted as sessions.',
    }],
    citations: [
      { organ: 'court-division', quote: '常德市中级人民法院' },
      { event: 'fixture-phase', quote: '2021年3月至6月' },
      { event: 'fixture-stage', quote: '120场', anchor: '合计120场' },
    ],
    ignore: [{ quote: '120场', all: true, reason: 'counted above' }],
    dropped: [{ id: 'second-old', reason: 'Merged into second-activities.' }],
  }),
})

t.test('a good seed loads whole: every field of every kind of entry', async (t) => {
  const { dataset: d, errors, at, dir } = rich()
  t.strictSame(errors, [])
  t.strictSame(d.warnings, [])
  t.strictSame(d.pending, [])
  t.equal(d.version, datasetVersion(dir, migrationsDir))
  t.ok(d.regions.some((r) => r.code === '430700') && d.regions.some((r) => r.code === 'CN'), 'the gazetteer')
  t.strictSame(d.documents.map((x) => x.id), ['fixture-report', 'second-report'], 'documents in the order of their file names')
  const second = d.documents[1]!
  t.strictSame(second, {
    id: 'second-report', fileName: 'second.txt', sha256: createHash('sha256').update(SECOND_TEXT).digest('hex'),
    title: 'Second report', titleOriginal: '第二份报告', language: 'zh-Hans', publisher: 'Changde court',
    provenance: 'Written for the tests.', publishedAt: null, publishedAtPrecision: null, regionCode: null,
    inferred: true, note: 'No date on the page.', rawText: SECOND_TEXT,
    normalizedText: '第二份报告\n2021年3月至6月，常德市中级人民法院开展活動120场。\n\n活動合计120场。',
    normalizedOffsets: [[0, 12], [30, 48], [35, 55], [37, 59], [39, 67]],
    stripPinyin: true, searchText: '第二份报告\n2021年3月至6月,常德市中级人民法院开展活动120场。\n\n活动合计120场。',
    charCount: SECOND_TEXT.length,
    chrome: [{ start: 0, end: 11, reason: 'site header' }, { start: 75, end: SECOND_TEXT.length, reason: 'site footer' }],
  })
  const first = d.documents[0]!
  t.strictSame([first.publishedAt, first.publishedAtPrecision, first.regionCode, first.titleOriginal, first.publisher, first.note, first.inferred, first.stripPinyin, first.chrome],
    ['2021-08', 'month', '430700', null, null, null, false, false, []], 'what a document leaves out')
  t.equal(first.normalizedText, first.rawText.trimEnd(), 'nothing to normalize but the final newline')
  t.strictSame(first.normalizedOffsets, [[0, 0]])

  t.strictSame(d.metrics.map((m) => m.code), [
    'education.warning.sessions', 'education.warning.participants', 'services.livelihood_cases.money_executed',
    'discipline.heart_to_heart_talks.held', 'discipline.four_forms.share', 'heroes.activities.held',
  ], 'metrics in file order, .yml files too, other files not')
  t.strictSame(d.metrics[5], {
    code: 'heroes.activities.held', name: 'Activities held', unit: 'sessions', category: 'heroes', description: 'Hero activities held.',
    dimensions: [{ name: 'area', values: ['all', 'rural'] }, { name: 'activity', values: ['all', 'report_meeting'] }], replaces: null,
  })
  t.strictSame(d.metrics[2]!.replaces, { change: 'rename', codes: ['enforcement.money_executed'], argument: 'The fixture\'s money is executed in livelihood cases.' })

  t.strictSame(d.organs, [
    {
      id: 'changde-intermediate-court', name: 'Changde Intermediate People\'s Court', nameZh: '常德市中级人民法院', kind: 'court',
      level: 'prefecture', regionCode: '430700', parentId: null, inferred: false, note: null,
    },
    {
      id: 'court-division', name: 'Enforcement division', nameZh: '执行局', kind: 'court', level: 'prefecture', regionCode: '430700',
      parentId: 'changde-intermediate-court', inferred: true, note: 'A division of the court.',
    },
  ])

  t.strictSame(d.events, [
    {
      id: 'fixture-campaign', title: 'Fixture campaign', titleZh: null, kind: 'campaign', startDate: '2021-02', startPrecision: 'month',
      endDate: '2021-07', endPrecision: 'month', regionCode: '430700', parentId: null, path: 'fixture-campaign', description: null,
      inferred: false, note: null, organs: [],
    },
    {
      id: 'fixture-stage', title: 'Stage', titleZh: null, kind: 'campaign_phase', startDate: '2021-03', startPrecision: 'month',
      endDate: '2021-06-30', endPrecision: 'day', regionCode: '430000', parentId: 'fixture-phase', path: 'fixture-campaign/fixture-phase/fixture-stage',
      description: null, inferred: false, note: null,
      organs: [{ organId: 'court-division', role: 'lead' }, { organId: 'changde-intermediate-court', role: 'lead' }],
    },
    {
      id: 'fixture-phase', title: 'Phase', titleZh: '阶段', kind: 'campaign_phase', startDate: '2021', startPrecision: 'year',
      endDate: null, endPrecision: null, regionCode: '430700', parentId: 'fixture-campaign', path: 'fixture-campaign/fixture-phase',
      description: 'The first phase.', inferred: true, note: 'Dates from the plan.', organs: [],
    },
  ])

  t.strictSame(d.indicators.map((i) => i.id), [
    'fx-warning-sessions', 'fx-warning-participants', 'fx-money-wan', 'fx-talks', 'fx-money-million', 'fx-form-1', 'fx-form-2', 'second-activities',
  ])
  t.strictSame(d.indicators[7], {
    id: 'second-activities', metricCode: 'heroes.activities.held', category: 'heroes', value: 120, valueText: '120', unit: 'sessions',
    qualifier: 'exact', dimensions: { activity: 'all', area: 'rural' }, date: '2021-06', datePrecision: 'month',
    periodStart: '2021-03', periodStartPrecision: 'month', regionCode: '430700', organId: 'court-division', organKind: 'court',
    eventId: 'fixture-stage', phaseId: 'fixture-phase', documentId: 'second-report', quote: '开展活動(dòng)120场',
    startOffset: 38, endOffset: 52, valueStart: 48, valueEnd: 51,
    valueBasis: 'derived', dateBasis: 'inferred', regionBasis: 'inferred', valueNote: 'Summed over the towns.',
    dateNote: 'From the phase.', regionNote: 'The report is Changde\'s.', inferred: true, note: 'Counted as sessions.',
  })
  t.strictSame(Object.keys(d.indicators[7]!.dimensions), ['activity', 'area'], 'dimensions in the vocabulary\'s order')
  const sessions = d.indicators[0]!
  t.strictSame(sessions, {
    id: 'fx-warning-sessions', metricCode: 'education.warning.sessions', category: 'education', value: 1200, valueText: '1,200',
    unit: 'sessions', qualifier: 'exact', dimensions: {}, date: '2021-07-26', datePrecision: 'day', periodStart: null,
    periodStartPrecision: null, regionCode: '430700', organId: null, organKind: null, eventId: 'fixture-campaign', phaseId: null,
    documentId: 'fixture-report', quote: 'Changde held 1,200 warning education sessions', startOffset: 37, endOffset: 82,
    valueStart: 50, valueEnd: 55, valueBasis: 'stated', dateBasis: 'stated', regionBasis: 'stated', valueNote: null,
    dateNote: null, regionNote: null, inferred: false, note: null,
  })
  t.strictSame([d.indicators[2]!.organId, d.indicators[2]!.organKind, d.indicators[2]!.eventId, d.indicators[2]!.phaseId], ['changde-intermediate-court', 'court', null, null])

  t.strictSame(d.citations, [
    { subjectType: 'organ', subjectId: 'changde-intermediate-court', documentId: 'fixture-report', quote: 'The Changde Intermediate People\'s Court', startOffset: 153, endOffset: 192 },
    { subjectType: 'event', subjectId: 'fixture-campaign', documentId: 'fixture-report', quote: 'As of July 26, 2021', startOffset: 16, endOffset: 35 },
    { subjectType: 'organ', subjectId: 'court-division', documentId: 'second-report', quote: '常德市中级人民法院', startOffset: 29, endOffset: 38 },
    { subjectType: 'event', subjectId: 'fixture-phase', documentId: 'second-report', quote: '2021年3月至6月', startOffset: 18, endOffset: 28 },
    { subjectType: 'event', subjectId: 'fixture-stage', documentId: 'second-report', quote: '120场', startOffset: 69, endOffset: 73 },
  ])
  t.strictSame(d.ignores, [
    { documentId: 'fixture-report', quote: 'As of July 26, 2021', reason: 'date of the figures', spans: [{ start: 16, end: 35 }], file: at('facts/fixture-report.yaml') },
    { documentId: 'second-report', quote: '120场', reason: 'counted above', spans: [{ start: 48, end: 52 }, { start: 69, end: 73 }], file: at('facts/second.yaml') },
  ])
  t.strictSame(d.dropped, [
    { id: 'fx-old-duration', documentId: 'fixture-report', reason: 'A phase\'s length is its event\'s dates.' },
    { id: 'second-old', documentId: 'second-report', reason: 'Merged into second-activities.' },
  ])
})

t.test('loadSeed returns the dataset of a good seed and throws every error of a bad one', async (t) => {
  const data = loadSeed({ seedDir: FIXTURE, migrationsDir })
  t.equal(data.indicators.length, 7)
  const { dir, at } = load({ 'facts/fixture-report.yaml': [['value: 1200', 'value: 1300'], ['metric: education.warning.participants', 'metric: nope.nope']] })
  const err = t.throws(() => loadSeed({ seedDir: dir, migrationsDir })) as SeedValidationError
  t.ok(err instanceof SeedValidationError)
  const file = at('facts/fixture-report.yaml')
  t.strictSame(err.errors, [
    { file, entry: 'indicators[0] id=fx-warning-sessions (line 3)', code: 'value_mismatch', message: 'value 1300 disagrees with the number in the quote: "1,200" reads as 1200' },
    { file, entry: 'indicators[1] id=fx-warning-participants (line 12)', code: 'unknown_metric', message: 'unknown metric \'nope.nope\'' },
    { file: at('catalog/metrics/fixture.yaml'), entry: 'metrics[1] id=education.warning.participants (line 5)', code: 'unused_metric', message: 'metric \'education.warning.participants\' is used by no indicator' },
  ])
  t.match(err.message, /^3 seed error\(s\):\n/)
})

// ---- the facts: one bad indicator per check, all in one facts file ----

const FOUR_FORMS = { metric: 'discipline.four_forms.share', value: 83, valueText: '83%', quote: '83% were in the first form' }
const DROP = undefined

/** Each case: the fields changed in a good indicator, the errors, and whether it is kept. */
const indicatorCases: Array<{ id: string, over: Record<string, unknown>, errors: Expected, kept: boolean }> = [
  { id: 'good', over: {}, errors: [], kept: true },
  { id: 'unknown-field', over: { qualifer: 'exact' }, errors: [['unknown_field', 'unknown field \'qualifer\'']], kept: false },
  { id: 'unknown-fields', over: { colour: 'red', size: 2 }, errors: [['unknown_field', 'unknown fields \'colour\', \'size\'']], kept: false },
  { id: 'missing-field', over: { quote: DROP }, errors: [['missing_field', 'missing field \'quote\'']], kept: false },
  { id: 'missing-fields', over: { date: DROP, quote: DROP }, errors: [['missing_field', 'missing fields \'date\', \'quote\'']], kept: false },
  { id: 'not-a-number', over: { value: 'many' }, errors: [['invalid_field', 'field \'value\' must be number']], kept: false },
  {
    id: 'not-a-qualifier', over: { qualifier: 'roughly' },
    errors: [['invalid_field', 'field \'qualifier\' must be equal to constant'], ['invalid_field', 'field \'qualifier\' must match a schema in anyOf']], kept: false,
  },
  { id: 'dimension-list', over: { ...FOUR_FORMS, dimensions: { form: [1] } }, errors: [['invalid_field', 'field \'dimensions.form\' must be string']], kept: false },
  { id: 'dimensions-list', over: { ...FOUR_FORMS, dimensions: ['1'] }, errors: [['invalid_field', 'field \'dimensions\' must be object']], kept: false },
  { id: 'dimensions-text', over: { ...FOUR_FORMS, dimensions: 'form' }, errors: [['invalid_field', 'field \'dimensions\' must be object']], kept: false },
  { id: 'dimension-number', over: { ...FOUR_FORMS, dimensions: { form: 1 } }, errors: [], kept: true },
  { id: 'pending', over: { review: 'pending' }, errors: [['pending_review', 'pending review: settle it with `npm run curate -- review`, or load drafts with --allow-drafts']], kept: false },
  { id: 'draft-confidence', over: { confidence: 0.8 }, errors: [['draft_field', 'confidence and reasons are a draft\'s remarks: only a pending entry has them']], kept: true },
  { id: 'draft-reasons', over: { reasons: 'Read from the table.' }, errors: [['draft_field', 'confidence and reasons are a draft\'s remarks: only a pending entry has them']], kept: true },
  { id: 'unknown-metric', over: { metric: 'education.warning.session' }, errors: [['unknown_metric', 'unknown metric \'education.warning.session\'']], kept: false },
  { id: 'unit-mismatch', over: { unit: 'persons' }, errors: [['unit_mismatch', 'unit \'persons\' differs from the unit of metric education.warning.sessions, \'sessions\'']], kept: true },
  { id: 'unit-same', over: { unit: 'sessions' }, errors: [], kept: true },
  { id: 'undeclared-dimension', over: { dimensions: { form: '1' } }, errors: [['unknown_dimension', 'metric education.warning.sessions declares no dimension \'form\'']], kept: false },
  { id: 'other-dimension', over: { ...FOUR_FORMS, dimensions: { form: '1', area: 'all' } }, errors: [['unknown_dimension', 'metric discipline.four_forms.share declares no dimension \'area\' (it declares form)']], kept: false },
  { id: 'other-dimensions', over: { metric: 'heroes.activities.held', dimensions: { activity: 'all', area: 'all', form: '1' } }, errors: [['unknown_dimension', 'metric heroes.activities.held declares no dimension \'form\' (it declares area, activity)']], kept: false },
  { id: 'unknown-dimension', over: { ...FOUR_FORMS, dimensions: { form: '1', colour: 'red' } }, errors: [['unknown_dimension', 'unknown dimension \'colour\'']], kept: false },
  { id: 'missing-dimension', over: { ...FOUR_FORMS }, errors: [['missing_dimension', 'metric discipline.four_forms.share declares dimension \'form\'; give its value']], kept: false },
  { id: 'dimension-value', over: { ...FOUR_FORMS, dimensions: { form: 5 } }, errors: [['dimension_value', 'value \'5\' of dimension \'form\' is not one metric discipline.four_forms.share allows (1, 2, 3, 4)']], kept: false },
  { id: 'unknown-region', over: { region: '439999' }, errors: [['unknown_region', 'unknown region \'439999\' (not a GB/T 2260 code in the gazetteer, nor CN)']], kept: false },
  { id: 'region-number', over: { region: 430700 }, errors: [], kept: true },
  { id: 'region-country', over: { region: 'CN' }, errors: [], kept: true },
  { id: 'unknown-organ', over: { organ: 'changde-court' }, errors: [['unknown_organ', 'unknown organ \'changde-court\'']], kept: true },
  { id: 'unknown-event', over: { event: 'no-such-event' }, errors: [['unknown_event', 'unknown event \'no-such-event\'']], kept: true },
  { id: 'no-organ-no-event', over: { organ: null, event: null }, errors: [], kept: true },
  { id: 'invalid-date', over: { date: '2021-02-30' }, errors: [['invalid_date', 'date \'2021-02-30\' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)']], kept: false },
  { id: 'date-shape', over: { date: '2021-7-26' }, errors: [['invalid_field', 'field \'date\' must match pattern "^\\d{4}(-\\d{2}(-\\d{2})?)?$"']], kept: false },
  { id: 'precision-mismatch', over: { datePrecision: 'month' }, errors: [['precision_mismatch', 'datePrecision \'month\' does not match date \'2021-07-26\' (which has day precision)']], kept: true },
  { id: 'precision-match', over: { datePrecision: 'day' }, errors: [], kept: true },
  { id: 'invalid-period', over: { periodStart: '2021-02-30' }, errors: [['invalid_date', 'periodStart \'2021-02-30\' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)']], kept: true },
  { id: 'period-after-month', over: { periodStart: '2021-08' }, errors: [['reversed_dates', 'periodStart \'2021-08\' is after date \'2021-07-26\'']], kept: true },
  { id: 'period-after-day', over: { periodStart: '2021-07-27' }, errors: [['reversed_dates', 'periodStart \'2021-07-27\' is after date \'2021-07-26\'']], kept: true },
  { id: 'period-after-year', over: { periodStart: '2022' }, errors: [['reversed_dates', 'periodStart \'2022\' is after date \'2021-07-26\'']], kept: true },
  { id: 'period-same-month', over: { periodStart: '2021-07' }, errors: [], kept: true },
  { id: 'period-same-day', over: { periodStart: '2021-07-26' }, errors: [], kept: true },
  { id: 'period-before', over: { periodStart: '2021-07-25' }, errors: [], kept: true },
  { id: 'value-basis-alone', over: { valueBasis: 'corrected' }, errors: [['basis_without_note', 'valueBasis \'corrected\' needs a valueNote saying why']], kept: true },
  { id: 'date-basis-alone', over: { dateBasis: 'context' }, errors: [['basis_without_note', 'dateBasis \'context\' needs a dateNote saying why']], kept: true },
  { id: 'region-basis-alone', over: { regionBasis: 'inferred' }, errors: [['basis_without_note', 'regionBasis \'inferred\' needs a regionNote saying why']], kept: true },
  { id: 'value-note-alone', over: { valueNote: 'As printed.' }, errors: [['note_without_basis', 'valueNote is given for a stated value; give valueBasis, or put the remark in note']], kept: true },
  { id: 'date-note-alone', over: { dateNote: 'As printed.' }, errors: [['note_without_basis', 'dateNote is given for a stated date; give dateBasis, or put the remark in note']], kept: true },
  { id: 'region-note-alone', over: { regionNote: 'As printed.' }, errors: [['note_without_basis', 'regionNote is given for a stated region; give regionBasis, or put the remark in note']], kept: true },
  { id: 'stated-bases', over: { valueBasis: 'stated', dateBasis: 'stated', regionBasis: 'stated' }, errors: [], kept: true },
  { id: 'quote-missing', over: { quote: 'Changde held 1,300 warning education sessions' }, errors: [['quote', 'quote "Changde held 1,300 warning education sessions" is not in the document']], kept: false },
  { id: 'value-text-missing', over: { value: 1300, valueText: '1,300' }, errors: [['value_text', 'valueText "1,300" is not in the quote']], kept: false },
  { id: 'value-mismatch', over: { value: 1300 }, errors: [['value_mismatch', 'value 1300 disagrees with the number in the quote: "1,200" reads as 1200']], kept: false },
  { id: 'corrected-value', over: { value: 1300, valueBasis: 'corrected', valueNote: 'A typo in the report.' }, errors: [], kept: true },
  {
    id: 'many-problems', over: { metric: 'nope.nope.nope', region: '439999', date: '2021-02-30', valueNote: 'x' },
    errors: [
      ['unknown_metric', 'unknown metric \'nope.nope.nope\''],
      ['unknown_region', 'unknown region \'439999\' (not a GB/T 2260 code in the gazetteer, nor CN)'],
      ['invalid_date', 'date \'2021-02-30\' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)'],
      ['note_without_basis', 'valueNote is given for a stated value; give valueBasis, or put the remark in note'],
    ],
    kept: false,
  },
]

t.test('indicators: every check, each with its exact error', async (t) => {
  const list = indicatorCases.map((c) => JSON.parse(JSON.stringify({ ...INDICATOR, id: c.id, ...c.over })) as unknown)
  const { text, labels } = entries('indicators', list, true)
  const loaded = load({ 'facts/more.yaml': text, 'catalog/metrics/more.yaml': stringify([HERO_METRIC]) })
  judge(t, loaded, 'facts/more.yaml', indicatorCases.map((c, i) => ({ name: c.id, label: labels[i]!, errors: c.errors })))
  const kept = new Set(loaded.dataset.indicators.map((i) => i.id))
  t.strictSame(indicatorCases.filter((c) => kept.has(c.id)).map((c) => c.id), indicatorCases.filter((c) => c.kept).map((c) => c.id), 'the indicators kept')
  const byId = new Map(loaded.dataset.indicators.map((i) => [i.id, i]))
  t.equal(byId.get('region-number')!.regionCode, '430700', 'a region code written as a number')
  t.equal(byId.get('region-country')!.regionCode, 'CN')
  t.strictSame(byId.get('dimension-number')!.dimensions, { form: '1' }, 'a dimension value written as a number')
  t.strictSame([byId.get('no-organ-no-event')!.organId, byId.get('no-organ-no-event')!.eventId, byId.get('no-organ-no-event')!.phaseId], [null, null, null])
  t.strictSame([byId.get('period-same-month')!.periodStart, byId.get('period-same-month')!.periodStartPrecision], ['2021-07', 'month'])
  t.strictSame([byId.get('period-same-day')!.periodStart, byId.get('period-same-day')!.periodStartPrecision], ['2021-07-26', 'day'])
  t.equal(byId.get('precision-mismatch')!.datePrecision, 'day', 'the precision of the date as written')
  const corrected = byId.get('corrected-value')!
  t.strictSame([corrected.value, corrected.valueBasis, corrected.valueNote, corrected.inferred], [1300, 'corrected', 'A typo in the report.', true])
  t.equal(labels[0], 'indicators[0] id=good (line 3)')
  t.equal(labels[1], 'indicators[1] id=unknown-field (line 11)')
})

t.test('citations, ignores and dropped ids: every check, each with its exact error', async (t) => {
  const citations = [
    { organ: 'changde-intermediate-court', quote: 'Changde held' },
    { organ: 'changde-intermediate-court', event: 'fixture-campaign', quote: 'Changde held' },
    { quote: 'Changde held' },
    { organ: 'changde-court', quote: 'Changde held' },
    { event: 'no-such-event', quote: 'Changde held' },
    { event: 'fixture-campaign', quote: 'Changde hold' },
    { event: 'fixture-campaign', quote: 'Changde' },
    { event: 'fixture-campaign', quote: 'Changde', occurrence: 2 },
    { event: 'fixture-campaign', quote: 'held', colour: 'red' },
  ]
  const ignores = [
    { quote: 'Changde', all: true, reason: 'the city' },
    { quote: 'Changdu', all: true, reason: 'the city' },
    { quote: 'Changde', reason: 'the city' },
    { quote: 'Changdu', reason: 'the city' },
    { quote: 'Changde', anchor: 'The Changde Intermediate', reason: 'the court', review: 'pending' },
    { quote: 'Changde', all: false, occurrence: 1, reason: 'the city' },
    { quote: 'Changde', reason: '' },
  ]
  const dropped = [
    { id: 'x-old', reason: 'Merged.' },
    { id: 'x-old', reason: 'Merged again.' },
    { id: 'fx-talks', reason: 'Still there.' },
    { id: 'fx-old-duration', reason: 'Dropped in two files.' },
    { id: 'x-no-reason' },
  ]
  const c = entries('citations', citations, true)
  const i = entries('ignore', ignores, true)
  const d = entries('dropped', dropped, true)
  const loaded = load({ 'facts/more-citations.yaml': c.text, 'facts/more-ignore.yaml': i.text, 'facts/more-dropped.yaml': d.text })
  t.equal(c.labels[1], 'citations[1] (line 5)', 'a citation has no id: its index and line')
  const subject: Expected = [['citation_subject', 'a citation names exactly one of organ or event']]
  judge(t, { ...loaded, errors: loaded.errors.filter((e) => !e.file.endsWith('ignore.yaml') && !e.file.endsWith('dropped.yaml')) }, 'facts/more-citations.yaml', [
    { name: 'a good citation', label: c.labels[0]!, errors: [] },
    { name: 'an organ and an event', label: c.labels[1]!, errors: subject },
    { name: 'neither organ nor event', label: c.labels[2]!, errors: subject },
    { name: 'an unknown organ', label: c.labels[3]!, errors: [['unknown_organ', 'unknown organ \'changde-court\'']] },
    { name: 'an unknown event', label: c.labels[4]!, errors: [['unknown_event', 'unknown event \'no-such-event\'']] },
    { name: 'a quote not in the document', label: c.labels[5]!, errors: [['quote', 'quote "Changde hold" is not in the document']] },
    { name: 'a quote found twice', label: c.labels[6]!, errors: [['quote', 'quote "Changde" is found 2 times in the document; add an anchor or an occurrence']] },
    { name: 'an occurrence picks one', label: c.labels[7]!, errors: [] },
    { name: 'an unknown field', label: c.labels[8]!, errors: [['unknown_field', 'unknown field \'colour\'']] },
  ])
  const mine = loaded.dataset.citations.filter((x) => x.quote !== 'The Changde Intermediate People\'s Court' && x.quote !== 'As of July 26, 2021')
  t.strictSame(mine.filter((x) => x.subjectId === 'changde-intermediate-court' || x.subjectId === 'fixture-campaign'), [
    { subjectType: 'organ', subjectId: 'changde-intermediate-court', documentId: 'fixture-report', quote: 'Changde held', startOffset: 37, endOffset: 49 },
    { subjectType: 'event', subjectId: 'fixture-campaign', documentId: 'fixture-report', quote: 'Changde', startOffset: 157, endOffset: 164 },
  ], 'the citations kept: not those without one subject or without a place')

  judge(t, { ...loaded, errors: loaded.errors.filter((e) => e.file.endsWith('ignore.yaml')) }, 'facts/more-ignore.yaml', [
    { name: 'every occurrence', label: i.labels[0]!, errors: [] },
    { name: 'every occurrence of words not there', label: i.labels[1]!, errors: [['quote', 'quote "Changdu" is not in the document']] },
    { name: 'words found twice', label: i.labels[2]!, errors: [['quote', 'quote "Changde" is found 2 times in the document; add an anchor or an occurrence']] },
    { name: 'words not there', label: i.labels[3]!, errors: [['quote', 'quote "Changdu" is not in the document']] },
    { name: 'pending review', label: i.labels[4]!, errors: [['pending_review', 'pending review: settle it with `npm run curate -- review`, or load drafts with --allow-drafts']] },
    { name: 'one occurrence', label: i.labels[5]!, errors: [] },
    { name: 'an empty reason', label: i.labels[6]!, errors: [['invalid_field', 'field \'reason\' must not have fewer than 1 characters']] },
  ])
  const file = loaded.at('facts/more-ignore.yaml')
  t.strictSame(loaded.dataset.ignores.filter((x) => x.file === file).map((x) => [x.quote, x.reason, x.spans]), [
    ['Changde', 'the city', [{ start: 37, end: 44 }, { start: 157, end: 164 }]],
    ['Changdu', 'the city', []],
    ['Changde', 'the court', [{ start: 157, end: 164 }]],
    ['Changde', 'the city', [{ start: 37, end: 44 }]],
  ], 'the ignores kept, with every place they cover')

  judge(t, { ...loaded, errors: loaded.errors.filter((e) => e.file.endsWith('dropped.yaml')) }, 'facts/more-dropped.yaml', [
    { name: 'a dropped id', label: d.labels[0]!, errors: [] },
    { name: 'dropped twice in one file', label: d.labels[1]!, errors: [['duplicate_id', 'indicator \'x-old\' is listed as dropped twice']] },
    { name: 'still an indicator', label: d.labels[2]!, errors: [['dropped_id_in_use', 'indicator \'fx-talks\' is listed as dropped but is still an indicator']] },
    { name: 'dropped in two files', label: d.labels[3]!, errors: [['duplicate_id', 'indicator \'fx-old-duration\' is listed as dropped twice']] },
    { name: 'no reason', label: d.labels[4]!, errors: [['missing_field', 'missing field \'reason\'']] },
  ])
  t.strictSame(loaded.dataset.dropped.map((x) => [x.id, x.reason]), [['fx-old-duration', 'A phase\'s length is its event\'s dates.'], ['x-old', 'Merged.'], ['fx-talks', 'Still there.']])
  t.ok(loaded.dataset.indicators.some((x) => x.id === 'fx-talks'), 'an indicator listed as dropped stays an indicator')
})

t.test('facts files: what a file must be, and the document it names', async (t) => {
  const loaded = load({
    'facts/a-unknown-document.yaml': stringify({ document: 'no-such-report', indicators: [{ ...INDICATOR, metric: 'nope.nope.nope' }] }),
    'facts/b-no-document.yaml': stringify({ indicators: [] }),
    'facts/c-extra-section.yaml': stringify({ document: 'fixture-report', notes: [] }),
    'facts/d-list.yaml': '- document: fixture-report\n',
    'facts/e-broken.yaml': 'document: fixture-report\nindicators: [\n',
    'facts/f-duplicate-key.yaml': 'document: fixture-report\ndocument: fixture-report\nindicators: []\nindicators: []\n',
    'facts/g-directory.yaml/x': '',
    'facts/h-section-not-list.yaml': stringify({ document: 'fixture-report', citations: { quote: 'Changde held' } }),
    'facts/i-not-yaml.txt': 'document: no-such-report\n',
    'facts/j-empty.yml': stringify({ document: 'fixture-report' }),
    'facts/k-other.yml': stringify({ document: 'fixture-report', indicators: [{ ...INDICATOR, id: 'fx-talks' }] }),
  })
  const fileErrors = (name: string): Array<[string, SeedErrorCode, string]> =>
    loaded.errors.filter((e) => e.file === loaded.at(`facts/${name}`)).map((e) => [e.entry, e.code, e.message])
  t.strictSame(fileErrors('a-unknown-document.yaml'), [['document', 'unknown_document', 'unknown document \'no-such-report\'']], 'an unknown document, and nothing checked against it')
  t.strictSame(fileErrors('b-no-document.yaml'), [['file', 'missing_field', 'missing field \'document\'']])
  t.strictSame(fileErrors('c-extra-section.yaml'), [['file', 'unknown_field', 'unknown field \'notes\'']])
  t.strictSame(fileErrors('d-list.yaml'), [['file', 'invalid_field', 'field \'entry\' must be object']])
  t.strictSame(fileErrors('e-broken.yaml'), [
    ['file', 'yaml', 'YAML error: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1:'],
  ], 'the first line of the message, without the excerpt of the file')
  t.strictSame(fileErrors('f-duplicate-key.yaml'), [
    ['file', 'yaml', 'YAML error: Map keys must be unique at line 2, column 1:'],
    ['file', 'yaml', 'YAML error: Map keys must be unique at line 4, column 1:'],
  ], 'a key given twice, and every YAML error')
  t.strictSame(fileErrors('g-directory.yaml'), [['file', 'unreadable', 'cannot be read: EISDIR: illegal operation on a directory, read']])
  t.strictSame(fileErrors('h-section-not-list.yaml'), [['file', 'invalid_field', 'field \'citations\' must be array']])
  t.strictSame(fileErrors('i-not-yaml.txt'), [], 'only .yaml and .yml files')
  t.strictSame(fileErrors('j-empty.yml'), [], 'a facts file may have no sections')
  t.strictSame(fileErrors('k-other.yml'), [['indicators[0] id=fx-talks (line 3)', 'duplicate_id', `duplicate indicator id 'fx-talks' (first in ${loaded.at('facts/fixture-report.yaml')})`]])
  t.equal(loaded.errors.length, 10, 'no other error')
})

t.test('documents: every check, each with its exact error', async (t) => {
  const text = 'FIXTURE HEADER\nA short report.\n'
  const meta = (id: string, over: Record<string, unknown> = {}): string =>
    stringify(JSON.parse(JSON.stringify({ id, fileName: `${id}.txt`, title: 'A report', language: 'en', provenance: 'Written for the tests.', ...over })))
  const pair = (id: string, over: Record<string, unknown> = {}): Record<string, string> => ({ [`documents/${id}.txt`]: text, [`documents/${id}.yaml`]: meta(id, over) })
  const sha = createHash('sha256').update(text).digest('hex')
  const loaded = load({
    'documents/b-no-meta.txt': text,
    ...pair('c-name', { fileName: 'other.txt' }),
    ...pair('d-sha', { sha256: '0'.repeat(64) }),
    ...pair('d-sha-good', { sha256: sha }),
    ...pair('e-pending', { review: 'pending' }),
    ...pair('f-chrome', { chrome: [{ start: 'FIXTURE HEADER', reason: 'the header' }, { start: 'NOPE', reason: 'a sidebar' }] }),
    ...pair('g-precision', { publishedAtPrecision: 'day' }),
    ...pair('h-precision', { publishedAt: '2021-08', publishedAtPrecision: 'day' }),
    ...pair('i-date', { publishedAt: '2021-02-29' }),
    ...pair('j-region', { region: '439999' }),
    ...pair('k-missing', { title: DROP }),
    'documents/l-empty.txt': text,
    'documents/l-empty.yaml': '',
    'documents/m-directory.txt': text,
    'documents/m-directory.yaml/x': '',
    'documents/n-broken.txt': text,
    'documents/n-broken.yaml': 'id: n-broken\nid: n-broken\n',
    ...pair('o-region', { region: 430700 }),
    ...pair('p-chrome-field', { chrome: [{ start: 'FIXTURE HEADER', end: '', reason: 'the header' }] }),
    'documents/q-notes.md': 'Not a document.\n',
    ...pair('z-copy', { id: 'fixture-report' }),
    // The metadata of a.txt.txt is a.txt.yaml: only the last .txt is replaced.
    'documents/r-double.txt.txt': text,
    'documents/r-double.txt.yaml': meta('r-double', { fileName: 'r-double.txt.txt' }),
  })
  const fileErrors = (name: string): Array<[string, SeedErrorCode, string]> =>
    loaded.errors.filter((e) => e.file === loaded.at(`documents/${name}`)).map((e) => [e.entry, e.code, e.message])
  t.strictSame(fileErrors('b-no-meta.yaml'), [['file', 'no_metadata', 'seed/documents/b-no-meta.txt has no metadata file']])
  t.strictSame(fileErrors('c-name.yaml'), [['document id=c-name', 'file_name_mismatch', 'fileName \'other.txt\' does not match the text file \'c-name.txt\'']])
  t.strictSame(fileErrors('d-sha.yaml'), [['document id=d-sha', 'sha256_mismatch', `the text file has changed since it was registered (sha256 ${sha}, recorded ${'0'.repeat(64)})`]])
  t.strictSame(fileErrors('d-sha-good.yaml'), [])
  t.strictSame(fileErrors('e-pending.yaml'), [['document id=e-pending', 'pending_review', 'pending review: settle it with `npm run curate -- review`, or load drafts with --allow-drafts']])
  t.strictSame(fileErrors('f-chrome.yaml'), [['document id=f-chrome chrome[1]', 'chrome', 'chrome start: quote "NOPE" is not in the document']], 'the chrome entry named by its index')
  t.strictSame(fileErrors('g-precision.yaml'), [['document id=g-precision', 'precision_mismatch', 'publishedAtPrecision is given without publishedAt']])
  t.strictSame(fileErrors('h-precision.yaml'), [['document id=h-precision', 'precision_mismatch', 'publishedAtPrecision \'day\' does not match publishedAt \'2021-08\' (which has month precision)']])
  t.strictSame(fileErrors('i-date.yaml'), [['document id=i-date', 'invalid_date', 'publishedAt \'2021-02-29\' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)']])
  t.strictSame(fileErrors('j-region.yaml'), [['document id=j-region', 'unknown_region', 'unknown region \'439999\' (not a GB/T 2260 code in the gazetteer, nor CN)']])
  t.strictSame(fileErrors('k-missing.yaml'), [['document id=k-missing', 'missing_field', 'missing field \'title\'']])
  t.strictSame(fileErrors('l-empty.yaml'), [['document id=undefined', 'invalid_field', 'field \'entry\' must be object']], 'an empty file')
  t.strictSame(fileErrors('m-directory.yaml'), [['file', 'unreadable', 'cannot be read: EISDIR: illegal operation on a directory, read']])
  t.strictSame(fileErrors('n-broken.yaml'), [['file', 'yaml', 'YAML error: Map keys must be unique at line 2, column 1:']])
  t.strictSame(fileErrors('o-region.yaml'), [])
  t.strictSame(fileErrors('p-chrome-field.yaml'), [['document id=p-chrome-field', 'invalid_field', 'field \'chrome.0.end\' must not have fewer than 1 characters']])
  t.strictSame(fileErrors('z-copy.yaml'), [['document id=fixture-report', 'duplicate_id', 'duplicate document id \'fixture-report\'']])
  t.equal(loaded.errors.length, 15, 'no other error')

  t.strictSame(loaded.dataset.documents.map((d) => d.id), [
    'd-sha-good', 'd-sha', 'e-pending', 'f-chrome', 'fixture-report', 'g-precision', 'h-precision', 'i-date', 'j-region', 'o-region', 'r-double',
  ], 'the documents kept, in the order of their file names')
  const byId = new Map(loaded.dataset.documents.map((d) => [d.id, d]))
  t.equal(byId.get('fixture-report')!.fileName, 'fixture.txt', 'a duplicate id does not replace the first')
  t.equal(byId.get('d-sha')!.sha256, sha, 'the hash of the file as it is')
  t.strictSame(byId.get('f-chrome')!.chrome, [{ start: 0, end: 14, reason: 'the header' }], 'the chrome that could be placed')
  t.equal(byId.get('f-chrome')!.normalizedText, 'A short report.')
  t.strictSame(byId.get('f-chrome')!.normalizedOffsets, [[0, 15]])
  t.strictSame([byId.get('h-precision')!.publishedAt, byId.get('h-precision')!.publishedAtPrecision], ['2021-08', 'month'], 'the precision of the date as written')
  t.equal(byId.get('j-region')!.regionCode, null)
  t.equal(byId.get('o-region')!.regionCode, '430700', 'a region code written as a number')
})

t.test('no documents: an error naming the folder', async (t) => {
  const cases: Array<Record<string, Change>> = [{ documents: null }, { 'documents/fixture.txt': null, 'documents/fixture.yaml': null, 'documents/notes.md': 'x' }]
  for (const changes of cases) {
    const { errors, dataset, at } = load(changes, true)
    t.strictSame(errors, [
      { file: at('documents'), entry: 'documents', code: 'no_documents', message: 'no documents found' },
      { file: at('facts/fixture-report.yaml'), entry: 'document', code: 'unknown_document', message: 'unknown document \'fixture-report\'' },
    ], Object.keys(changes).join(', '))
    t.strictSame(dataset.documents, [])
  }
})

// ---- the catalogs: one bad entry per check, in a second catalog file of each kind ----

const METRIC = { code: 'x.y.z', name: 'A metric', unit: 'persons', description: 'Counted for the tests.' }

t.test('metrics: every check, each with its exact error', async (t) => {
  const unused = (code: string): [SeedErrorCode, string] => ['unused_metric', `metric '${code}' is used by no indicator`]
  const cases: Array<{ name: string, entry: unknown, errors: Expected }> = [
    { name: 'a good metric, used by nothing', entry: { ...METRIC, code: 'education.extra.good' }, errors: [unused('education.extra.good')] },
    { name: 'a code already in the catalog', entry: { ...METRIC, code: 'education.warning.sessions' }, errors: [['duplicate_id', 'duplicate metric code \'education.warning.sessions\'']] },
    { name: 'an unknown category', entry: { ...METRIC, code: 'rectification.talks.held' }, errors: [['unknown_category', `unknown category 'rectification'; categories: ${CATEGORY_CODES.join(', ')}`], unused('rectification.talks.held')] },
    { name: 'a code of two segments', entry: { ...METRIC, code: 'education.talks' }, errors: [['invalid_field', 'field \'code\' must match pattern "^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$"']] },
    { name: 'a unit not in the vocabulary', entry: { ...METRIC, code: 'education.extra.unit', unit: 'person' }, errors: [['invalid_field', 'field \'unit\' must be equal to constant']] },
    {
      name: 'a dimension not in the vocabulary', entry: { ...METRIC, code: 'education.extra.dims', dimensions: { colour: ['red'], form: ['1'] } },
      errors: [['unknown_dimension', 'unknown dimension \'colour\' (not in the vocabulary of src/domain/dimensions.ts)'], unused('education.extra.dims')],
    },
    {
      name: 'values the dimension does not have', entry: { ...METRIC, code: 'education.extra.values', dimensions: { form: ['1', '5', 'six'] } },
      errors: [
        ['dimension_value', 'dimension \'form\' has no value \'5\'; values: 1, 2, 3, 4'],
        ['dimension_value', 'dimension \'form\' has no value \'six\'; values: 1, 2, 3, 4'],
        unused('education.extra.values'),
      ],
    },
    {
      name: 'a value listed twice', entry: { ...METRIC, code: 'education.extra.twice', dimensions: { form: ['1', '2', '1'] } },
      errors: [['dimension_value', 'dimension \'form\' lists a value twice'], unused('education.extra.twice')],
    },
    { name: 'a dimension with no values', entry: { ...METRIC, code: 'education.extra.none', dimensions: { form: [] } }, errors: [['invalid_field', 'field \'dimensions.form\' must not have fewer than 1 items']] },
    { name: 'values written as numbers', entry: { ...METRIC, code: 'education.extra.numbers', dimensions: { form: [1, 2], area: ['all'] } }, errors: [unused('education.extra.numbers')] },
    {
      name: 'replacing a code still in the catalog', entry: { ...METRIC, code: 'education.extra.merged', replaces: { change: 'merge', codes: ['education.extra.gone', 'education.warning.participants'], argument: 'Merged.' } },
      errors: [['replaced_code_in_use', 'replaces \'education.warning.participants\', which is still a metric code'], unused('education.extra.merged')],
    },
    {
      name: 'replacing codes and keeping its own', entry: { ...METRIC, code: 'education.extra.kept', replaces: { change: 'merge', codes: ['education.extra.kept', 'education.extra.old'], argument: 'Took in the old one.' } },
      errors: [unused('education.extra.kept')],
    },
    { name: 'a revision of no codes', entry: { ...METRIC, code: 'education.extra.empty', replaces: { change: 'rename', codes: [], argument: 'Nothing.' } }, errors: [['invalid_field', 'field \'replaces.codes\' must not have fewer than 1 items']] },
    { name: 'not an entry', entry: 'education.extra.text', errors: [['invalid_field', 'field \'entry\' must be object']] },
    { name: 'an empty entry', entry: null, errors: [['invalid_field', 'field \'entry\' must be object']] },
    { name: 'a list', entry: ['education.extra.list'], errors: [['invalid_field', 'field \'entry\' must be object']] },
    { name: 'an id besides the code', entry: { ...METRIC, code: 'education.extra.both', id: 'both' }, errors: [['unknown_field', 'unknown field \'id\'']] },
  ]
  const { text, labels } = entries('metrics', cases.map((c) => c.entry), false)
  const loaded = load({ 'catalog/metrics/more.yaml': text })
  judge(t, loaded, 'catalog/metrics/more.yaml', cases.map((c, i) => ({ name: c.name, label: labels[i]!, errors: c.errors })))
  t.strictSame(labels.slice(13), ['metrics[13] (line 92)', 'metrics[14] (line 93)', 'metrics[15] (line 94)', 'metrics[16] id=both (line 95)'], 'an entry without an id or a code is named by its index and line; an id wins')
  const byCode = new Map(loaded.dataset.metrics.map((m) => [m.code, m]))
  t.strictSame(loaded.dataset.metrics.map((m) => m.code).slice(5), [
    'education.extra.good', 'rectification.talks.held', 'education.extra.dims', 'education.extra.values', 'education.extra.twice',
    'education.extra.numbers', 'education.extra.merged', 'education.extra.kept',
  ], 'the metrics kept, after the fixture\'s')
  t.strictSame(byCode.get('education.extra.numbers')!.dimensions, [{ name: 'form', values: ['1', '2'] }, { name: 'area', values: ['all'] }])
  t.strictSame(byCode.get('education.extra.dims')!.dimensions, [{ name: 'form', values: ['1'] }], 'an unknown dimension is left out')
  t.equal(byCode.get('rectification.talks.held')!.category, 'rectification')
  t.strictSame(byCode.get('education.warning.sessions')!.description, 'Warning education sessions held.', 'a duplicate does not replace the first')
})

t.test('catalog files: a YAML list, in .yaml or .yml files', async (t) => {
  const loaded = load({
    'catalog/metrics/a-map.yaml': stringify(METRIC),
    'catalog/metrics/b-empty.yaml': '',
    'catalog/metrics/c-broken.yml': '- code: [\n',
    'catalog/organs/d-directory.yaml/x': '',
    'catalog/events/e-notes.md': '- not: an event\n',
  }, true)
  t.strictSame(loaded.errors, [
    { file: loaded.at('catalog/metrics/a-map.yaml'), entry: 'file', code: 'not_a_list', message: 'must be a YAML list' },
    { file: loaded.at('catalog/metrics/b-empty.yaml'), entry: 'file', code: 'not_a_list', message: 'must be a YAML list' },
    { file: loaded.at('catalog/metrics/c-broken.yml'), entry: 'file', code: 'yaml', message: 'YAML error: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:' },
    { file: loaded.at('catalog/organs/d-directory.yaml'), entry: 'file', code: 'unreadable', message: 'cannot be read: EISDIR: illegal operation on a directory, read' },
  ])
  const none = load({ catalog: null }, true)
  t.strictSame([none.dataset.metrics, none.dataset.organs, none.dataset.events], [[], [], []], 'no catalog folders, no catalog')
  t.strictSame(none.errors.map((e) => e.code).sort(), ['unknown_event', 'unknown_event', ...Array(7).fill('unknown_metric'), 'unknown_organ', 'unknown_organ', 'unknown_organ'], 'and every reference to it unknown')
})

t.test('organs: every check, each with its exact error', async (t) => {
  const ORGAN = { name: 'An organ', kind: 'court', level: 'county', region: '430700' }
  const uncited = (id: string): [SeedErrorCode, string] => ['uncited_organ', `organ '${id}' is cited by no facts file`]
  const cases: Array<{ name: string, entry: unknown, errors: Expected }> = [
    { name: 'a good organ, cited by nothing', entry: { ...ORGAN, id: 'good' }, errors: [uncited('good')] },
    { name: 'an id already in the catalog', entry: { ...ORGAN, id: 'changde-intermediate-court' }, errors: [['duplicate_id', `duplicate organ id 'changde-intermediate-court' (first defined in ${relative(process.cwd(), join(root, String(copies), 'catalog/organs/fixture.yaml'))})`]] },
    { name: 'an unknown region', entry: { ...ORGAN, id: 'nowhere', region: '439999' }, errors: [['unknown_region', 'unknown region \'439999\' (not a GB/T 2260 code in the gazetteer, nor CN)'], uncited('nowhere')] },
    { name: 'an unknown parent', entry: { ...ORGAN, id: 'orphan', parent: 'no-such-organ' }, errors: [['unknown_parent', 'unknown parent organ \'no-such-organ\''], uncited('orphan')] },
    { name: 'its own parent', entry: { ...ORGAN, id: 'self', parent: 'self' }, errors: [['parent_cycle', 'parent chain loops back to itself'], uncited('self')] },
    { name: 'a loop of two', entry: { ...ORGAN, id: 'loop-a', parent: 'loop-b' }, errors: [['parent_cycle', 'parent chain loops back to itself'], uncited('loop-a')] },
    { name: 'the other side of the loop', entry: { ...ORGAN, id: 'loop-b', parent: 'loop-a' }, errors: [['parent_cycle', 'parent chain loops back to itself'], uncited('loop-b')] },
    { name: 'a child of the loop', entry: { ...ORGAN, id: 'under-loop', parent: 'loop-a' }, errors: [['parent_cycle', 'parent chain loops back to itself'], uncited('under-loop')] },
    { name: 'a chain of three', entry: { ...ORGAN, id: 'grandchild', parent: 'child' }, errors: [uncited('grandchild')] },
    { name: 'the middle of the chain', entry: { ...ORGAN, id: 'child', parent: 'changde-intermediate-court' }, errors: [uncited('child')] },
    { name: 'a kind not in the vocabulary', entry: { ...ORGAN, id: 'bad-kind', kind: 'tribunal' }, errors: [['invalid_field', 'field \'kind\' must be equal to constant']] },
    { name: 'an id that is no slug', entry: { ...ORGAN, id: 'Bad Id' }, errors: [['invalid_field', 'field \'id\' must match pattern "^[a-z0-9][a-z0-9-]*$"']] },
    { name: 'no region', entry: { ...ORGAN, id: 'no-region', region: DROP }, errors: [['missing_field', 'missing field \'region\'']] },
  ]
  const { text, labels } = entries('organs', cases.map((c) => JSON.parse(JSON.stringify(c.entry)) as unknown), false)
  const loaded = load({ 'catalog/organs/more.yaml': text })
  judge(t, loaded, 'catalog/organs/more.yaml', cases.map((c, i) => ({ name: c.name, label: labels[i]!, errors: c.errors })))
  const byId = new Map(loaded.dataset.organs.map((o) => [o.id, o]))
  t.strictSame([...byId.keys()], ['changde-intermediate-court', 'good', 'nowhere', 'orphan', 'self', 'loop-a', 'loop-b', 'under-loop', 'grandchild', 'child'])
  t.equal(byId.get('nowhere')!.regionCode, 'CN', 'an unknown region stands for the whole country')
  t.equal(byId.get('orphan')!.parentId, 'no-such-organ')
  t.equal(byId.get('changde-intermediate-court')!.level, 'prefecture', 'a duplicate does not replace the first')
})

t.test('events: every check, each with its exact error', async (t) => {
  const EVENT = { title: 'An event', kind: 'meeting', region: '430700' }
  const uncited = (id: string): [SeedErrorCode, string] => ['uncited_event', `event '${id}' is cited by no facts file`]
  const cases: Array<{ name: string, entry: unknown, errors: Expected }> = [
    { name: 'a good event, cited by nothing', entry: { ...EVENT, id: 'good' }, errors: [uncited('good')] },
    { name: 'an id already in the catalog', entry: { ...EVENT, id: 'fixture-campaign' }, errors: [['duplicate_id', `duplicate event id 'fixture-campaign' (first defined in ${relative(process.cwd(), join(root, String(copies), 'catalog/events/fixture.yaml'))})`]] },
    { name: 'a precision without a start', entry: { ...EVENT, id: 'no-start', startPrecision: 'day' }, errors: [['precision_mismatch', 'startPrecision is given without start'], uncited('no-start')] },
    { name: 'a precision without an end', entry: { ...EVENT, id: 'no-end', endPrecision: 'year' }, errors: [['precision_mismatch', 'endPrecision is given without end'], uncited('no-end')] },
    { name: 'an end precision that does not match', entry: { ...EVENT, id: 'end-precision', end: '2021', endPrecision: 'month' }, errors: [['precision_mismatch', 'endPrecision \'month\' does not match end \'2021\' (which has year precision)'], uncited('end-precision')] },
    { name: 'an invalid start', entry: { ...EVENT, id: 'bad-start', start: '2021-00' }, errors: [['invalid_date', 'start \'2021-00\' is not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)'], uncited('bad-start')] },
    { name: 'an end before its start', entry: { ...EVENT, id: 'reversed', start: '2021-03-05', end: '2021-03-04' }, errors: [['reversed_dates', 'end \'2021-03-04\' is before start \'2021-03-05\''], uncited('reversed')] },
    { name: 'an end month before its start', entry: { ...EVENT, id: 'reversed-month', start: '2021-03-05', end: '2021-02' }, errors: [['reversed_dates', 'end \'2021-02\' is before start \'2021-03-05\''], uncited('reversed-month')] },
    { name: 'an end in the month of its start', entry: { ...EVENT, id: 'same-month', start: '2021-03-05', end: '2021-03' }, errors: [uncited('same-month')] },
    { name: 'an end in the year of its start', entry: { ...EVENT, id: 'same-year', start: '2021-03', end: '2021' }, errors: [uncited('same-year')] },
    { name: 'an end on its start', entry: { ...EVENT, id: 'same-day', start: '2021-03-05', end: '2021-03-05' }, errors: [uncited('same-day')] },
    { name: 'an end only', entry: { ...EVENT, id: 'end-only', end: '2021' }, errors: [uncited('end-only')] },
    {
      name: 'organs unknown and listed twice', entry: { ...EVENT, id: 'organs', organs: [{ organ: 'no-such-organ', role: 'host' }, { organ: 'changde-intermediate-court', role: 'host' }, { organ: 'changde-intermediate-court', role: 'guest' }, { organ: 'changde-intermediate-court', role: 'host' }] },
      errors: [['unknown_organ', 'unknown organ \'no-such-organ\''], ['duplicate_role', 'organ \'changde-intermediate-court\' is listed twice with role \'host\''], uncited('organs')],
    },
    { name: 'an unknown parent', entry: { ...EVENT, id: 'orphan', parent: 'no-such-event' }, errors: [['unknown_parent', 'unknown parent event \'no-such-event\''], uncited('orphan')] },
    { name: 'its own parent', entry: { ...EVENT, id: 'self', parent: 'self' }, errors: [['parent_cycle', 'parent chain loops back to itself'], uncited('self')] },
    { name: 'a loop of two', entry: { ...EVENT, id: 'loop-a', parent: 'loop-b' }, errors: [['parent_cycle', 'parent chain loops back to itself'], uncited('loop-a')] },
    { name: 'the other side of the loop', entry: { ...EVENT, id: 'loop-b', parent: 'loop-a' }, errors: [['parent_cycle', 'parent chain loops back to itself'], uncited('loop-b')] },
    { name: 'an unknown region', entry: { ...EVENT, id: 'nowhere', region: '439999' }, errors: [['unknown_region', 'unknown region \'439999\' (not a GB/T 2260 code in the gazetteer, nor CN)'], uncited('nowhere')] },
    { name: 'an unknown field', entry: { ...EVENT, id: 'extra', date: '2021' }, errors: [['unknown_field', 'unknown field \'date\'']] },
  ]
  const { text, labels } = entries('events', cases.map((c) => c.entry), false)
  const loaded = load({ 'catalog/events/more.yaml': text })
  judge(t, loaded, 'catalog/events/more.yaml', cases.map((c, i) => ({ name: c.name, label: labels[i]!, errors: c.errors })))
  const byId = new Map(loaded.dataset.events.map((e) => [e.id, e]))
  t.strictSame([...byId.keys()], [
    'fixture-campaign', 'good', 'no-start', 'no-end', 'end-precision', 'bad-start', 'reversed', 'reversed-month', 'same-month', 'same-year', 'same-day',
    'end-only', 'organs', 'orphan', 'self', 'loop-a', 'loop-b', 'nowhere',
  ])
  t.strictSame(byId.get('organs')!.organs, [{ organId: 'changde-intermediate-court', role: 'host' }, { organId: 'changde-intermediate-court', role: 'guest' }, { organId: 'changde-intermediate-court', role: 'host' }], 'unknown organs left out')
  t.equal(byId.get('nowhere')!.regionCode, 'CN', 'an unknown region stands for the whole country')
  t.strictSame([byId.get('no-start')!.startDate, byId.get('no-start')!.startPrecision], [null, null])
  t.strictSame([byId.get('end-precision')!.endDate, byId.get('end-precision')!.endPrecision], ['2021', 'year'])
  t.strictSame([byId.get('bad-start')!.startDate, byId.get('bad-start')!.startPrecision], ['2021-00', null])
  t.equal(byId.get('orphan')!.path, 'orphan', 'a path stops where the parent is unknown')
  t.strictSame([byId.get('self')!.path, byId.get('loop-a')!.path], ['self', 'loop-a'], 'a loop has no path')
  t.equal(byId.get('fixture-campaign')!.title, 'Fixture campaign', 'a duplicate does not replace the first')
})

// ---- a finished curation, and one in the middle ----

const ORGAN_CITATION = '  - organ: changde-intermediate-court\n    quote: "The Changde Intermediate People\'s Court"\n'
const EVENT_CITATION = '  - event: fixture-campaign\n    quote: "As of July 26, 2021"\n'

t.test('every organ and event cited, every metric used: errors, or warnings for drafts', async (t) => {
  const changes: Record<string, Change> = {
    'facts/fixture-report.yaml': [[`citations:\n${ORGAN_CITATION}${EVENT_CITATION}`, ''], ['metric: education.warning.participants', 'metric: education.warning.sessions']],
  }
  const found = (at: Loaded['at']): SeedError[] => [
    { file: at('catalog/organs/fixture.yaml'), entry: 'organs[0] id=changde-intermediate-court (line 1)', code: 'uncited_organ', message: 'organ \'changde-intermediate-court\' is cited by no facts file' },
    { file: at('catalog/events/fixture.yaml'), entry: 'events[0] id=fixture-campaign (line 1)', code: 'uncited_event', message: 'event \'fixture-campaign\' is cited by no facts file' },
    { file: at('catalog/metrics/fixture.yaml'), entry: 'metrics[1] id=education.warning.participants (line 5)', code: 'unused_metric', message: 'metric \'education.warning.participants\' is used by no indicator' },
  ]
  const finished = load(changes)
  t.strictSame(finished.errors, found(finished.at), 'a finished curation: errors')
  t.strictSame(finished.dataset.warnings, [])
  const explicit = load(changes, false)
  t.strictSame(explicit.errors, found(explicit.at), 'allowDrafts false is the default')
  const drafts = load(changes, true)
  t.strictSame(drafts.errors, [], 'in the middle of a curation: no errors')
  t.strictSame(drafts.dataset.warnings, found(drafts.at), 'but warnings')
  t.equal(drafts.dataset.organs.length, 1, 'and the catalog whole')
})

t.test('what an entry refers to counts as cited or used even when the entry fails a later check', async (t) => {
  const { errors, at } = load({
    'catalog/organs/more.yaml': stringify([{ id: 'lonely-court', name: 'Lonely court', kind: 'court', level: 'county', region: '430700' }]),
    'catalog/events/more.yaml': stringify([{ id: 'lonely-event', title: 'Lonely event', kind: 'meeting', region: '430700' }]),
    'catalog/metrics/more.yaml': stringify([{ ...METRIC, code: 'education.lonely.held', unit: 'sessions' }]),
    'facts/more.yaml': stringify({
      document: 'fixture-report',
      indicators: [{ ...INDICATOR, id: 'lonely', metric: 'education.lonely.held', quote: 'Changde held 1,300' }],
      citations: [{ organ: 'lonely-court', quote: 'Lonely court' }, { event: 'lonely-event', quote: 'Lonely event' }],
    }),
  })
  t.strictSame(errors.map((e) => [e.file, e.entry, e.code]), [
    [at('facts/more.yaml'), 'indicators[0] id=lonely (line 3)', 'quote'],
    [at('facts/more.yaml'), 'citations[0] (line 12)', 'quote'],
    [at('facts/more.yaml'), 'citations[1] (line 14)', 'quote'],
  ])
})

t.test('drafts: pending entries are checked, kept apart, and may propose a metric', async (t) => {
  const pending = (id: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({ ...INDICATOR, id, review: 'pending', ...over })
  const units = `(${UNITS.join(', ')})`
  const categories = `(${CATEGORY_CODES.join(', ')})`
  const cases: Array<{ entry: Record<string, unknown>, errors: Expected }> = [
    { entry: pending('known', { confidence: 0.9, reasons: 'Read from the sentence.' }), errors: [] },
    { entry: pending('proposed', { metric: 'education.new_thing.held', unit: 'sessions' }), errors: [] },
    { entry: pending('proposed-dims', { metric: 'education.new_thing.share', unit: 'percent', dimensions: { form: '1' } }), errors: [] },
    { entry: pending('two-segments', { metric: 'education.new_thing', unit: 'sessions' }), errors: [['unknown_metric', `proposed metric 'education.new_thing' is not a code category.subject.measure of a known category ${categories}`]] },
    { entry: pending('four-segments', { metric: 'education.new.thing.held', unit: 'sessions' }), errors: [['unknown_metric', `proposed metric 'education.new.thing.held' is not a code category.subject.measure of a known category ${categories}`]] },
    { entry: pending('capitals', { metric: 'education.New.thing.held', unit: 'sessions' }), errors: [['unknown_metric', `proposed metric 'education.New.thing.held' is not a code category.subject.measure of a known category ${categories}`]] },
    { entry: pending('unknown-category', { metric: 'rectification.new_thing.held', unit: 'sessions' }), errors: [['unknown_metric', `proposed metric 'rectification.new_thing.held' is not a code category.subject.measure of a known category ${categories}`]] },
    { entry: pending('no-unit', { metric: 'education.new_thing.held' }), errors: [['unit_mismatch', `proposed metric 'education.new_thing.held' needs a unit from the vocabulary ${units}`]] },
    { entry: pending('bad-unit', { metric: 'education.new_thing.held', unit: 'session' }), errors: [['unit_mismatch', `proposed metric 'education.new_thing.held' needs a unit from the vocabulary ${units}`]] },
    { entry: pending('wrong-unit', { unit: 'persons' }), errors: [['unit_mismatch', 'unit \'persons\' differs from the unit of metric education.warning.sessions, \'sessions\'']] },
    { entry: pending('mismatch', { value: 1300 }), errors: [['value_mismatch', 'value 1300 disagrees with the number in the quote: "1,200" reads as 1200']] },
    { entry: pending('proposed-nowhere', { metric: 'education.new_thing.held', unit: 'sessions', region: '439999' }), errors: [['unknown_region', 'unknown region \'439999\' (not a GB/T 2260 code in the gazetteer, nor CN)']] },
    { entry: pending('bad-dimension', { dimensions: { form: '1' } }), errors: [['unknown_dimension', 'metric education.warning.sessions declares no dimension \'form\'']] },
    { entry: { ...INDICATOR, id: 'not-pending', metric: 'education.new_thing.held', unit: 'sessions' }, errors: [['unknown_metric', 'unknown metric \'education.new_thing.held\'']] },
    { entry: { ...INDICATOR, id: 'not-pending-remarks', confidence: 0.5 }, errors: [['draft_field', 'confidence and reasons are a draft\'s remarks: only a pending entry has them']] },
  ]
  const { text, labels } = entries('indicators', cases.map((c) => c.entry), true)
  const files: Record<string, Change> = {
    'facts/more.yaml': `${text}ignore:\n  - { quote: "Changde held", reason: "a draft", review: pending }\n`,
    'documents/fixture.yaml': [['region: "430700"', 'region: "430700"\nreview: pending']],
  }
  const drafts = load(files, true)
  judge(t, drafts, 'facts/more.yaml', cases.map((c, i) => ({ name: String(c.entry.id), label: labels[i]!, errors: c.errors })))
  // A proposal that is no good is an error, but the figure it cites stands where it says (what
  // the coverage report counts); a figure that is wrong or placed nowhere is left out.
  const placed = (id: string, metricCode: string): LoadedPendingIndicator => ({ id, documentId: 'fixture-report', metricCode, value: 1200, valueStart: 50, valueEnd: 55 })
  t.strictSame(drafts.dataset.pending, [
    placed('known', 'education.warning.sessions'), placed('proposed', 'education.new_thing.held'), placed('proposed-dims', 'education.new_thing.share'),
    placed('two-segments', 'education.new_thing'), placed('four-segments', 'education.new.thing.held'), placed('capitals', 'education.New.thing.held'),
    placed('unknown-category', 'rectification.new_thing.held'), placed('no-unit', 'education.new_thing.held'), placed('bad-unit', 'education.new_thing.held'),
    placed('wrong-unit', 'education.warning.sessions'),
  ], 'the pending indicators')
  t.strictSame(drafts.dataset.indicators.map((i) => i.id).filter((id) => !id.startsWith('fx-')), ['not-pending-remarks'], 'no pending indicator among the indicators')
  t.strictSame(drafts.dataset.documents.map((d) => d.id), ['fixture-report'], 'a pending document is loaded')
  t.strictSame(drafts.dataset.ignores.map((i) => i.reason), ['date of the figures', 'a draft'], 'a pending ignore too')
  t.strictSame(drafts.dataset.warnings, [])

  const finished = load(files)
  const pendingError: [SeedErrorCode, string] = ['pending_review', 'pending review: settle it with `npm run curate -- review`, or load drafts with --allow-drafts']
  t.strictSame(errorsAt(finished.errors, finished.at('documents/fixture.yaml'), 'document id=fixture-report'), [pendingError], 'without drafts, a pending document is an error')
  t.strictSame(errorsAt(finished.errors, finished.at('facts/more.yaml'), `ignore[0] (line ${text.split('\n').length + 1})`), [pendingError], 'so is a pending ignore')
  t.strictSame(errorsAt(finished.errors, finished.at('facts/more.yaml'), labels[1]!), [pendingError, ['unknown_metric', 'unknown metric \'education.new_thing.held\'']], 'and a pending indicator, which proposes no metric')
  t.strictSame(errorsAt(finished.errors, finished.at('facts/more.yaml'), labels[0]!), [pendingError], 'a pending indicator may give its remarks')
  t.strictSame(finished.dataset.indicators.map((i) => i.id).filter((id) => !id.startsWith('fx-')), ['not-pending-remarks'])
})

t.test('an error about the folder one stands in names it in full', async (t) => {
  const { dir } = load({ 'documents/fixture.txt': null, 'documents/fixture.yaml': null })
  const cwd = process.cwd()
  process.chdir(join(dir, 'documents'))
  let errors: SeedError[]
  try {
    errors = loadSeedUnchecked({ seedDir: dir, migrationsDir, allowDrafts: true }).errors
  } finally {
    process.chdir(cwd)
  }
  t.strictSame(errors[0], { file: join(dir, 'documents'), entry: 'documents', code: 'no_documents', message: 'no documents found' })
  t.equal(errors[1]!.file, join('..', 'facts', 'fixture-report.yaml'), 'other files relative to it')
})

t.test('labels: an aliased section has no line to give, an aliased entry has its own', async (t) => {
  const { errors, at } = load({
    'facts/more.yaml': [
      'document: fixture-report',
      'ignore: &same',
      '  - { quote: "As of July 26, 2021", reason: the date }',
      'citations: *same',
      'dropped:',
      '  - &gone { id: x-gone, reason: Gone. }',
      '  - *gone',
      '',
    ].join('\n'),
  })
  t.strictSame(errors, [
    { file: at('facts/more.yaml'), entry: 'citations[0]', code: 'unknown_field', message: 'unknown field \'reason\'' },
    { file: at('facts/more.yaml'), entry: 'dropped[1] id=x-gone (line 7)', code: 'duplicate_id', message: 'indicator \'x-gone\' is listed as dropped twice' },
  ])
})

t.test('files are read in the order JavaScript sorts their names, whatever order the folder lists them in', async (t) => {
  // Linux lists a folder in byte order, which puts ａ (U+FF41) before 📄 (U+1F4C4): the reverse of
  // the order of their UTF-16 code units.
  const text = 'A short report of 1,200 sessions.\n'
  const doc = (id: string, fileName: string): string => stringify({ id, fileName, title: 'A report', language: 'en', provenance: 'Written for the tests.' })
  const metric = (code: string): string => stringify([{ ...METRIC, code }])
  const facts = (document: string): string => stringify({ document, indicators: [{ ...INDICATOR, id: 'same-id', quote: 'short report of 1,200 sessions' }] })
  const { dataset, errors, at } = load({
    'documents/ａ.txt': text,
    'documents/ａ.yaml': doc('fullwidth', 'ａ.txt'),
    'documents/📄.txt': text,
    'documents/📄.yaml': doc('emoji', '📄.txt'),
    'catalog/metrics/ａ.yaml': metric('education.fullwidth.held'),
    'catalog/metrics/📄.yaml': metric('education.emoji.held'),
    'facts/ａ.yaml': facts('fullwidth'),
    'facts/📄.yaml': facts('emoji'),
  }, true)
  t.strictSame(dataset.documents.map((d) => d.id), ['fixture-report', 'emoji', 'fullwidth'])
  t.strictSame(dataset.metrics.map((m) => m.code).slice(5), ['education.emoji.held', 'education.fullwidth.held'])
  t.strictSame(errors, [{
    file: at('facts/ａ.yaml'), entry: 'indicators[0] id=same-id (line 3)', code: 'duplicate_id', message: `duplicate indicator id 'same-id' (first in ${at('facts/📄.yaml')})`,
  }])
})

t.test('no facts: every organ and event uncited, every metric unused', async (t) => {
  const { errors, dataset } = load({ facts: null }, true)
  t.strictSame(errors, [])
  t.strictSame(dataset.warnings.map((w) => w.code), ['uncited_organ', 'uncited_event', ...Array(5).fill('unused_metric')])
  t.strictSame([dataset.indicators, dataset.citations, dataset.ignores, dataset.dropped], [[], [], [], []])
})
