// The query plans of the hot requests on a synthetic database large enough for SQLite's planner to
// choose as it will at a million rows (5,000 indicators, built the way the seed builds the real
// database, ANALYZE included; PLANS_ROWS=20000 builds a larger one, and every plan below holds there
// too): every page is one index range, in the order asked for, at any depth;
// counts of the common filters are lookups; and the precomputed counts agree with the rows.
import t from 'tap'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../helper.js'
import { loadSeed } from '../../seed/loader.js'
import { buildDatabase } from '../../seed/build.js'
import { datasetVersion } from '../../seed/version.js'
import { migrationsDir, seedDir } from '../../src/paths.js'
import { synthesize } from '../../scripts/synthetic.js'
import { planList, encodeCursor, indicatorListShape, parseSort } from '../../src/queries/index.js'

const ROWS = Number(process.env.PLANS_ROWS ?? 5_000)

function syntheticDatabase (): string {
  const path = join(tmpdir(), `campaign-facts-plans-${ROWS}-${datasetVersion(seedDir, migrationsDir)}.db`)
  if (!existsSync(path)) buildDatabase(synthesize(loadSeed({ seedDir, migrationsDir }), ROWS, 7), { databasePath: path, migrationsDir })
  return path
}

t.test('every hot page is one index range, without a sort, at any depth', async (t) => {
  const app = await build(t, { databasePath: syntheticDatabase() })
  const ctx = app.queries
  type Step = { id: number, parent: number, detail: string }
  const plan = (filter: Record<string, unknown>, sort: string | undefined, deep: boolean): Step[] => {
    const shape = indicatorListShape(ctx, filter)
    let cursor: string | undefined
    if (deep) {
      // The cursor of the row three quarters down the list, as a client paging there holds it.
      const first = planList(shape, { limit: 'all', sort })
      const rows = ctx.sqlite.prepare(first.sql).all(...first.params) as Array<Record<string, unknown>>
      const row = rows[Math.floor(rows.length * 0.75)]!
      const keys = parseSort(sort, shape)
      cursor = encodeCursor('indicators', keys, keys.map((_, i) => row[`_k${i}`]))
    }
    const p = planList(shape, { limit: 50, sort, cursor })
    return ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${p.sql}`).all(...p.params) as Step[]
  }
  /** The steps of the subquery that finds the page's rows (those below LIST SUBQUERY). */
  const inner = (steps: Step[]): string[] => {
    const ids = new Set(steps.filter((s) => /^LIST SUBQUERY/.test(s.detail)).map((s) => s.id))
    for (const s of steps) if (ids.has(s.parent)) ids.add(s.id)
    return steps.filter((s) => ids.has(s.parent)).map((s) => s.detail)
  }
  const cases: Array<[string, Record<string, unknown>, string | undefined]> = [
    ['the default order', {}, undefined],
    ['newest first', {}, '-date'],
    ['oldest first', {}, 'date'],
    ['largest first', {}, '-value'],
    ['a province with all inside it', { region: ['430000'] }, undefined],
    ['a province, newest first (GraphQL: every province, its latest figures)', { region: ['430000'] }, '-date'],
    ['a prefecture, newest first', { region: ['430700'] }, '-date'],
    ['a county exactly, newest first', { region: ['430702'], regionScope: 'exact' }, '-date'],
    ['one metric as a time series', { metric: ['education.warning.sessions'] }, 'date'],
  ]
  for (const [name, filter, sort] of cases) {
    for (const deep of [false, true]) {
      const steps = plan(filter, sort, deep)
      const details = steps.map((s) => s.detail)
      const page = inner(steps)
      const what = `${name}${deep ? ', three quarters down' : ''}`
      const diag = { plan: details }
      t.notOk(details.some((d) => /^SCAN i\b/.test(d) && !/INDEX/.test(d)), `${what}: no scan of every indicator`, diag)
      // The page is found by an index range in the order asked for; only its (at most 51) rows
      // are then looked up by rowid, joined and put in order.
      t.ok(page.length > 0, `${what}: the page is found by a subquery`, diag)
      t.notOk(page.some((d) => /TEMP B-TREE FOR ORDER BY/.test(d)), `${what}: no sort`, diag)
      t.ok(page.some((d) => /^(SEARCH|SCAN) i USING (COVERING )?INDEX/.test(d)), `${what}: driven by an index`, diag)
      t.ok(details.some((d) => /^SEARCH i USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(d)), `${what}: the page's rows looked up by rowid`, diag)
    }
  }
})

t.test('counts of no filter and of one common filter are lookups, and agree with the rows', async (t) => {
  const app = await build(t, { databasePath: syntheticDatabase() })
  const ctx = app.queries
  const filters: Array<Record<string, unknown>> = [
    {}, { region: ['CN'] }, { region: ['430000'] }, { region: ['430700'] }, { region: ['430702'] }, { metric: ['education.warning.sessions'] },
    { category: ['education'] }, { document: ['first-batch-results-2021'] }, { event: ['education-rectification-2021'] }, { phase: ['first-batch'] },
    { organ: ['supreme-peoples-court'] },
  ]
  for (const f of filters) {
    const p = planList(indicatorListShape(ctx, f), { limit: 1 })
    t.match(p.countSql, /indicator_counts/, `${JSON.stringify(f)}: counted ahead`)
    const counted = (ctx.sqlite.prepare(p.countSql).get(...p.countParams) as { n: number }).n
    const all = planList(indicatorListShape(ctx, f), { limit: 'all' })
    const rows = ctx.sqlite.prepare(all.sql).all(...all.params).length
    t.equal(counted, rows, `${JSON.stringify(f)}: ${rows}`)
  }
  // Two filters: counted over the indicators alone, without the joins.
  const two = planList(indicatorListShape(ctx, { region: ['430000'], metric: ['education.warning.sessions'] }), { limit: 1 })
  t.notMatch(two.countSql, /JOIN/, 'a count of two filters reads no joined table')
  const res = await app.inject('/v1/indicators?region=430000&limit=1&count=true')
  t.equal(res.json().total, (ctx.sqlite.prepare("SELECT count(*) AS n FROM indicators WHERE province_code = '430000'").get() as { n: number }).n, 'REST gives the counted total')
  // The regions with data (read from the counts at start): those of a figure and all above them.
  const parents = new Map((ctx.sqlite.prepare('SELECT code, parent_code AS p FROM regions').all() as Array<{ code: string, p: string | null }>).map((r) => [r.code, r.p]))
  const withData = new Set<string>()
  for (const { code } of ctx.sqlite.prepare('SELECT DISTINCT region_code AS code FROM indicators').all() as Array<{ code: string }>) {
    for (let c: string | null | undefined = code; c; c = parents.get(c)) withData.add(c)
  }
  t.same([...ctx.regionsWithData].sort(), [...withData].sort(), `the ${withData.size} regions with data`)
  t.ok(withData.size < parents.size, 'not every region has data')
})
