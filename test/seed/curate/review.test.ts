// The curator's path: draft a new document, walk the review in the terminal (driven here through
// the prompts' input stream, keys as a person types them), then build the database: the document
// is loaded, every indicator cites a verified quote, and the coverage report has nothing
// unexplained. Then the same walk through the real command, with its standard input piped.
import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { parse } from 'yaml'
import { draftDocument } from '../../../seed/curate/draft.js'
import { reviewFile } from '../../../seed/curate/review.js'
import { loadSeed } from '../../../seed/loader.js'
import { coverage } from '../../../seed/coverage.js'
import { migrationsDir, projectRoot } from '../../../src/paths.js'
import { tempDir } from '../../temp.js'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures')
// The CLI through tsx's loader in one process (the tsx command would start a second one to run it).
const NODE = process.execPath
const TS = ['--import', 'tsx']

function tempSeed (): string {
  const dir = tempDir('cf-review-')
  cpSync(join(FIXTURES, 'seed'), join(dir, 'seed'), { recursive: true })
  return join(dir, 'seed')
}

// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')

/** A terminal screen for the prompts: each prompt ends its output when done, a screen stays open. */
class Screen extends PassThrough {
  override end (): this {
    return this
  }
}

/**
 * Answers each prompt once the screen has been still for a moment, with the keys `answer` gives for
 * the prompt's message and what was shown before it; then waits for the prompt to be done (✔)
 * before it looks for the next one, so that a prompt is never answered twice.
 */
function driver (answer: (prompt: string, shown: string) => string): { input: PassThrough, output: PassThrough, stop: () => void } {
  const input = new PassThrough()
  const output = new Screen()
  let screen = ''
  let last = Date.now()
  let answered = false
  output.on('data', (chunk: Buffer) => {
    screen += chunk.toString()
    last = Date.now()
  })
  const timer = setInterval(() => {
    const text = plain(screen)
    if (answered) {
      const done = text.lastIndexOf('✔')
      if (done === -1) return
      screen = text.slice(text.indexOf('\n', done) === -1 ? text.length : text.indexOf('\n', done))
      answered = false
      return
    }
    if (Date.now() - last < 25) return
    const line = text.split('\n').filter((l) => /^\s*\? /.test(l)).pop()
    if (!line) return
    answered = true
    input.write(answer(line.replace(/^\s*\? /, '').split(' (')[0]!.trim(), text))
  }, 10)
  return { input, output, stop: () => clearInterval(timer) }
}

