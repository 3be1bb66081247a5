// The query layer at its edges, on a small database built for the purpose (a copy of the fixture
// seed with dates of reduced precision at the ends of ranges, and a figure two levels below the
// province): date overlaps, region descendants, keyset pages in every order, failures forced from
// inside the query layer, CSV cells that need quoting, and the statement count of every loader.
import t from 'tap'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { FastifyInstance } from 'fastify'
import { build } from '../helper.js'
import { loadSeed } from '../../seed/loader.js'
import { buildDatabase } from '../../seed/build.js'
import { migrationsDir } from '../../src/paths.js'
import { csvRow, csvHeader } from '../../src/routes/http.js'
import { LIMITS } from '../../src/graphql/limits.js'
import { tempDir } from '../temp.js'

type Json = Record<string, any>

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'seed')

/** The fixture with: fx-talks dated by the year only and in Wuling District (a county of Changde), fx-money-million on 15 December. */
function edgeDatabase (): string {
  const dir = tempDir('cf-edges-')
  cpSync(FIXTURE, join(dir, 'seed'), { recursive: true })
  const facts = join(dir, 'seed', 'facts', 'fixture-report.yaml')
  let text = readFileSync(facts, 'utf8')
  const set = (id: string, field: string, from: string, to: string): void => {
    const start = text.indexOf(`id: ${id}\n`)
    const end = text.indexOf('\n  - ', start + 1)
    const entry = text.slice(start, end === -1 ? undefined : end)
    if (!entry.includes(`${field}: ${from}`)) throw new Error(`fixture ${id} has no ${field}: ${from}`)
    text = text.slice(0, start) + entry.replace(`${field}: ${from}`, `${field}: ${to}`) + (end === -1 ? '' : text.slice(end))
  }
  set('fx-talks', 'date', '"2021-08"', '"2021"')
  set('fx-talks', 'region', '"430700"', '"430702"')
  set('fx-money-million', 'date', '"2021-08"', '"2021-12-15"')
  writeFileSync(facts, text)
  const db = join(dir, 'edges.db')
  buildDatabase(loadSeed({ seedDir: join(dir, 'seed'), migrationsDir }), { databasePath: db, migrationsDir })
  return db
}

const databasePath = edgeDatabase()

async function ids (app: FastifyInstance, qs: string): Promise<string[]> {
  const res = await app.inject(`/v1/indicators?limit=1000&sort=id&${qs}`)
  if (res.statusCode !== 200) throw new Error(`${qs}: ${res.statusCode} ${res.body}`)
  return res.json().data.map((i: Json) => i.id)
}

t.test('dates of reduced precision are ranges: a filter matches what overlaps it', async (t) => {
  const app = await build(t, { databasePath })
  const all = ['fx-form-1', 'fx-form-2', 'fx-money-million', 'fx-money-wan', 'fx-talks', 'fx-warning-participants', 'fx-warning-sessions']
  t.same(await ids(app, ''), all)
  t.ok((await ids(app, 'from=2021-07')).includes('fx-talks'), 'a figure dated 2021 overlaps from=2021-07')
  t.ok((await ids(app, 'from=2021-12-31')).includes('fx-talks'), 'and from=2021-12-31')
  t.notOk((await ids(app, 'from=2022')).includes('fx-talks'), 'but not from=2022')
  t.ok((await ids(app, 'to=2021-01')).includes('fx-talks'), 'and to=2021-01')
  t.ok((await ids(app, 'to=2021-12')).includes('fx-money-million'), 'to=2021-12 includes 2021-12-15')
  t.ok((await ids(app, 'to=2021-12-15')).includes('fx-money-million'), 'to=2021-12-15 includes that day')
  t.notOk((await ids(app, 'to=2021-12-14')).includes('fx-money-million'), 'to=2021-12-14 does not')
  t.ok((await ids(app, 'from=2021-12-15')).includes('fx-money-million'), 'from=2021-12-15 includes that day')
  t.notOk((await ids(app, 'from=2021-12-16')).includes('fx-money-million'), 'from=2021-12-16 does not')
  t.same(await ids(app, 'from=2021-08&to=2021-08'), ['fx-money-wan', 'fx-talks'], 'a month: its own figures and the year that contains it')
  t.same(await ids(app, 'from=2021-07-26&to=2021-07-26'), ['fx-form-1', 'fx-form-2', 'fx-talks', 'fx-warning-participants', 'fx-warning-sessions'])
  t.same(await ids(app, 'from=2020&to=2020'), [])
})

