// One test per class of bad data the loader must refuse, each on a copy of a small valid fixture.
import t from 'tap'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadSeed, SeedValidationError, type SeedError, type SeedErrorCode } from '../../seed/loader.js'
import { migrationsDir } from '../../src/paths.js'
import { tempDir } from '../temp.js'

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'seed')

function copyFixture (): string {
  const dir = tempDir('cf-seed-')
  cpSync(FIXTURE, dir, { recursive: true })
  return dir
}

function edit (dir: string, file: string, from: string, to: string): void {
  const p = join(dir, file)
  const s = readFileSync(p, 'utf8')
  if (!s.includes(from)) throw new Error(`fixture ${file} has no ${from}`)
  writeFileSync(p, s.replace(from, to))
}

function errorsOf (dir: string): SeedError[] {
  try {
    loadSeed({ seedDir: dir, migrationsDir })
  } catch (err) {
    if (err instanceof SeedValidationError) return err.errors
    throw err
  }
  return []
}

t.test('the fixture itself loads', async (t) => {
  const data = loadSeed({ seedDir: FIXTURE, migrationsDir })
  t.equal(data.indicators.length, 7)
  const doc = data.documents[0]!
  for (const i of data.indicators) t.equal(doc.rawText.slice(i.startOffset, i.endOffset), i.quote, `${i.id} offsets`)
  const byId = new Map(data.indicators.map((i) => [i.id, i]))
  t.equal(byId.get('fx-talks')!.unit, 'person_times')
  t.same(byId.get('fx-form-1')!.dimensions, { form: '1' }, 'a YAML number is read as the dimension value it names')
  t.same(byId.get('fx-money-wan')!.dimensions, {}, 'no dimension where the metric declares none')
  t.same(data.metrics.find((m) => m.code === 'discipline.four_forms.share')!.dimensions, [{ name: 'form', values: ['1', '2', '3', '4'] }])
  t.same(data.dropped, [{ id: 'fx-old-duration', documentId: 'fixture-report', reason: "A phase's length is its event's dates." }])
})

t.test('bases: stated unless given; inferred only where the curator reasoned a field', async (t) => {
  const data = loadSeed({ seedDir: FIXTURE, migrationsDir })
  const byId = new Map(data.indicators.map((i) => [i.id, i]))
  const talks = byId.get('fx-talks')!
  t.same([talks.valueBasis, talks.dateBasis, talks.regionBasis, talks.inferred], ['stated', 'context', 'stated', false], 'a date from the framing is not an inference')
  t.equal(talks.dateNote, 'Not dated in its sentence; the report\'s date.')
  const form2 = byId.get('fx-form-2')!
  t.same([form2.regionBasis, form2.inferred], ['inferred', true], 'an inferred region makes the indicator inferred')
  t.same([byId.get('fx-warning-sessions')!.valueBasis, byId.get('fx-warning-sessions')!.inferred, byId.get('fx-warning-sessions')!.valueNote], ['stated', false, null])
})

t.test('a corrected value is inferred and is not checked against the text', async (t) => {
  const dir = copyFixture()
  edit(dir, 'facts/fixture-report.yaml', 'value: 1200\n', 'value: 1300\n    valueBasis: corrected\n    valueNote: read so\n')
  const data = loadSeed({ seedDir: dir, migrationsDir })
  const i = data.indicators.find((x) => x.id === 'fx-warning-sessions')!
  t.same([i.value, i.valueBasis, i.valueNote, i.inferred], [1300, 'corrected', 'read so', true])
})

