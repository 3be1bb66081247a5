// Search called directly on the test database, each page checked against an oracle: the entries
// FTS5 matches for the query's groups as phrases, ranked by bm25 then entry, filtered by type and
// paged in plain JavaScript, and for each hit the field that shows most of the query, its snippet
// built character by character and the raw offsets of its matches; every limit and refusal.
import t, { type Test } from 'tap'
import { isDeepStrictEqual } from 'node:util'
import { openDatabase } from '../../src/db/client.js'
import { QueryContext, search, searchTerms, SEARCH_TYPES, type SearchHit, type SearchRequest } from '../../src/queries/index.js'
import { foldForSearch, offsetsFromRuns, queryGroups, stripPinyinReadings, tokenize } from '../../src/domain/index.js'
import { LIMITS } from '../../src/limits.js'
import { testDatabasePath } from '../database.js'

type Row = Record<string, any>

const handle = openDatabase(await testDatabasePath())
t.teardown(() => handle.close())
const db = handle.sqlite
const ctx = new QueryContext(db)

const RAW = new Map((db.prepare('SELECT id, raw_text FROM documents').all() as Row[]).map((d) => [d.id as string, d.raw_text as string]))
const CITED = new Map((db.prepare('SELECT id, subject_type, subject_id FROM citations').all() as Row[]).map((c) => [String(c.id), { type: c.subject_type, id: c.subject_id }]))
const MATCHING = db.prepare(`SELECT e.id, e.type, e.ref_id, e.label, e.fields, bm25(search_index, 3.0, 2.0, 1.0) AS score
  FROM search_index JOIN search_entries e ON e.id = search_index.rowid WHERE search_index MATCH ?`)

interface Field { name: string, text: string, column: string, documentId?: string, offsets?: Array<[number, number]> }

const escape = (c: string): string => ('&<>"\''.includes(c) ? `&#${c.charCodeAt(0)};` : c)

/** Where each group stands in a text, as [start, end) of its characters. */
function places (text: string, groups: string[][]): { found: number, marked: boolean[] } {
  const tokens = tokenize(text)
  const marked = new Array<boolean>(text.length).fill(false)
  let found = 0
  for (const g of groups) {
    let any = false
    for (let i = 0; i + g.length <= tokens.length; i++) {
      if (!g.every((tok, k) => tokens[i + k]!.token === tok)) continue
      any = true
      marked.fill(true, tokens[i]!.start, tokens[i + g.length - 1]!.end)
    }
    if (any) found++
  }
  return { found, marked }
}

/** A hit as the rules describe it: the field that shows most groups (the first such), marked in a window. */
function expectedHit (row: Row, groups: string[][]): SearchHit {
  const fields = JSON.parse(row.fields) as Field[]
  let field = fields[0]!
  let marked = new Array<boolean>(field.text.length).fill(false)
  let most = 0
  for (const f of fields) {
    const p = places(f.text, groups)
    if (p.found > most) [field, marked, most] = [f, p.marked, p.found]
  }
  const text = field.text
  const first = Math.max(0, marked.indexOf(true))
  const from = Math.max(0, Math.min(first - 60, text.length - 200))
  const to = Math.min(text.length, from + 200)
  let snippet = from > 0 ? '…' : ''
  for (let i = from; i < to; i++) {
    if (marked[i] && (i === from || !marked[i - 1])) snippet += '<mark>'
    snippet += escape(text[i]!)
    if (marked[i] && (i === to - 1 || !marked[i + 1])) snippet += '</mark>'
  }
  if (to < text.length) snippet += '…'
  let source: SearchHit['source'] = null
  if (field.documentId !== undefined && marked.includes(true)) {
    const raw = offsetsFromRuns(field.offsets!, text.length)
    const matches: Array<{ start: number, end: number }> = []
    for (let i = 0; i < text.length; i++) {
      if (!marked[i]) continue
      let j = i
      while (j + 1 < text.length && marked[j + 1]) j++
      matches.push({ start: raw[i]!, end: raw[j]! + 1 })
      i = j
    }
    source = { documentId: field.documentId, start: matches[0]!.start, end: matches[0]!.end, matches }
  }
  return {
    type: row.type, id: row.ref_id, label: row.label, score: row.score, field: field.name, snippet, source,
    subject: row.type === 'citation' ? CITED.get(row.ref_id) ?? null : null,
  }
}

