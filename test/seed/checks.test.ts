// The checks that hold a figure to its sentence, at their edges: values that differ from the text
// by a hair, qualifiers in the words before a number, numbers with 余/多 before their scale, and
// the coverage count (what a cited figure explains, and what it does not).
import t from 'tap'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadSeed, SeedValidationError, type SeedError, type Dataset } from '../../seed/loader.js'
import { parseNumber, findNumberTokens } from '../../seed/numbers.js'
import { coverage } from '../../seed/coverage.js'
import { migrationsDir } from '../../src/paths.js'
import { tempDir } from '../temp.js'

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'seed')

/** The errors of the fixture seed with one indicator's field changed. */
function errorsWith (id: string, replace: Array<[string, string]>): SeedError[] {
  const dir = tempDir('cf-checks-')
  cpSync(FIXTURE, dir, { recursive: true })
  const file = join(dir, 'facts', 'fixture-report.yaml')
  let text = readFileSync(file, 'utf8')
  const start = text.indexOf(`  - id: ${id}\n`)
  const end = text.indexOf('\n  - ', start + 1)
  let entry = text.slice(start, end)
  for (const [from, to] of replace) {
    if (!entry.includes(from)) throw new Error(`${id} has no ${from}`)
    entry = entry.replace(from, to)
  }
  text = text.slice(0, start) + entry + text.slice(end)
  writeFileSync(file, text)
  try {
    loadSeed({ seedDir: dir, migrationsDir })
    return []
  } catch (err) {
    if (err instanceof SeedValidationError) return err.errors.filter((e) => e.entry.includes(`id=${id}`))
    throw err
  }
}

t.test('a value must be the number of its text, not nearly', async (t) => {
  t.same(errorsWith('fx-warning-sessions', []), [], 'as curated: 1200 for "1,200"')
  for (const value of ['1201', '1199', '1200.5', '1200.0001', '1212']) {
    const errors = errorsWith('fx-warning-sessions', [['value: 1200', `value: ${value}`]])
    t.match(errors.map((e) => e.message).join(' | '), /disagrees with the number in the quote/, `${value} for "1,200" (${Math.abs(Number(value) - 1200) / 12}% off)`)
  }
  t.match(errorsWith('fx-money-million', [['value: 2070000', 'value: 2070001']]).map((e) => e.message).join(), /disagrees/, '2070001 for "2.07 million"')
  t.match(errorsWith('fx-money-wan', [['value: 45000', 'value: 45001']]).map((e) => e.message).join(), /disagrees/, '45001 for "4.5万"')
})

t.test('figures with a qualifier are checked against their text too', async (t) => {
  // "more than 5,000" and "5700余" are lower bounds; their numbers still have to be right.
  t.match(errorsWith('fx-warning-participants', [['value: 5000', 'value: 5001']]).map((e) => e.message).join(), /disagrees with the number/)
  t.match(errorsWith('fx-talks', [['value: 5700', 'value: 5800']]).map((e) => e.message).join(), /disagrees with the number/)
})

t.test('the words before the number decide the qualifier', async (t) => {
  const errors = errorsWith('fx-warning-participants', [['qualifier: more_than', 'qualifier: exact']])
  t.match(errors.map((e) => e.message).join(), /disagrees with the words before the number in the quote \("with more than"\)/)
  t.match(errorsWith('fx-warning-participants', [['qualifier: more_than', 'qualifier: nearly']]).map((e) => e.message).join(), /words before the number/)
  // A qualifier with no word behind it needs a note.
  t.match(errorsWith('fx-warning-sessions', [['qualifier: exact', 'qualifier: approximately']]).map((e) => e.message).join(), /has no word in the quote behind it/)
})

t.test('余 and 多 between the digits and the scale', async (t) => {
  const cases: Array<[string, number, string | null]> = [
    ['2000余万', 20_000_000, 'more_than'],
    ['2000多万', 20_000_000, 'more_than'],
    ['1.5亿余', 150_000_000, 'more_than'],
    ['3万余', 30_000, 'more_than'],
    ['300余万元', 3_000_000, 'more_than'],
    ['2000万', 20_000_000, null],
  ]
  for (const [text, value, qualifier] of cases) {
    const p = parseNumber(text)
    t.equal(p?.value, value, `${text} → ${value}`)
    t.equal(p?.impliedQualifier ?? null, qualifier, `${text}: ${qualifier ?? 'no qualifier'}`)
  }
})

t.test('number tokens: every run of digits, one digit included', async (t) => {
  t.same(findNumberTokens('3 groups, 7 days, 12 cases and 1,200.5 yuan').map((x) => x.text), ['3', '7', '12', '1,200.5'])
})

/** A one-document dataset: what coverage() reads of it. */
function dataset (text: string, cited: Array<[string, string]>, ignored: string[] = []): Dataset {
  const at = (quote: string): number => {
    const i = text.indexOf(quote)
    if (i === -1) throw new Error(`no ${quote}`)
    return i
  }
  return {
    documents: [{ id: 'doc', fileName: 'doc.txt', rawText: text, chrome: [] }],
    indicators: cited.map(([quote, valueText]) => {
      const start = at(quote)
      const valueStart = start + quote.indexOf(valueText)
      return { documentId: 'doc', quote, startOffset: start, endOffset: start + quote.length, valueStart, valueEnd: valueStart + valueText.length }
    }),
    ignores: ignored.map((quote) => ({ documentId: 'doc', quote, reason: 'a date', spans: [{ start: at(quote), end: at(quote) + quote.length }], file: 'x' })),
    pending: [],
  } as unknown as Dataset
}

t.test('coverage: a cited figure explains its own number, not the other numbers of its quote', async (t) => {
  const text = 'In 2021 the city held 1,200 sessions in 34 towns, and 7 more.'
  const [doc] = coverage(dataset(text, [['held 1,200 sessions in 34 towns', '1,200']], ['In 2021']))
  t.equal(doc!.numbers, 4)
  t.equal(doc!.cited, 1)
  t.equal(doc!.ignored, 1)
  t.same(doc!.unexplained.map((u) => u.text), ['34', '7'], 'the other number of the quote and the lone digit are unexplained')
  const [all] = coverage(dataset(text, [['held 1,200 sessions in 34 towns', '1,200'], ['in 34 towns', '34'], ['and 7 more', '7']], ['In 2021']))
  t.same(all!.unexplained, [], 'once cited, nothing is left')
})
