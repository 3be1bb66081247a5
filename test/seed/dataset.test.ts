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
