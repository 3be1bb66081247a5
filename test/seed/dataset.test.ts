// Gates on the real curated dataset: every document's numbers are explained, every fact cites a
// verified quote, and units agree with the metrics catalog.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadSeed } from '../../seed/loader.js'
import { coverage } from '../../seed/coverage.js'
import { seedDir, migrationsDir } from '../../src/paths.js'

const data = loadSeed({ seedDir, migrationsDir })

t.test('all five documents are loaded, byte for byte', async (t) => {
  t.equal(data.documents.length, 5)
  for (const d of data.documents) {
    t.equal(d.rawText, readFileSync(join(seedDir, 'documents', d.fileName), 'utf8'), d.fileName)
  }
})

t.test('coverage: no unexplained number in any document', async (t) => {
  for (const doc of coverage(data)) {
    t.same(doc.unexplained.map((u) => `${u.text} …${u.context}…`), [], `${doc.documentId} has no unexplained number`)
    t.ok(doc.cited > 0, `${doc.documentId} has cited numbers`)
    for (const i of doc.ignoreEntries) t.ok(i.reason.trim().length > 5, `ignore ${JSON.stringify(i.quote)} has a reason`)
  }
})

t.test('every quote is verified against its document', async (t) => {
  const text = new Map(data.documents.map((d) => [d.id, d.rawText]))
  let n = 0
  for (const i of data.indicators) {
    if (text.get(i.documentId)!.slice(i.startOffset, i.endOffset) !== i.quote) t.fail(`indicator ${i.id}`)
    if (!i.quote.includes(i.valueText)) t.fail(`indicator ${i.id} valueText`)
    n++
  }
  for (const c of data.citations) {
    if (text.get(c.documentId)!.slice(c.startOffset, c.endOffset) !== c.quote) t.fail(`${c.subjectType} ${c.subjectId}`)
    n++
  }
  t.ok(n > 100, `${n} quotes checked`)
})

t.test('every organ and event is cited; every metric is used', async (t) => {
  const cited = new Set(data.citations.map((c) => `${c.subjectType}:${c.subjectId}`))
  t.same(data.organs.filter((o) => !cited.has(`organ:${o.id}`)).map((o) => o.id), [])
  t.same(data.events.filter((e) => !cited.has(`event:${e.id}`)).map((e) => e.id), [])
  const used = new Set(data.indicators.map((i) => i.metricCode))
  t.same(data.metrics.filter((m) => !used.has(m.code)).map((m) => m.code), [])
})

t.test('every indicator unit agrees with its metric', async (t) => {
  const unit = new Map(data.metrics.map((m) => [m.code, m.unit]))
  t.same(data.indicators.filter((i) => i.unit !== unit.get(i.metricCode)).map((i) => i.id), [])
})

t.test('every document is cited and the national campaign is a hierarchy', async (t) => {
  for (const d of data.documents) t.ok(data.indicators.some((i) => i.documentId === d.id), `${d.id} has indicators`)
  const byId = new Map(data.events.map((e) => [e.id, e]))
  for (const phase of ['first-batch', 'first-batch-looking-back', 'second-batch']) {
    t.equal(byId.get(phase)?.parentId, 'education-rectification-2021', `${phase} is a phase of the campaign`)
  }
})

t.test('the same concept shares a metric code across documents', async (t) => {
  const docsPerMetric = new Map<string, Set<string>>()
  for (const i of data.indicators) {
    if (!docsPerMetric.has(i.metricCode)) docsPerMetric.set(i.metricCode, new Set())
    docsPerMetric.get(i.metricCode)!.add(i.documentId)
  }
  const shared = [...docsPerMetric.values()].filter((s) => s.size > 1).length
  t.ok(shared >= 5, `${shared} metrics are used by more than one document`)
})

t.test('the same concept keeps one code in Guangdong, Liaoning, Hunan and nationally', async (t) => {
  const byId = new Map(data.indicators.map((i) => [i.id, i]))
  const concepts: Record<string, string[]> = {
    'advanced individuals': ['d000-hn-advanced-individuals', 'd001-advanced-individuals', 'd003-advanced-models-selected'],
    'advanced collectives': ['d000-hn-advanced-collectives', 'd001-advanced-collectives'],
    'warning-education participants': ['d000-gd-warning-education-participants', 'd003-warning-education-person-times'],
    'hero report meetings': ['d000-hn-hero-reports', 'd001-hero-report-meetings', 'd003-hero-deeds-reports'],
    'rules established': ['d000-shanxi-ps-rules-established', 'd001-plac-rules-established', 'd001-high-court-rules-established', 'd001-procuratorate-rules-established', 'd001-public-security-rules-established'],
    'wages recovered': ['d000-changde-wages-recovered', 'd002-wages-recovered'],
  }
  for (const [concept, ids] of Object.entries(concepts)) {
    const rows = ids.map((id) => byId.get(id))
    t.ok(rows.every(Boolean), `${concept}: every indicator exists`)
    t.equal(new Set(rows.map((i) => i!.metricCode)).size, 1, `${concept}: one metric code (${rows.map((i) => i?.metricCode).join(', ')})`)
    t.ok(new Set(rows.map((i) => i!.regionCode)).size > 1, `${concept}: more than one region`)
  }
  const reports = concepts['hero report meetings']!.map((id) => byId.get(id)!)
  t.ok(reports.every((i) => i.dimensions.activity === 'report_meeting'), 'hero report meetings share the dimension value too')
  // What is not comparable is told apart by dimension, period or phase, not by code.
  const rules = concepts['rules established']!.map((id) => byId.get(id)!)
  t.same([...new Set(rules.map((i) => i.dimensions.scope))].sort(), ['city_county_units', 'provincial_organ'], 'rules of one provincial organ and of all city and county units differ by scope')
  const individuals = concepts['advanced individuals']!.map((id) => byId.get(id)!)
  t.same(individuals.map((i) => [i.regionCode, i.phaseId, i.periodStart, i.date]), [
    ['430000', 'first-batch', '2021-02', '2021-06'],
    ['210000', null, '2021-02', '2022-02-17'],
    ['CN', 'first-batch', '2021-02', '2021-08-16'],
  ], 'Hunan\'s first batch, Liaoning\'s whole campaign and the national first batch and "looking back" differ by phase and period')
})