/** Every hit of a query, best first: FTS5's matches for each group as a phrase, then by entry. */
function expectedHits (q: string, type?: string[]): SearchHit[] {
  const groups = queryGroups(q)
  const rows = (MATCHING.all(groups.map((g) => `"${g.join(' ')}"`).join(' AND ')) as Row[])
    .filter((r) => !type?.length || type.includes(r.type))
    .sort((a, b) => a.score - b.score || a.id - b.id)
  return rows.map((r) => expectedHit(r, groups))
}

function same (t: Test, got: unknown, expected: unknown, name: string): void {
  if (isDeepStrictEqual(got, expected)) t.pass(name)
  else t.strictSame(got, expected, name)
}

/** The refusal a call makes: its parameter and what it says. */
function refusal (fn: () => unknown): { parameter?: string, message?: string } | null {
  try {
    fn()
    return null
  } catch (err) {
    return { parameter: (err as { parameter?: string }).parameter, message: (err as Error).message }
  }
}

const QUERIES: Array<[string, string[]?]> = [
  ['機制'], ['changde'], ['hunan court'], ['警', ['indicator', 'event']], ['warning education'], ['9,300'], ['Runyang Bridge'],
  ['Changde 法院'], ['回頭看'], ['looking back'], ['huai'], ['机制', ['document']], ['hunan', ['organ', 'region']], ['changde', ['citation']],
  // Matches out of the query's order, touching, and one inside another: marked once each.
  ['court hunan'], ['機 制', ['indicator']], ['机 机制', ['indicator']],
]

t.test('a page of hits is the oracle\'s: matches, order, fields, snippets, raw offsets, what a citation cites', async (t) => {
  for (const [q, type] of QUERIES) {
    const all = expectedHits(q, type)
    t.ok(all.length > 0, `${q}: something is found`)
    const page = search(ctx, { q, type, limit: LIMITS.search.pageSize })
    same(t, page.hits, all.slice(0, LIMITS.search.pageSize), `${q} ${type ?? ''}`)
    t.equal(page.total, all.length, `${q}: total`)
    t.equal(page.next === null, all.length <= LIMITS.search.pageSize, `${q}: a next page only if there are more`)
  }
})

t.test('hits in a document point at their matches in its raw text', async (t) => {
  let checked = 0
  for (const q of ['機制', '机制 28', 'Runyang Bridge', '9,300', '回頭看']) {
    for (const hit of search(ctx, { q, limit: 100 }).hits) {
      if (!hit.source) continue
      const raw = RAW.get(hit.source.documentId)!
      t.strictSame([hit.source.start, hit.source.end], [hit.source.matches[0]!.start, hit.source.matches[0]!.end])
      for (const m of hit.source.matches) {
        const at = foldForSearch(stripPinyinReadings(raw.slice(m.start, m.end))).replace(/,/g, '')
        if (!queryGroups(q).some((g) => at.includes(foldForSearch(g.join(''))) || at.includes(g[0]!.slice(0, 4)))) t.fail(`${q}: ${hit.type} ${hit.id} at ${m.start}..${m.end} reads ${raw.slice(m.start, m.end)}`)
        checked++
      }
    }
  }
  t.ok(checked > 20, `${checked} matches read back`)
  const liaoning = search(ctx, { q: '機制', type: ['indicator'] }).hits
  t.ok(liaoning.length > 0 && liaoning.every((h) => RAW.get(h.source!.documentId)!.slice(h.source!.start, h.source!.end) === '機(jī)制'), 'the raw text, the scraper\'s pinyin included')
})

t.test('pages follow each other with next, and each hit\'s cursor continues after it', async (t) => {
  for (const [q, type, limit] of [['hunan', undefined, 37], ['changde', ['indicator', 'citation'], 2]] as Array<[string, string[] | undefined, number]>) {
    const all = expectedHits(q, type)
    t.ok(all.length > 2 * limit, `${q}: several pages`)
    const seen: SearchHit[] = []
    let cursor: string | undefined
    for (let pages = 0; pages < 100; pages++) {
      const page = search(ctx, { q, type, limit, cursor })
      t.equal(page.total, all.length)
      t.equal(page.cursors.length, page.hits.length)
      seen.push(...page.hits)
      if (page.next === null) break
      t.equal(page.hits.length, limit, 'only the last page is short')
      t.equal(page.next, page.cursors.at(-1), 'next is the last hit\'s cursor')
      cursor = page.next
    }
    same(t, seen, all, `${q}: every hit once, in order`)
    const first = search(ctx, { q, type: type && [...type].reverse(), limit })
    for (const [i, c] of first.cursors.entries()) {
      same(t, search(ctx, { q, type, limit: 2, cursor: c }).hits, all.slice(i + 1, i + 3), `${q}: after hit ${i}`)
    }
  }
  const twenty = search(ctx, { q: 'hunan' })
  t.equal(twenty.hits.length, 20, 'twenty hits unless asked')
  t.not(twenty.next, null)
  const last = expectedHits('警', ['event'])
  const one = search(ctx, { q: '警', type: ['event'], limit: last.length })
  t.equal(one.next, null, 'a page that holds every hit has no next')
  t.equal(search(ctx, { q: '警', type: ['event'], limit: last.length - 1 }).hits.length, last.length - 1)
})