t.test('an indicator is in the outermost campaign phase of its event', async (t) => {
  const dir = copyFixture()
  writeFileSync(join(dir, 'catalog', 'events', 'fixture.yaml'), [
    '- { id: fixture-campaign, title: Fixture campaign, kind: campaign, region: "430700" }',
    '- { id: fixture-phase, title: Phase, kind: campaign_phase, region: "430700", parent: fixture-campaign }',
    '- { id: fixture-stage, title: Stage, kind: campaign_phase, region: "430700", parent: fixture-phase }',
    '',
  ].join('\n'))
  edit(dir, 'facts/fixture-report.yaml', 'event: fixture-campaign\n    quote', 'event: fixture-stage\n    quote')
  edit(dir, 'facts/fixture-report.yaml', 'citations:\n', 'citations:\n  - { event: fixture-phase, quote: "Changde" , occurrence: 1 }\n  - { event: fixture-stage, quote: "Changde", occurrence: 2 }\n')
  const data = loadSeed({ seedDir: dir, migrationsDir })
  t.equal(data.indicators.find((i) => i.id === 'fx-warning-sessions')!.phaseId, 'fixture-phase', 'a stage belongs to its phase')
  t.equal(data.indicators.find((i) => i.id === 'fx-money-wan')!.phaseId, null, 'no event, no phase')
})

