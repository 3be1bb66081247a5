// The README's curl examples, run against the app: every command in the front door must work.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from '../helper.js'
import { projectRoot } from '../../src/paths.js'

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8')
const commands = readme.split('\n').filter((l) => l.startsWith('curl '))

t.test('the README has curl examples for the common jobs', async (t) => {
  t.ok(commands.length >= 5)
  t.ok(commands.some((c) => /format=csv/.test(c)), 'a region as CSV')
  t.ok(commands.some((c) => /summary/.test(c)), 'a metric across provinces')
  t.ok(commands.some((c) => /documents\//.test(c)), 'a document with its spans')
})

t.test('every curl example answers 200 with content', async (t) => {
  const app = await build(t)
  for (const cmd of commands) {
    const url = /'http:\/\/127\.0\.0\.1:3000([^']+)'/.exec(cmd)?.[1]
    t.ok(url, `${cmd} has a URL`)
    const headers: Record<string, string> = {}
    for (const m of cmd.matchAll(/-H '([^:]+):\s*([^']+)'/g)) headers[m[1]!.toLowerCase()] = m[2]!
    const res = await app.inject({ url: url!, headers })
    t.equal(res.statusCode, 200, cmd)
    t.ok(res.body.length > 100, `${cmd} returns content`)
    if (url!.includes('format=csv')) t.equal(res.body.trim().split('\n').length > 2, true, 'CSV has rows')
    if (url!.includes('summary')) t.ok(res.json().data.length >= 1 && res.json().data.every((r: { unit?: string }) => r.unit), 'a summary has rows, each with its unit')
    if (url!.includes('summary') && url!.includes('metric=institutions.rules.established')) t.ok(res.json().data.length >= 2, 'the metric is compared across at least two regions')
    if (/\/v1\/(search|observations|metrics)\?/.test(url!) && !url!.includes('format=csv')) t.ok(res.json().data.length > 0, `${url} finds something`)
    if (/documents\/[^/?]+'?$/.test(url!)) t.ok(res.json().data.spans.length > 0, 'the document has cited spans')
  }
})

t.test('the figures the README gives are the dataset\'s', async (t) => {
  const app = await build(t)
  const counts = (await app.inject('/v1')).json().counts
  const m = /(\d+) indicators, (\d+) events, (\d+) organs and (\d+) metrics/.exec(readme.replace(/\s+/g, ' '))
  t.ok(m, 'the README states the counts')
  t.same(m!.slice(1).map(Number), [counts.indicators, counts.events, counts.organs, counts.metrics])
  const inferred = /inferred` is true only where[^(]*\((\d+) of the (\d+) indicators/.exec(readme.replace(/\s+/g, ' '))
  t.ok(inferred, 'the README states how many indicators are inferred')
  const total = (await app.inject('/v1/indicators?inferred=true&count=true&limit=1')).json().total
  t.same(inferred!.slice(1).map(Number), [total, counts.indicators])
})
