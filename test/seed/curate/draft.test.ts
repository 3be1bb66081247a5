// The draft on documents it has never seen (test/fixtures/curate, written for these tests): the
// figures it finds, their units, qualifiers, regions and dates, what it puts on the ignore list and
// why, the document it registers, and the loader's judgement of the draft.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { draftDocument } from '../../../seed/curate/draft.js'
import { loadSeedUnchecked } from '../../../seed/loader.js'
import { coverage } from '../../../seed/coverage.js'
import { migrationsDir, projectRoot } from '../../../src/paths.js'
import type { DraftIndicator } from '../../../seed/curate/propose.js'
import { tempDir } from '../../temp.js'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures')
// The CLI through tsx's loader in one process (the tsx command would start a second one to run it).
const NODE = process.execPath
const TS = ['--import', 'tsx']

function tempSeed (): string {
  const dir = tempDir('cf-draft-')
  cpSync(join(FIXTURES, 'seed'), join(dir, 'seed'), { recursive: true })
  return join(dir, 'seed')
}

const byText = (list: DraftIndicator[], valueText: string): DraftIndicator => {
  const found = list.find((i) => i.valueText === valueText)
  if (!found) throw new Error(`no figure ${valueText}: ${list.map((i) => i.valueText).join(', ')}`)
  return found
}

t.test('an English report: figures, units, qualifiers, regions, dates and ignore candidates', async (t) => {
  const seed = tempSeed()
  const r = draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '100_county-report-2021.txt') })
  const list = r.draft.indicators
  const expect: Array<[string, number, string, string]> = [
    ['1,236', 1236, 'cases', 'exact'],
    ['418', 418, 'persons', 'exact'],
    ['26', 26, 'sessions', 'exact'],
    ['4,500', 4500, 'person_times', 'exact'], // participants of the 26 sessions: attendances
    ['12.5 million', 12500000, 'yuan', 'nearly'],
    ['97.3%', 97.3, 'percent', 'exact'],
    ['2,400', 2400, 'devices', 'approximately'],
    ['third', 3, 'rank', 'exact'],
    ['98.6', 98.6, 'points', 'exact'],
    ['six', 6, 'groups', 'exact'],
    ['46', 46, 'persons', 'exact'],
    ['90 percent', 90, 'percent', 'more_than'],
    ['three', 3, 'persons', 'exact'], // part of the 12 officers
  ]
  for (const [text, value, unit, qualifier] of expect) {
    const i = byText(list, text)
    t.equal(i.value, value, `${text} value`)
    t.equal(i.unit, unit, `${text} unit`)
    t.equal(i.qualifier, qualifier, `${text} qualifier`)
    t.equal(i.region, '430522', `${text} is Xinshao County's`)
  }
  t.equal(byText(list, '12.5 million').date, '2021-11', '"As of the end of November" dates the figure')
  t.equal(byText(list, '12.5 million').dateBasis, 'context', 'the year comes from the framing')
  t.equal(byText(list, '2,400').periodStart, null, 'no period starts after the year the figure is dated to')
  const garbled = byText(list, '3.128,300')
  t.equal(garbled.value, 3128300, 'the garbled number is read')
  t.equal(garbled.valueBasis, 'corrected', 'and flagged as a correction')
  t.match(garbled.valueNote, /mixes separators/, 'with a note')
  t.ok(garbled.confidence < 0.7, 'of low confidence')
  t.notOk(list.some((i) => i.valueText === '2021'), 'the year is not a figure')
  const reasons = new Map(r.draft.ignores.map((g) => [g.quote, g.reason]))
  t.match(reasons.get('2021'), /year/, 'the year is an ignore candidate')
  t.match(reasons.get('"six persistent maladies"'), /slogan/, 'a slogan is an ignore candidate')
  t.match(reasons.get('first batch'), /ordinal/, 'an ordinal is an ignore candidate')
  t.match(reasons.get('1'), /section number/, 'a section number is an ignore candidate')

  const meta = parse(readFileSync(r.metadataFile, 'utf8')) as Record<string, unknown>
  t.ok(r.registered, 'the document is registered')
  t.equal(meta.language, 'en')
  t.equal(meta.title, 'Report on the work of the Xinshao County Public Security Bureau in 2021')
  t.equal(meta.region, '430522', 'its region from the places it names')
  t.equal(meta.review, 'pending', 'the metadata awaits review')
  t.match(meta.sha256, /^[0-9a-f]{64}$/)
})