t.test('an event overlaps a range when any part of it does: a running event is in', async (t) => {
  const app = await build(t, { databasePath })
  // fixture-campaign runs from 2021-02 to 2021-07.
  const events = async (qs: string): Promise<string[]> => (await app.inject(`/v1/events?${qs}`)).json().data.map((e: Json) => e.id)
  t.same(await events('from=2021-05'), ['fixture-campaign'], 'from inside the event')
  t.same(await events('from=2021-07-31'), ['fixture-campaign'], 'from its last day (it ends in July)')
  t.same(await events('from=2021-08'), [], 'from after its end')
  t.same(await events('to=2021-02-01'), ['fixture-campaign'], 'to its first day')
  t.same(await events('to=2021-01'), [], 'to before its start')
  t.same(await events('from=2021-03&to=2021-04'), ['fixture-campaign'], 'a range inside it')
})

t.test("a region's figures include those of every region inside it, at any depth", async (t) => {
  const app = await build(t, { databasePath })
  t.same(await ids(app, 'region=430702'), ['fx-talks'])
  t.ok((await ids(app, 'region=430700')).includes('fx-talks'), 'the prefecture has its county')
  t.ok((await ids(app, 'region=430000')).includes('fx-talks'), 'the province has its grandchild')
  t.ok((await ids(app, 'region=CN')).includes('fx-talks'), 'the country has its great-grandchild')
  t.notOk((await ids(app, 'region=430000&regionScope=exact')).includes('fx-talks'))
  const hunan = (await app.inject('/v1/regions/430000')).json().data
  t.equal(hunan.indicatorCount, 7, "the province's count includes the county's figure")
  const gql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ region(code: "430000") { indicators(first: 10) { totalCount nodes { id } } } }' } })
  t.equal(gql.json().data.region.indicators.totalCount, 7)
  t.ok(gql.json().data.region.indicators.nodes.some((n: Json) => n.id === 'fx-talks'), 'GraphQL: the same')
})

t.test('keyset pages: every item once, in the order of the whole list, for every sort and page size', async (t) => {
  const app = await build(t, { databasePath })
  const fields = ['id', 'date', 'value', 'metric', 'region', 'document', 'category', 'position']
  for (const field of fields) {
    for (const sort of field === 'id' ? ['id', '-id'] : [field, `-${field}`, `${field},-id`]) {
      const wholeInOrder = (await app.inject(`/v1/indicators?limit=1000&sort=${sort}`)).json().data.map((i: Json) => i.id)
      for (const limit of [1, 2, 3]) {
        const seen: string[] = []
        let cursor: string | null = null
        for (let guard = 0; guard < 20; guard++) {
          const res = await app.inject(`/v1/indicators?limit=${limit}&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`)
          const body: Json = res.json()
          seen.push(...body.data.map((i: Json) => i.id))
          cursor = body.page.next
          if (!cursor) break
        }
        t.same(seen, wholeInOrder, `sort=${sort} limit=${limit}: the pages are the whole list`)
        t.equal(new Set(seen).size, seen.length, `sort=${sort} limit=${limit}: no item twice`)
        t.equal(seen.length, 7, `sort=${sort} limit=${limit}: every item`)
      }
    }
  }
  // GraphQL walks the same way.
  const walk: string[] = []
  let after: string | null = null
  for (let guard = 0; guard < 20; guard++) {
    const res: Json = (await app.inject({ method: 'POST', url: '/graphql', payload: { query: 'query($a: String) { indicators(first: 2, after: $a, orderBy: [{field: value, direction: desc}]) { pageInfo { hasNextPage endCursor } nodes { id } } }', variables: { a: after } } })).json()
    walk.push(...res.data.indicators.nodes.map((n: Json) => n.id))
    if (!res.data.indicators.pageInfo.hasNextPage) break
    after = res.data.indicators.pageInfo.endCursor
  }
  t.same(walk, (await app.inject('/v1/indicators?limit=1000&sort=-value')).json().data.map((i: Json) => i.id))
})

t.test('a failure inside the query layer is a 500 that shows nothing of it', async (t) => {
  const app = await build(t, { databasePath })
  const cache = app.queries.cache
  const original = cache.all.bind(cache)
  cache.all = () => { throw new Error('SQLITE_ERROR: near "SELECT i.id FROM indicators": syntax error at /work/src/queries/core.ts:1') }
  t.teardown(() => { cache.all = original })
  const rest = await app.inject('/v1/indicators?limit=2')
  t.equal(rest.statusCode, 500)
  t.equal(rest.json().code, 'CF_INTERNAL')
  t.equal(rest.json().detail, 'The server could not answer this request. It has been logged.')
  t.notMatch(rest.body, /SQLITE|SELECT|core\.ts/)
  const gql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ indicators(first: 2) { nodes { id } } }' } })
  t.equal(gql.json().errors[0].extensions.code, 'CF_INTERNAL')
  t.notMatch(gql.body, /SQLITE|SELECT|core\.ts/)
})