t.test('a cursor belongs to its query: the same words and types, in any order', async (t) => {
  const page = search(ctx, { q: 'hunan', type: ['organ', 'region'], limit: 3 })
  const cursor = page.next!
  same(t, search(ctx, { q: 'Hunan', type: ['region', 'organ'], limit: 3, cursor }).hits, expectedHits('hunan', ['organ', 'region']).slice(3, 6), 'the same groups and types')
  for (const req of [{ q: 'liaoning', type: ['organ', 'region'] }, { q: 'hunan', type: ['organ'] }, { q: 'hunan' }, { q: 'hunan court', type: ['organ', 'region'] }] as SearchRequest[]) {
    t.strictSame(refusal(() => search(ctx, { ...req, cursor })), { parameter: 'cursor', message: 'Invalid cursor: the cursor was made for another list or sort order; repeat the request that returned it' }, JSON.stringify(req))
  }
  t.equal(refusal(() => search(ctx, { q: 'hunan', cursor: 'nope' }))?.parameter, 'cursor')
})

t.test('a type list filters the hits; an empty one filters nothing', async (t) => {
  same(t, search(ctx, { q: 'changde', type: [], limit: 100 }).hits, expectedHits('changde').slice(0, 100), 'no types: every type')
  for (const type of SEARCH_TYPES) {
    const page = search(ctx, { q: 'changde', type: [type], limit: 100 })
    t.ok(page.hits.every((h) => h.type === type), type)
    t.equal(page.total, expectedHits('changde', [type]).length, `${type}: total`)
  }
})

t.test('queries and pages are bounded, and each refusal names its parameter', async (t) => {
  const q = (s: string): unknown => refusal(() => search(ctx, { q: s }))
  const bad = (parameter: string, detail: string): unknown => ({ parameter, message: `Invalid value for parameter ${parameter}: ${detail}` })
  t.equal(q('a'.repeat(LIMITS.search.queryChars)), null, 'as many characters as allowed')
  t.strictSame(q('a'.repeat(LIMITS.search.queryChars + 1)), bad('q', `at most ${LIMITS.search.queryChars} characters`))
  t.strictSame(q(' ,。'), bad('q', 'no word or character to search for'))
  t.strictSame(q(''), bad('q', 'no word or character to search for'))
  t.equal(q('hunan '.repeat(LIMITS.search.terms)), null, 'as many terms as allowed')
  t.strictSame(q('hunan '.repeat(LIMITS.search.terms + 1)), bad('q', `at most ${LIMITS.search.terms} words or runs of Chinese characters`))
  t.strictSame(searchTerms('湖南 hunan 法院'), [['湖', '南'], ['hunan'], ['法', '院']])
  for (const limit of [0, -1, LIMITS.search.pageSize + 1, 2.5, Number.NaN]) {
    t.strictSame(refusal(() => search(ctx, { q: 'hunan', limit })), bad('limit', `must be an integer from 1 to ${LIMITS.search.pageSize}`), `limit ${limit}`)
  }
  t.equal(search(ctx, { q: 'hunan', limit: 1 }).hits.length, 1)
  t.equal(search(ctx, { q: 'hunan', limit: LIMITS.search.pageSize }).hits.length, LIMITS.search.pageSize)
  t.strictSame(refusal(() => search(ctx, { q: 'hunan', type: ['region', 'person'] })), bad('type', `unknown type 'person'; types: ${SEARCH_TYPES.join(', ')}`))
  t.strictSame(SEARCH_TYPES, ['document', 'indicator', 'citation', 'metric', 'organ', 'event', 'region'])
})