t.test('a Chinese report: Chinese numerals, 万 and 亿, 余 and 约, 百分之, slogans and ordinals', async (t) => {
  const seed = tempSeed()
  const r = draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '101_county-plac-2021.txt') })
  const list = r.draft.indicators
  const expect: Array<[string, number, string, string]> = [
    ['120', 120, 'sessions', 'exact'],
    ['一千余', 1000, 'person_times', 'more_than'],
    ['1.2万', 12000, 'cases', 'exact'],
    ['百分之九十五', 95, 'percent', 'exact'],
    ['3.2亿', 320000000, 'yuan', 'exact'],
    ['约300', 300, 'cases', 'approximately'],
    ['28', 28, 'items', 'exact'],
  ]
  for (const [text, value, unit, qualifier] of expect) {
    const i = byText(list, text)
    t.equal(i.value, value, `${text} value`)
    t.equal(i.unit, unit, `${text} unit`)
    t.equal(i.qualifier, qualifier, `${text} qualifier`)
    t.equal(i.region, '321023', `${text} is Baoying County's`)
  }
  t.equal(list.length, expect.length, 'and nothing else is a figure')
  t.equal(byText(list, '3.2亿').date, '2021-11', '截至11月底 dates the figure')
  const reasons = new Map(r.draft.ignores.map((g) => [g.quote, g.reason]))
  t.match(reasons.get('“两个维护”'), /slogan/)
  t.match(reasons.get('第一批'), /ordinal/)
  t.match(reasons.get('“1+3”'), /name of a structure/)
  t.match(reasons.get('2021年'), /year/)
  const meta = parse(readFileSync(r.metadataFile, 'utf8')) as Record<string, unknown>
  t.equal(meta.language, 'zh-Hans')
})

t.test('the loader refuses a draft unless drafts are allowed, and then its coverage is complete', async (t) => {
  const seed = tempSeed()
  const r = draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '100_county-report-2021.txt') })
  const strict = loadSeedUnchecked({ seedDir: seed, migrationsDir })
  const pending = strict.errors.filter((e) => e.code === 'pending_review')
  t.equal(pending.length, r.draft.indicators.length + r.draft.ignores.length + 1, 'each pending entry and the metadata is an error')
  const drafts = loadSeedUnchecked({ seedDir: seed, migrationsDir, allowDrafts: true })
  t.same(drafts.errors, [], 'with --allow-drafts the draft loads')
  t.equal(drafts.dataset.pending.length, r.draft.indicators.length, 'its indicators are pending')
  t.notOk(drafts.dataset.indicators.some((i) => i.documentId === r.documentId), 'and none is in the dataset')
  const cov = coverage(drafts.dataset).find((c) => c.documentId === r.documentId)!
  t.equal(cov.unexplained.length, 0, 'every number is cited or explained')
  t.ok(cov.pending > 0, 'the cited ones by pending indicators')

  const cli = (args: string[]): number | null => spawnSync(NODE, [...TS, join(projectRoot, 'seed', 'cli.ts'), '--seed', seed, ...args], { cwd: projectRoot, encoding: 'utf8' }).status
  t.not(cli(['--check']), 0, 'npm run seed -- --check refuses it')
  t.equal(cli(['--check', '--allow-drafts']), 0, 'npm run seed -- --check --allow-drafts accepts it')

  t.throws(() => draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '100_county-report-2021.txt') }), /exists/, 'a second draft does not overwrite the first')
  draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '100_county-report-2021.txt'), force: true })
  t.ok(existsSync(r.factsFile), '--force replaces a draft')
})

t.test('a changed document no longer matches its registered SHA-256', async (t) => {
  const seed = tempSeed()
  const r = draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '101_county-plac-2021.txt') })
  const text = join(seed, 'documents', '101_county-plac-2021.txt')
  writeFileSync(text, `${readFileSync(text, 'utf8')}\n`)
  const { errors } = loadSeedUnchecked({ seedDir: seed, migrationsDir, allowDrafts: true })
  t.ok(errors.some((e) => e.code === 'sha256_mismatch' && e.file.endsWith('101_county-plac-2021.yaml')), 'the loader says the file changed')
  t.ok(r.registered)
})

t.test('a draft reads no facts file', async (t) => {
  const seed = tempSeed()
  // A facts file that is not YAML at all: a draft that read it would fail.
  writeFileSync(join(seed, 'facts', 'zz-broken.yaml'), ': : [\n')
  const r = draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '101_county-plac-2021.txt') })
  t.ok(r.draft.indicators.length > 0)
})

t.test('confidence and reasons are remarks of a draft: a reviewed entry may not keep them', async (t) => {
  const seed = tempSeed()
  const r = draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '101_county-plac-2021.txt') })
  writeFileSync(r.factsFile, readFileSync(r.factsFile, 'utf8').replace(/^ {4}review: "pending"\n/m, ''))
  const { errors } = loadSeedUnchecked({ seedDir: seed, migrationsDir, allowDrafts: true })
  t.ok(errors.some((e) => e.code === 'draft_field' && e.file.endsWith('.yaml')), 'the loader names the leftover remarks')
})