const refusals: Array<{ name: string, file: string, from: string, to: string, entry: RegExp, code: SeedErrorCode, message: RegExp, at?: string }> = [
  { name: 'a quote not in the document', file: 'facts/fixture-report.yaml', from: 'quote: "Changde held 1,200 warning education sessions"', to: 'quote: "Changde held 1,200 warning educational sessions"', entry: /id=fx-warning-sessions/, code: 'quote', message: /is not in the document/ },
  { name: 'a quote found twice with nothing to tell which', file: 'facts/fixture-report.yaml', from: 'quote: "Changde held 1,200 warning education sessions"', to: 'quote: "Changde"', entry: /id=fx-warning-sessions/, code: 'quote', message: /found \d+ times/ },
  { name: 'a number that disagrees with value', file: 'facts/fixture-report.yaml', from: 'value: 1200', to: 'value: 1300', entry: /id=fx-warning-sessions/, code: 'value_mismatch', message: /disagrees with the number in the quote/ },
  { name: 'a qualifier that disagrees with the text', file: 'facts/fixture-report.yaml', from: 'value: 5700\n    valueText: "5700余"\n    qualifier: more_than', to: 'value: 5700\n    valueText: "5700余"\n    qualifier: exact', entry: /id=fx-talks/, code: 'value_mismatch', message: /qualifier 'exact' disagrees/ },
  { name: 'an unknown region', file: 'facts/fixture-report.yaml', from: 'region: "430700"\n    event: fixture-campaign', to: 'region: "439999"\n    event: fixture-campaign', entry: /id=fx-warning-sessions/, code: 'unknown_region', message: /unknown region '439999'/ },
  { name: 'an unknown metric', file: 'facts/fixture-report.yaml', from: 'metric: education.warning.sessions', to: 'metric: education.warning.session', entry: /id=fx-warning-sessions/, code: 'unknown_metric', message: /unknown metric 'education.warning.session'/ },
  { name: 'an unknown organ', file: 'facts/fixture-report.yaml', from: 'organ: changde-intermediate-court\n    quote: "执行', to: 'organ: changde-court\n    quote: "执行', entry: /id=fx-money-wan/, code: 'unknown_organ', message: /unknown organ 'changde-court'/ },
  { name: 'an unknown event', file: 'facts/fixture-report.yaml', from: 'event: fixture-campaign\n    quote', to: 'event: no-such-event\n    quote', entry: /id=fx-warning-sessions/, code: 'unknown_event', message: /unknown event 'no-such-event'/ },
  { name: 'an invalid date', file: 'facts/fixture-report.yaml', from: 'date: "2021-07-26"\n    region: "430700"\n    event', to: 'date: "2021-02-30"\n    region: "430700"\n    event', entry: /id=fx-warning-sessions/, code: 'invalid_date', message: /'2021-02-30' is not a valid date/ },
  { name: 'a precision that does not match the date', file: 'facts/fixture-report.yaml', from: 'date: "2021-07-26"\n    region: "430700"\n    event', to: 'date: "2021-07-26"\n    datePrecision: month\n    region: "430700"\n    event', entry: /id=fx-warning-sessions/, code: 'precision_mismatch', message: /datePrecision 'month' does not match/ },
  { name: 'a duplicate id', file: 'facts/fixture-report.yaml', from: 'id: fx-talks', to: 'id: fx-money-wan', entry: /id=fx-money-wan/, code: 'duplicate_id', message: /duplicate indicator id 'fx-money-wan'/ },
  { name: 'an unknown field', file: 'facts/fixture-report.yaml', from: 'qualifier: exact\n    date: "2021-07-26"', to: 'qualifer: exact\n    qualifier: exact\n    date: "2021-07-26"', entry: /id=fx-warning-sessions/, code: 'unknown_field', message: /unknown field 'qualifer'/ },
  { name: 'a unit that differs from the metric\'s', file: 'facts/fixture-report.yaml', from: 'value: 1200', to: 'value: 1200\n    unit: persons', entry: /id=fx-warning-sessions/, code: 'unit_mismatch', message: /unit 'persons' differs from the unit of metric education\.warning\.sessions, 'sessions'/ },
  // The model: dimensions, bases, categories, codes.
  { name: 'a dimension not in the vocabulary', file: 'facts/fixture-report.yaml', from: 'dimensions: { form: 1 }', to: 'dimensions: { form: 1, colour: red }', entry: /id=fx-form-1/, code: 'unknown_dimension', message: /unknown dimension 'colour'/ },
  { name: 'a dimension the metric does not declare', file: 'facts/fixture-report.yaml', from: 'value: 1200', to: 'dimensions: { form: 1 }\n    value: 1200', entry: /id=fx-warning-sessions/, code: 'unknown_dimension', message: /metric education\.warning\.sessions declares no dimension 'form'/ },
  { name: 'a missing dimension', file: 'facts/fixture-report.yaml', from: '    dimensions: { form: "2" }\n', to: '', entry: /id=fx-form-2/, code: 'missing_dimension', message: /metric discipline\.four_forms\.share declares dimension 'form'; give its value/ },
  { name: 'a dimension value the metric does not allow', file: 'facts/fixture-report.yaml', from: 'dimensions: { form: 1 }', to: 'dimensions: { form: 5 }', entry: /id=fx-form-1/, code: 'dimension_value', message: /value '5' of dimension 'form' is not one metric discipline\.four_forms\.share allows \(1, 2, 3, 4\)/ },
  { name: 'a metric declaring a dimension not in the vocabulary', file: 'catalog/metrics/fixture.yaml', from: 'form: ["1", "2", "3", "4"]', to: 'forms: ["1", "2", "3", "4"]', entry: /id=discipline\.four_forms\.share/, code: 'unknown_dimension', message: /unknown dimension 'forms'/ },
  { name: 'a metric allowing a value the dimension does not have', file: 'catalog/metrics/fixture.yaml', from: 'form: ["1", "2", "3", "4"]', to: 'form: ["1", "2", "3", "5"]', entry: /id=discipline\.four_forms\.share/, code: 'dimension_value', message: /dimension 'form' has no value '5'/ },
  { name: 'an inferred region without a note', file: 'facts/fixture-report.yaml', from: '    regionNote: The sentence names no place; Changde from the report.\n', to: '', entry: /id=fx-form-2/, code: 'basis_without_note', message: /regionBasis 'inferred' needs a regionNote/ },
  { name: 'a date from the framing without a note', file: 'facts/fixture-report.yaml', from: '    dateNote: Not dated in its sentence; the report\'s date.\n', to: '', entry: /id=fx-talks/, code: 'basis_without_note', message: /dateBasis 'context' needs a dateNote/ },
  { name: 'a corrected value without a note', file: 'facts/fixture-report.yaml', from: 'value: 1200\n', to: 'value: 1200\n    valueBasis: corrected\n', entry: /id=fx-warning-sessions/, code: 'basis_without_note', message: /valueBasis 'corrected' needs a valueNote/ },
  { name: 'a basis note on a stated field', file: 'facts/fixture-report.yaml', from: 'value: 1200\n', to: 'value: 1200\n    valueNote: as the text says\n', entry: /id=fx-warning-sessions/, code: 'note_without_basis', message: /valueNote is given for a stated value/ },
  { name: 'a basis that is not in the vocabulary', file: 'facts/fixture-report.yaml', from: 'dateBasis: context', to: 'dateBasis: guessed', entry: /id=fx-talks/, code: 'invalid_field', message: /field 'dateBasis'/ },
  { name: 'a category not in the vocabulary', file: 'catalog/metrics/fixture.yaml', from: 'code: discipline.heart_to_heart_talks.held', to: 'code: rectification.heart_to_heart_talks.held', entry: /id=rectification\.heart_to_heart_talks\.held/, code: 'unknown_category', message: /unknown category 'rectification'/ },
  { name: 'a code without its three segments', file: 'catalog/metrics/fixture.yaml', from: 'code: discipline.four_forms.share', to: 'code: discipline.four_forms_share', entry: /id=discipline\.four_forms_share/, code: 'invalid_field', message: /field 'code'/ },
  { name: 'a replaced code that is still in use', file: 'catalog/metrics/fixture.yaml', from: 'codes: [enforcement.money_executed]', to: 'codes: [education.warning.sessions]', entry: /id=services\.livelihood_cases\.money_executed/, code: 'replaced_code_in_use', message: /replaces 'education\.warning\.sessions', which is still a metric code/ },
  { name: 'a dropped id that is still an indicator', file: 'facts/fixture-report.yaml', from: '  - id: fx-old-duration', to: '  - id: fx-talks', entry: /dropped\[0\] id=fx-talks/, code: 'dropped_id_in_use', message: /indicator 'fx-talks' is listed as dropped but is still an indicator/ },
  { name: 'an organ nobody cites', file: 'facts/fixture-report.yaml', from: '  - organ: changde-intermediate-court\n    quote: "The Changde Intermediate People\'s Court"\n', to: '', entry: /id=changde-intermediate-court/, at: 'catalog/organs/fixture.yaml', code: 'uncited_organ', message: /cited by no facts file/ },
]