t.test('draft, review, seed: a loaded document whose every indicator cites a verified quote', async (t) => {
  const seed = tempSeed()
  const r = draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '100_county-report-2021.txt') })
  const rejectValue = '98.6'
  const lines: string[] = []
  let edited = false
  const d = driver((prompt) => {
    // What the walk printed about the entry (its value line, any "cannot accept").
    const entry = lines.slice(lines.map((l) => /^\n?\[\d+\/\d+\]/.test(l)).lastIndexOf(true)).join('\n')
    if (prompt === 'Indicator') {
      if (/cannot accept/.test(entry) || entry.includes(`(${JSON.stringify(rejectValue)})`)) return 'r\r'
      // The first time "six" is shown, edit it: every field keeps its value but the metric.
      if (entry.includes('("six")') && !edited) {
        edited = true
        return 'e\r'
      }
      return 'a\r'
    }
    if (prompt === 'metric code') return 'campaign.rectification_groups.formed\r'
    if (/^Why is it not a figure/.test(prompt)) return 'a score, recorded elsewhere\r'
    return /^(?:Metadata|Ignore entry)$/.test(prompt) ? 'a\r' : '\r'
  })
  const summary = await reviewFile({ seedDir: seed, migrationsDir, factsFile: r.factsFile, context: { input: d.input, output: d.output }, print: (l) => lines.push(l) })
  d.stop()
  t.equal(summary.pending, 0, 'nothing is left pending')
  t.equal(summary.problems, 0, 'the loader finds no problem in the document\'s files')
  t.ok(summary.rejected >= 1, 'the rejected figure is gone')
  t.ok(summary.accepted >= r.draft.indicators.length - 2, 'the others are accepted')

  const facts = parse(readFileSync(r.factsFile, 'utf8')) as { indicators: Array<Record<string, unknown>>, ignore: Array<Record<string, unknown>> }
  t.notOk([...facts.indicators, ...facts.ignore].some((i) => 'review' in i), 'no entry is marked pending')
  t.notOk(facts.indicators.some((i) => 'confidence' in i || 'reasons' in i), 'the draft\'s remarks are gone')
  t.notOk(facts.indicators.some((i) => i.valueText === rejectValue), 'the rejected figure is not an indicator')
  t.ok(facts.ignore.some((i) => i.reason === 'a score, recorded elsewhere'), 'its number is on the ignore list with the reason given')
  const meta = parse(readFileSync(r.metadataFile, 'utf8')) as Record<string, unknown>
  t.notOk('review' in meta, 'the metadata is reviewed')
  const six = facts.indicators.find((i) => i.valueText === 'six')!
  t.equal(six.metric, 'campaign.rectification_groups.formed', 'the edited metric is kept')
  t.equal(six.value, 6, 'and the fields left as they were keep their values')
  t.match(readFileSync(join(seed, 'catalog', 'metrics', 'campaign.yaml'), 'utf8'), /code: campaign\.rectification_groups\.formed/, 'the new metric is in the catalog')
  t.equal(summary.edited, 1, 'one entry was edited')

  // npm run seed builds the database with the new document in it.
  const db = join(seed, '..', 'facts.db')
  const build = spawnSync(NODE, [...TS, join(projectRoot, 'seed', 'cli.ts'), '--seed', seed, '--db', db], { cwd: projectRoot, encoding: 'utf8' })
  t.equal(build.status, 0, build.stderr)
  const data = loadSeed({ seedDir: seed, migrationsDir })
  const doc = data.documents.find((x) => x.id === r.documentId)!
  const mine = data.indicators.filter((i) => i.documentId === r.documentId)
  t.equal(mine.length, facts.indicators.length, 'every reviewed indicator is loaded')
  for (const i of mine) t.equal(doc.rawText.slice(i.startOffset, i.endOffset), i.quote, `${i.id} cites its quote`)
  t.equal(coverage(data).find((c) => c.documentId === r.documentId)!.unexplained.length, 0, 'no number is unexplained')
  t.match(lines.join('\n'), /unexplained: 0/, 'the walk ends with the coverage report')
})

t.test('the review command, its standard input piped: accept the metadata and one indicator, then save and quit', async (t) => {
  const seed = tempSeed()
  const r = draftDocument({ seedDir: seed, textFile: join(FIXTURES, 'curate', '101_county-plac-2021.txt') })
  const child = spawn(NODE, [...TS, join(projectRoot, 'seed', 'curate', 'cli.ts'), 'review', r.factsFile, '--seed', seed], { cwd: projectRoot })
  let out = ''
  let seen = 0
  let last = Date.now()
  let indicators = 0
  // Metadata: accept; the first indicator: accept (and name its metric, if new); the second: quit.
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString()
    last = Date.now()
  })
  const timer = setInterval(() => {
    if (Date.now() - last < 150) return
    const fresh = plain(out.slice(seen))
    // The last prompt shown since the last answer, once the answered one is done.
    if (seen > 0 && !fresh.includes('✔')) return
    const line = fresh.slice(fresh.lastIndexOf('✔') + 1).split('\n').filter((l) => /^\s*\? /.test(l)).pop()
    if (!line) return
    seen = out.length
    const message = line.replace(/^\s*\? /, '').split(' (')[0]!.trim()
    if (message === 'Indicator') child.stdin.write(indicators++ === 0 ? 'a\r' : 'q\r')
    else if (message === 'Metadata') child.stdin.write('a\r')
    else child.stdin.write('\r')
    last = Date.now()
  }, 20)
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  clearInterval(timer)
  t.equal(code, 0, 'exits 0: what is left pending is no problem')
  const text = readFileSync(r.factsFile, 'utf8')
  const facts = parse(text) as { indicators: Array<Record<string, unknown>> }
  t.notOk('review' in facts.indicators[0]!, 'the accepted indicator is no longer pending')
  t.equal(facts.indicators.filter((i) => i.review === 'pending').length, facts.indicators.length - 1, 'the others still are')
  t.match(plain(out), /still pending/, 'the summary says what is left')
})