t.test('CSV cells with separators, quotes, line breaks and formula characters', async (t) => {
  const columns = ['a', 'b', 'c', 'd', 'e', 'f']
  const row = { a: 'one, two', b: 'say "yes"', c: 'line\r\nbreak', d: 'lf\nonly', e: '=SUM(A1:A9)', f: -5 }
  const text = csvHeader(columns) + csvRow(columns, row)
  const [parsed] = parse(text, { columns: true }) as Array<Record<string, string>>
  t.equal(parsed!.a, 'one, two')
  t.equal(parsed!.b, 'say "yes"')
  t.equal(parsed!.c, 'line\r\nbreak')
  t.equal(parsed!.d, 'lf\nonly')
  t.equal(parsed!.e, "'=SUM(A1:A9)", 'a text cell that a spreadsheet would run as a formula is prefixed with an apostrophe')
  t.equal(parsed!.f, '-5', 'a negative number stays a number')
  t.equal((parse(text) as unknown[]).length, 2, 'the breaks inside cells are quoted, not row ends')
})

t.test('statements per request: one per relation field and level, whatever the number of parents', async (t) => {
  const app = await build(t)
  const count = async (query: string): Promise<number> => {
    const before = app.queries.cache.executed
    const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query } })
    t.notOk(res.json().errors, query)
    return app.queries.cache.executed - before
  }
  t.equal(await count('{ documents { nodes { id text } } }'), 2, 'documents and all their texts: 2 statements')
  t.equal(await count('{ documents { nodes { id text normalizedText } } }'), 3, 'and their normalized texts: one more')
  t.equal(await count('{ documents { nodes { spans { id } } } }'), 2, 'the spans of all documents: one statement')
  t.equal(await count('{ regions(first: 40, filter: {level: [province]}) { nodes { parent { code } ancestors { code } children(first: 2) { nodes { code } } } } }'), 4)
  // Lists of indicators, the one table that grows without bound, are paged per parent: one indexed
  // LIMIT each (never a window over every row of every parent); the other relations are one
  // statement per level.
  t.equal(await count('{ organs(first: 50) { nodes { region { code } parent { id } citations { quote } events(first: 2) { nodes { id } } } } }'), 5)
  t.equal(await count('{ organs(first: 50) { nodes { region { code } parent { id } citations { quote } events(first: 2) { nodes { id } } indicators(first: 2) { nodes { id } } } } }'), 5 + 50)
  t.equal(await count('{ events(first: 50) { nodes { region { code } parent { id } organs(first: 2) { nodes { id } } citations { quote } children(first: 2) { nodes { id } } } } }'), 6)
  t.equal(await count('{ events(first: 50) { nodes { region { code } parent { id } organs(first: 2) { nodes { id } } indicators(first: 2) { nodes { id } } citations { quote } children(first: 2) { nodes { id } } } } }'), 6 + 50)
  t.equal(await count('{ indicators(first: 100) { nodes { metric { code } region { code } organ { id } event { id } source { document { id } } } } }'), 6)
  t.equal(await count('{ metrics(first: 100) { nodes { indicators(first: 2) { totalCount nodes { id } } } } }'), 1 + 2 * 100, 'per metric: its page and its count')
})

t.test('the cost limit: just over it is refused, just under it runs', async (t) => {
  const app = await build(t)
  t.equal(LIMITS.cost, 50_000)
  // 1 + first × (1 + 1 + 48): regions × (object + connection + 48 items).
  const q = (first: number): string => `{ regions(first: ${first}) { nodes { indicators(first: 48) { nodes { id } } } } }`
  const over = await app.inject({ method: 'POST', url: '/graphql', payload: { query: q(1000) } })
  t.equal(over.statusCode, 400, 'cost 50,001')
  t.equal(over.json().errors[0].extensions.cost, 50_001)
  t.equal(over.json().errors[0].extensions.code, 'CF_QUERY_TOO_COSTLY')
  const under = await app.inject({ method: 'POST', url: '/graphql', payload: { query: q(999) } })
  t.equal(under.statusCode, 200, 'cost 49,951')
})