for (const r of refusals) {
  t.test(`refuses ${r.name}`, async (t) => {
    const dir = copyFixture()
    edit(dir, r.file, r.from, r.to)
    const errors = errorsOf(dir)
    const hit = errors.find((e) => r.message.test(e.message))
    t.ok(hit, `an error matching ${r.message} (got: ${errors.map((e) => e.message).join(' | ')})`)
    t.equal(hit?.code, r.code, 'the error is named by its check')
    t.match(hit?.entry, r.entry, 'the error names the entry')
    t.match(hit?.entry, /\(line \d+\)/, 'the error names the line')
    t.ok(hit?.file.endsWith(r.at ?? r.file), `the error names the file (${hit?.file})`)
  })
}

t.test('reports every problem, not just the first', async (t) => {
  const dir = copyFixture()
  edit(dir, 'facts/fixture-report.yaml', 'value: 1200', 'value: 1300')
  edit(dir, 'facts/fixture-report.yaml', 'metric: education.warning.participants', 'metric: nope.nope')
  const errors = errorsOf(dir)
  t.ok(errors.some((e) => /disagrees/.test(e.message)))
  t.ok(errors.some((e) => /unknown metric 'nope.nope'/.test(e.message)))
})

t.test('one bad quote is one error, not also an unused metric or an uncited organ', async (t) => {
  const dir = copyFixture()
  edit(dir, 'facts/fixture-report.yaml', 'quote: "Changde held 1,200 warning education sessions"', 'quote: "Changde held 1,300 warning education sessions"')
  edit(dir, 'facts/fixture-report.yaml', 'quote: "The Changde Intermediate People\'s Court"', 'quote: "The Changde Intermediate Court"')
  const errors = errorsOf(dir)
  t.equal(errors.length, 2, errors.map((e) => e.message).join(' | '))
  t.ok(errors.every((e) => /not in the document/.test(e.message)))
})