t.test('bases: inferred only where a field was reasoned, and every other basis has its note', async (t) => {
  for (const i of data.indicators) {
    const reasoned = i.valueBasis !== 'stated' || i.dateBasis === 'inferred' || i.regionBasis === 'inferred'
    if (i.inferred !== reasoned) t.fail(`${i.id}: inferred ${i.inferred}, bases ${i.valueBasis}/${i.dateBasis}/${i.regionBasis}`)
    for (const [basis, note] of [[i.valueBasis, i.valueNote], [i.dateBasis, i.dateNote], [i.regionBasis, i.regionNote]] as const) {
      if ((basis === 'stated') !== (note === null)) t.fail(`${i.id}: basis ${basis} with note ${JSON.stringify(note)}`)
    }
  }
  const inferred = data.indicators.filter((i) => i.inferred)
  t.ok(inferred.length < data.indicators.length / 2, `${inferred.length} of ${data.indicators.length} indicators are inferred: the flag tells a reader something`)
  t.ok(data.indicators.some((i) => i.dateBasis === 'context' && !i.inferred), 'a date from the document\'s framing is context, not an inference')
  t.ok(data.indicators.filter((i) => i.documentId === 'county-psb-fair-enforcement').every((i) => i.regionBasis === 'inferred' && i.dateBasis === 'inferred'),
    'document 004 names neither its county nor its year')
})

t.test('every indicator gives the dimensions its metric declares; codes follow category.subject.measure', async (t) => {
  const metrics = new Map(data.metrics.map((m) => [m.code, m]))
  for (const i of data.indicators) {
    const m = metrics.get(i.metricCode)!
    t.same(Object.keys(i.dimensions).sort(), m.dimensions.map((d) => d.name).sort(), `${i.id} dimensions`)
  }
  t.same(data.metrics.filter((m) => m.code.split('.').length !== 3).map((m) => m.code), [])
  t.ok(data.metrics.some((m) => m.dimensions.length > 0), 'some metrics have dimensions')
  t.ok(data.metrics.filter((m) => data.indicators.filter((i) => i.metricCode === m.code).length > 1).length >= 20, 'metrics gather figures')
})

t.test('events and organs: phases, parents and renderings', async (t) => {
  const events = new Map(data.events.map((e) => [e.id, e]))
  t.equal(events.get('i-do-practical-things-2021')?.parentId, 'party-history-learning-education-2021')
  t.equal(events.get('liaoning-learn-from-teng-qigang')?.parentId, 'second-batch')
  t.notOk(events.has('hunan-political-legal-models-2021'), 'the duplicate selection is merged')
  for (const id of ['national-violations-reporting-platform', 'liaoning-second-batch-rectification-stage', 'liaoning-institution-building-compilation',
    'baoying-xianfeng-proxy-service-2004', 'baoying-dongdang-duty-guide-2004', 'baoying-shanyang-migrant-service-2004']) {
    t.ok(events.has(id), `${id} exists`)
  }
  const organs = new Map(data.organs.map((o) => [o.id, o]))
  t.equal(organs.get('baoying-county-plc')?.name, 'Political and Legal Affairs Commission of the CPC Baoying County Committee')
  t.same(data.organs.filter((o) => /Political and Legal (Affairs )?Committee|political-legal committee/i.test(o.name)).map((o) => o.id), [], '政法委 is a Commission')
  t.same(data.organs.filter((o) => /university/i.test(o.name) && o.level === 'central').map((o) => o.id), [], 'a university is not central')
  const commendations = data.citations.filter((c) => ['zhou-chunmei-commendation-meeting', 'peng-qingwen-commendation'].includes(c.subjectId))
  t.ok(commendations.length > 0 && commendations.every((c) => /commendation meeting/.test(c.quote)), 'the commendations are cited by sentences that mention one')
  const xianfeng = data.indicators.filter((i) => i.organId === 'baoying-xianfeng-police-station')
  t.ok(xianfeng.length > 0 && xianfeng.every((i) => i.eventId === 'baoying-xianfeng-proxy-service-2004'), 'the proxy service\'s figures hang on the service, not the umbrella activity')
  const stage = data.indicators.find((i) => i.id === 'd001-rectification-stage-mechanisms')!
  t.same([stage.eventId, stage.phaseId], ['liaoning-second-batch-rectification-stage', 'second-batch'], 'a stage\'s figure belongs to its phase')
})
