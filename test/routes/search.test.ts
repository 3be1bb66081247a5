// Search through GET /v1/search: a table of queries (Chinese in both scripts, English, pinyin,
// single characters, numbers, mixed) with the hits each must return; raw offsets that point at
// the match in the stored text, pinyin and page chrome ignored; paging; errors.
import t from 'tap'
import Database from 'better-sqlite3'
import { build } from '../helper.js'
import { foldForSearch, stripPinyinReadings } from '../../src/domain/index.js'

type Json = Record<string, any>

const LIAONING_MECHANISM_QUOTES = [
  'indicator:d001-high-court-rules-established', 'indicator:d001-justice-rules-planned', 'indicator:d001-ledger-categories',
  'indicator:d001-procuratorate-rules-established', 'indicator:d001-rectification-stage-mechanisms',
]
const CHANGDE = ['region:430700', 'organ:changde-intermediate-court', 'event:changde-livelihood-enforcement-action',
  'indicator:d000-changde-livelihood-money-executed', 'indicator:d000-changde-wages-recovered', 'indicator:d000-changde-wages-recovered-workers']

/** Query → hits that must be among the results (type:id); [] means nothing may be found. */
const TABLE: Array<[string, string[]]> = [
  // Chinese, Traditional and Simplified fold to each other; the scraper's pinyin (機(jī)制) is ignored.
  ['機制', [...LIAONING_MECHANISM_QUOTES, 'event:liaoning-institution-building-compilation', 'document:liaoning-second-batch-2022']],
  ['机制', [...LIAONING_MECHANISM_QUOTES, 'event:liaoning-institution-building-compilation', 'document:liaoning-second-batch-2022']],
  ['常德', CHANGDE],
  ['長沙', ['region:430100', 'organ:changsha-intellectual-property-court']],
  ['长沙', ['region:430100', 'organ:changsha-intellectual-property-court']],
  ['湖南', ['region:430000', 'organ:hunan-high-peoples-court', 'organ:hunan-peoples-procuratorate']],
  ['遼寧', ['region:210000', 'organ:liaoning-high-peoples-court', 'document:liaoning-second-batch-2022']],
  ['辽宁', ['region:210000', 'organ:liaoning-high-peoples-court', 'document:liaoning-second-batch-2022']],
  ['廣州', ['region:440100', 'organ:guangzhou-psb']],
  ['回頭看', ['event:first-batch-looking-back', 'indicator:d002-regulations-looking-back-working-groups']],
  ['回头看', ['event:first-batch-looking-back', 'indicator:d002-regulations-looking-back-working-groups']],
  ['法院', ['organ:supreme-peoples-court', 'organ:hunan-high-peoples-court', 'indicator:d001-high-court-rules-established']],
  ['检察院', ['organ:supreme-peoples-procuratorate', 'indicator:d001-procuratorate-rules-established']],
  ['英模', ['indicator:d001-hero-report-meetings', 'event:hunan-hero-deeds-report-tours']],
  ['动员部署', ['event:second-batch-mobilization-meeting-2021', 'event:liaoning-second-batch-mobilization-meeting']],
  ['寶應', ['region:321023', 'organ:baoying-psb']],
  ['晉城', ['region:140500', 'indicator:d000-jincheng-exam-participants']],
  ['望城', ['region:430112', 'organ:wangcheng-psb']],
  ['人次', ['metric:education.warning.participants', 'indicator:d001-heart-to-heart-talks']],
  // One character: FTS5's trigram tokenizer would find nothing.
  ['警', ['indicator:d001-red-base-hero-education-participants', 'event:liaoning-all-police-political-training']],
  ['德', ['region:430700']],
  ['雪亮', ['event:hunan-xueliang-project']],
  // Pinyin of regions, any case.
  ['changde', CHANGDE],
  ['Changde', CHANGDE],
  ['CHANGDE', CHANGDE],
  ['Hunan', ['region:430000', 'organ:hunan-high-peoples-court', 'indicator:d002-wages-recovered']],
  ['hunan', ['region:430000', 'organ:hunan-high-peoples-court', 'indicator:d002-wages-recovered']],
  ['neimenggu', ['region:150000']],
  ['xizang', ['region:540000']],
  ['baoying', ['region:321023', 'organ:baoying-psb']],
  ['jincheng', ['region:140500', 'event:jincheng-centralized-examination']],
  ['datong', ['region:140200']],
  // English: case, accents and endings.
  ['warning education', ['metric:education.warning.participants', 'metric:education.warning.sessions', 'indicator:d000-gd-warning-education-sessions']],
  ['Warning Educated', ['metric:education.warning.participants', 'indicator:d000-gd-warning-education-sessions']],
  ['four forms', ['metric:discipline.four_forms.share', 'indicator:d003-four-forms-first-share']],
  ['form', ['metric:discipline.four_forms.share']],
  ['Sharp Eyes', ['event:hunan-xueliang-project']],
  ['looking back', ['event:first-batch-looking-back']],
  ['courts', ['organ:supreme-peoples-court', 'organ:changde-intermediate-court']],
  ['procuratorates', ['organ:supreme-peoples-procuratorate']],
  ['telecom fraud', ['metric:crime.telecom_fraud.cases_solved', 'indicator:d002-telecom-fraud-cases-solved']],
  ['Runyang Bridge', ['event:baoying-psb-veterans-yangzhou-visit-2004', 'document:county-psb-fair-enforcement']],
  ['Zhōu', ['event:zhou-chunmei-commendation-meeting']],
  ['zhou', ['event:zhou-chunmei-commendation-meeting']],
  ['Inner Mongolia', ['region:150000']],
  ['Guangdong', ['region:440000', 'indicator:d000-gd-warning-education-participants']],
  ['廣東', ['region:440000']],
  // Numbers, with or without the thousands separator.
  ['9,300', ['indicator:d000-gd-warning-education-sessions']],
  ['9300', ['indicator:d000-gd-warning-education-sessions']],
  // Mixed: every word must match, in any field of the entry.
  ['Changde 法院', ['organ:changde-intermediate-court']],
  ['机制 28', ['indicator:d001-high-court-rules-established']],
  ['hunan court', ['organ:hunan-high-peoples-court']],
  // Page chrome and scraper pinyin are not searched.
  ['beijingwd', []],
  ['Akismet', []],
  ['Helmut Schlotterer', []],
]

