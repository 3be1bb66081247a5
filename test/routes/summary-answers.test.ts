// The summaries that read every figure (no filter, one key, each roll-up of region) are answered
// from summary_answers, which the seed fills by running the same query code: the stored answer is
// what the computation gives, and it is the one served.
import t from 'tap'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { build, testDatabasePath } from '../helper.js'
import { precomputedRequests, SUMMARY_KEYS } from '../../src/queries/summary.js'
import { tempDir } from '../temp.js'

type Json = Record<string, any>

// Every figure has one of these levels: the filter selects all of them, but is a filter, so the
// answer is computed, not looked up.
const EVERY_LEVEL = 'regionLevel=country,province,prefecture,county'

t.test('each stored answer is the computed one, for every key and roll-up', async (t) => {
  const app = await build(t)
  const requests = precomputedRequests()
  t.equal(requests.length, SUMMARY_KEYS.length + 3, 'every key, and region at each of the three levels')
  for (const { groupBy, rollup } of requests) {
    const url = `/v1/indicators/summary?groupBy=${groupBy[0]}${rollup ? `&rollup=${rollup}` : ''}`
    const stored = await app.inject(url)
    const computed = await app.inject(`${url}&${EVERY_LEVEL}`)
    t.equal(stored.statusCode, computed.statusCode, `${url}: the same status`)
    t.same(stored.json(), computed.json(), `${url}: the same answer`)
  }
  t.ok((await app.inject('/v1/indicators/summary?groupBy=region')).json().data.length > 50, 'a real answer, not an empty one')
})

t.test('the stored answer is the one served; a filter or two keys are computed', async (t) => {
  const dir = tempDir('cf-answers-')
  const path = join(dir, 'db.sqlite')
  copyFileSync(await testDatabasePath(), path)
  const db = new Database(path)
  const row = db.prepare("SELECT answer FROM summary_answers WHERE group_by = 'metric' AND rollup = ''").get() as { answer: string }
  const answer = JSON.parse(row.answer) as { data: Json[] }
  answer.data[0]!.count = 999_999
  db.prepare("UPDATE summary_answers SET answer = ? WHERE group_by = 'metric' AND rollup = ''").run(JSON.stringify(answer))
  db.prepare("UPDATE summary_answers SET answer = ? WHERE group_by = 'year' AND rollup = ''").run(JSON.stringify({ refused: { parameter: 'groupBy', detail: 'stored refusal' } }))
  db.close()
  const app = await build(t, { databasePath: path })
  t.equal((await app.inject('/v1/indicators/summary?groupBy=metric')).json().data[0].count, 999_999, 'no filter, one key: the stored answer')
  t.equal((await app.inject('/v1/indicators/summary?groupBy=metric&format=csv')).body.split('\n')[1]!.includes('999999'), true, 'and its CSV')
  const gql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ indicatorSummary(groupBy: [metric]) { rows { count } } }' } })
  t.equal(gql.json().data?.indicatorSummary?.rows?.[0]?.count, 999_999, 'and GraphQL\'s')
  t.not((await app.inject(`/v1/indicators/summary?groupBy=metric&${EVERY_LEVEL}`)).json().data[0].count, 999_999, 'a filter: computed')
  t.not((await app.inject('/v1/indicators/summary?groupBy=metric,year')).json().data[0].count, 999_999, 'two keys: computed')
  const refused = await app.inject('/v1/indicators/summary?groupBy=year')
  t.equal(refused.statusCode, 400, 'a stored refusal is a 400')
  t.match(refused.json(), { parameter: 'groupBy', detail: /stored refusal/ })
})
