// Each seed document drafted from its raw text alone, as if it were new, against its curated
// facts: the draft must propose at least 95% of the curated figures (same value at the same place)
// with unit, qualifier and region right for at least 85% of them, load with --allow-drafts, and
// leave no number unexplained. The numbers are those of the README's table.
import t from 'tap'
import { measureAll, formatMeasures, TARGETS } from '../../../seed/curate/measure.js'
import { seedDir, migrationsDir } from '../../../src/paths.js'

t.test('drafts of the five seed documents meet the targets', async (t) => {
  const started = Date.now()
  const measures = measureAll({ seedDir, migrationsDir })
  t.comment(formatMeasures(measures))
  t.equal(measures.length, 5, 'all five documents are measured')
  for (const m of measures) {
    t.test(m.documentId, async (t) => {
      t.ok(m.curated > 0, 'the document has curated figures')
      t.ok(m.recall >= TARGETS.recall, `recall ${m.recall.toFixed(3)} ≥ ${TARGETS.recall}`)
      t.ok(m.unit >= TARGETS.unit, `unit ${m.unit.toFixed(3)} ≥ ${TARGETS.unit}`)
      t.ok(m.qualifier >= TARGETS.qualifier, `qualifier ${m.qualifier.toFixed(3)} ≥ ${TARGETS.qualifier}`)
      t.ok(m.region >= TARGETS.region, `region ${m.region.toFixed(3)} ≥ ${TARGETS.region}`)
      t.same(m.loadErrors, [], 'the draft loads with --allow-drafts')
      t.equal(m.unexplained, 0, 'the coverage report has no unexplained number')
    })
  }
  t.ok(Date.now() - started < 60_000, `measured in ${Date.now() - started} ms`)
})
