// One test per class of bad data the loader must refuse, each on a copy of a small valid fixture.
import t from 'tap'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSeed, SeedValidationError, type SeedError } from '../../seed/loader.js'
import { migrationsDir } from '../../src/paths.js'

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'seed')

function copyFixture (): string {
  const dir = mkdtempSync(join(tmpdir(), 'cf-seed-'))
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
  t.equal(data.indicators.length, 5)
  const doc = data.documents[0]!
  for (const i of data.indicators) t.equal(doc.rawText.slice(i.startOffset, i.endOffset), i.quote, `${i.id} offsets`)
  t.equal(data.indicators.find((i) => i.id === 'fx-talks')!.unit, 'person_times')
})

const refusals: Array<{ name: string, file: string, from: string, to: string, entry: RegExp, message: RegExp }> = [
  { name: 'a quote not in the document', file: 'facts/fixture-report.yaml', from: 'quote: "Changde held 1,200 warning education sessions"', to: 'quote: "Changde held 1,200 warning educational sessions"', entry: /id=fx-warning-sessions/, message: /is not in the document/ },
  { name: 'a quote found twice with nothing to tell which', file: 'facts/fixture-report.yaml', from: 'quote: "Changde held 1,200 warning education sessions"', to: 'quote: "Changde"', entry: /id=fx-warning-sessions/, message: /found \d+ times/ },
  { name: 'a number that disagrees with value', file: 'facts/fixture-report.yaml', from: 'value: 1200', to: 'value: 1300', entry: /id=fx-warning-sessions/, message: /disagrees with the number in the quote/ },
  { name: 'a qualifier that disagrees with the text', file: 'facts/fixture-report.yaml', from: 'value: 5700\n    valueText: "5700余"\n    qualifier: more_than', to: 'value: 5700\n    valueText: "5700余"\n    qualifier: exact', entry: /id=fx-talks/, message: /qualifier 'exact' disagrees/ },
  { name: 'an unknown region', file: 'facts/fixture-report.yaml', from: 'region: "430700"\n    event: fixture-campaign', to: 'region: "439999"\n    event: fixture-campaign', entry: /id=fx-warning-sessions/, message: /unknown region '439999'/ },
  { name: 'an unknown metric', file: 'facts/fixture-report.yaml', from: 'metric: education.warning.sessions', to: 'metric: education.warning.session', entry: /id=fx-warning-sessions/, message: /unknown metric 'education.warning.session'/ },
  { name: 'an unknown organ', file: 'facts/fixture-report.yaml', from: 'organ: changde-intermediate-court\n    quote: "执行', to: 'organ: changde-court\n    quote: "执行', entry: /id=fx-money-wan/, message: /unknown organ 'changde-court'/ },
  { name: 'an unknown event', file: 'facts/fixture-report.yaml', from: 'event: fixture-campaign\n    quote', to: 'event: no-such-event\n    quote', entry: /id=fx-warning-sessions/, message: /unknown event 'no-such-event'/ },
  { name: 'an invalid date', file: 'facts/fixture-report.yaml', from: 'date: "2021-07-26"\n    region: "430700"\n    event', to: 'date: "2021-02-30"\n    region: "430700"\n    event', entry: /id=fx-warning-sessions/, message: /'2021-02-30' is not a valid date/ },
  { name: 'a precision that does not match the date', file: 'facts/fixture-report.yaml', from: 'date: "2021-07-26"\n    region: "430700"\n    event', to: 'date: "2021-07-26"\n    datePrecision: month\n    region: "430700"\n    event', entry: /id=fx-warning-sessions/, message: /datePrecision 'month' does not match/ },
  { name: 'a duplicate id', file: 'facts/fixture-report.yaml', from: 'id: fx-talks', to: 'id: fx-money-wan', entry: /id=fx-money-wan/, message: /duplicate indicator id 'fx-money-wan'/ },
  { name: 'an unknown field', file: 'facts/fixture-report.yaml', from: 'qualifier: exact\n    date: "2021-07-26"', to: 'qualifer: exact\n    qualifier: exact\n    date: "2021-07-26"', entry: /id=fx-warning-sessions/, message: /unknown field 'qualifer'/ },
  { name: 'a unit that disagrees with the metric', file: 'facts/fixture-report.yaml', from: 'value: 1200', to: 'value: 1200\n    unit: persons', entry: /id=fx-warning-sessions/, message: /unit 'persons' disagrees with metric/ },
  { name: 'an organ nobody cites', file: 'facts/fixture-report.yaml', from: '  - organ: changde-intermediate-court\n    quote: "The Changde Intermediate People\'s Court"\n', to: '', entry: /id=changde-intermediate-court/, message: /cited by no facts file/ },
]

for (const r of refusals) {
  t.test(`refuses ${r.name}`, async (t) => {
    const dir = copyFixture()
    edit(dir, r.file, r.from, r.to)
    const errors = errorsOf(dir)
    const hit = errors.find((e) => r.message.test(e.message))
    t.ok(hit, `an error matching ${r.message} (got: ${errors.map((e) => e.message).join(' | ')})`)
    t.match(hit?.entry, r.entry, 'the error names the entry')
    t.match(hit?.file ?? '', /\.yaml$/, 'the error names the file')
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