t.test(`a table of ${TABLE.length} queries finds what each must`, async (t) => {
  t.ok(TABLE.length >= 40)
  const app = await build(t)
  for (const [q, expected] of TABLE) {
    const res = await app.inject({ url: '/v1/search', query: { q, limit: '100' } })
    t.equal(res.statusCode, 200, q)
    const body = res.json()
    const found = new Set(body.data.map((h: Json) => `${h.type}:${h.id}`))
    if (expected.length === 0) t.equal(body.total, 0, `${q} finds nothing`)
    for (const e of expected) t.ok(found.has(e), `${q} finds ${e}`)
  }
})

t.test('机制 and 機制 find the five Liaoning quotes that contain it, and point at it in the raw text', async (t) => {
  const app = await build(t)
  const raw = (await app.inject('/v1/documents/liaoning-second-batch-2022/text')).body
  for (const q of ['機制', '机制']) {
    const body = (await app.inject({ url: '/v1/search', query: { q, type: 'indicator' } })).json()
    t.same(body.data.map((h: Json) => `indicator:${h.id}`).sort(), LIAONING_MECHANISM_QUOTES, q)
    for (const hit of body.data) {
      t.equal(hit.field, 'quote')
      t.equal(hit.source.documentId, 'liaoning-second-batch-2022')
      const at = raw.slice(hit.source.start, hit.source.end)
      t.equal(at, '機(jī)制', 'the raw text at the offsets, the scraper\'s pinyin included')
      t.equal(foldForSearch(stripPinyinReadings(at)), '机制')
      t.match(hit.snippet, /<mark>機制<\/mark>/, 'the snippet shows the quote as read, the match marked')
      t.notMatch(hit.snippet, /\(j/, 'without the scraper\'s pinyin')
      const indicator = (await app.inject(`/v1/indicators/${hit.id}`)).json().data
      t.ok(hit.source.start >= indicator.source.start && hit.source.end <= indicator.source.end, 'inside the quote')
    }
  }
})

t.test('the scraper\'s pinyin is in no text or quote that search reads', async (t) => {
  const app = await build(t)
  for (const q of ['jī', 'bào', 'zhěng']) {
    t.equal((await app.inject({ url: '/v1/search', query: { q, type: 'document,indicator,citation' } })).json().total, 0, q)
  }
})

t.test('changde finds the city, its organs and its figures, best first', async (t) => {
  const app = await build(t)
  const body = (await app.inject('/v1/search?q=changde')).json()
  t.same(`${body.data[0].type}:${body.data[0].id}`, 'region:430700', 'the city first')
  t.equal(body.data[0].field, 'name')
  t.equal(body.data[0].snippet, '<mark>Changde</mark>')
  const indicators = body.data.filter((h: Json) => h.type === 'indicator')
  const all = (await app.inject('/v1/indicators?region=430700&limit=100')).json().data.map((i: Json) => i.id).sort()
  t.same(indicators.map((h: Json) => h.id).sort(), all, 'every figure of Changde')
  t.ok(body.data.every((h: Json, i: number) => i === 0 || h.score >= body.data[i - 1].score), 'ordered by score')
})

t.test('every hit in a document points at its match in the raw text', async (t) => {
  const app = await build(t)
  const texts = new Map<string, string>()
  for (const q of ['機制', 'changde', '回頭看', 'warning education', '9,300', 'Runyang Bridge', '警']) {
    const body = (await app.inject({ url: '/v1/search', query: { q, limit: '100' } })).json()
    for (const hit of body.data.filter((h: Json) => h.source)) {
      if (!texts.has(hit.source.documentId)) texts.set(hit.source.documentId, (await app.inject(`/v1/documents/${hit.source.documentId}/text`)).body)
      const raw = texts.get(hit.source.documentId)!
      for (const m of hit.source.matches) {
        const at = foldForSearch(stripPinyinReadings(raw.slice(m.start, m.end))).replace(/,/g, '')
        const words = foldForSearch(q).replace(/,/g, '').split(' ')
        t.ok(words.some((w) => at.includes(w.slice(0, 4))), `${q}: ${hit.type} ${hit.id} at ${m.start}..${m.end} reads ${JSON.stringify(raw.slice(m.start, m.end))}`)
      }
    }
  }
})

t.test('SQLite\'s trigram tokenizer misses queries under three characters; this index does not', async (t) => {
  const db = new Database(':memory:')
  db.exec("CREATE VIRTUAL TABLE tri USING fts5(text, tokenize='trigram')")
  db.prepare('INSERT INTO tri (text) VALUES (?)').run('建立查纠整改环节九大推进机制')
  const count = (q: string): number => (db.prepare('SELECT count(*) AS n FROM tri WHERE tri MATCH ?').get(`"${q}"`) as { n: number }).n
  t.equal(count('推进机制'), 1, 'four characters: found')
  t.equal(count('机制'), 0, 'two characters: not found by trigrams')
  db.close()
  const app = await build(t)
  t.ok((await app.inject({ url: '/v1/search', query: { q: '机制' } })).json().total > 0)
})

t.test('pages continue with the cursor, which belongs to its query', async (t) => {
  const app = await build(t)
  const all = (await app.inject('/v1/search?q=hunan&limit=100')).json()
  t.ok(all.total > 100)
  const seen: string[] = []
  let url = '/v1/search?q=hunan&limit=30'
  for (let pages = 0; url && pages < 20; pages++) {
    const res = await app.inject(url)
    const body = res.json()
    seen.push(...body.data.map((h: Json) => `${h.type}:${h.id}:${h.source?.start ?? ''}`))
    url = body.page.next ? `/v1/search?q=hunan&limit=30&cursor=${body.page.next}` : ''
    if (body.page.next) t.match(res.headers.link, /rel="next"/)
  }
  t.equal(seen.length, all.total, 'every hit once')
  t.equal(new Set(seen).size, seen.length)
  t.same(seen.slice(0, 100), all.data.map((h: Json) => `${h.type}:${h.id}:${h.source?.start ?? ''}`))
  const first = (await app.inject('/v1/search?q=hunan&limit=5')).json()
  const other = await app.inject(`/v1/search?q=liaoning&limit=5&cursor=${first.page.next}`)
  t.equal(other.statusCode, 400)
  t.equal(other.json().parameter, 'cursor')
})

t.test('type filters the hits', async (t) => {
  const app = await build(t)
  const body = (await app.inject('/v1/search?q=changde&type=organ,region')).json()
  t.same(body.data.map((h: Json) => `${h.type}:${h.id}`).sort(), ['organ:changde-intermediate-court', 'region:430700'])
  const citation = (await app.inject('/v1/search?q=changde&type=citation')).json().data[0]
  t.ok(citation.subject && ['organ', 'event'].includes(citation.subject.type), 'a citation says what it cites')
})

t.test('bad searches are 400s naming the parameter', async (t) => {
  const app = await build(t)
  for (const [qs, parameter] of [
    ['', 'q'], ['q=', 'q'], ['q=%20%2C%E3%80%82', 'q'], [`q=${'a'.repeat(201)}`, 'q'], [`q=${encodeURIComponent('a '.repeat(17))}`, 'q'],
    ['q=x&type=person', 'type'], ['q=x&limit=0', 'limit'], ['q=x&limit=101', 'limit'], ['q=x&cursor=nope', 'cursor'], ['q=x&format=csv', 'format'],
  ] as const) {
    const res = await app.inject(`/v1/search?${qs}`)
    t.equal(res.statusCode, 400, qs)
    t.equal(res.json().parameter, parameter, qs)
  }
})
