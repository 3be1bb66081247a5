// Resident memory of the server process after a client has tried to make it hold more and more:
// distinct sort orders and filters (each a new SQL shape, so a new prepared statement) and
// distinct large GraphQL queries (each a new entry of the parse cache). Both caches are bounded
// (src/limits.ts), so memory must level off. 4,000 and 500 requests here; 20,000 and 2,000 with
// RELIABILITY_LONG=1.
import t from 'tap'
import { startServer, pool } from './server-process.js'
import { LIMITS } from '../../src/limits.js'

const LONG = process.env.RELIABILITY_LONG === '1'
const SORTS = LONG ? 20_000 : 4_000
const QUERIES = LONG ? 2_000 : 500
const RSS_BOUND_MB = 300

const FIELDS = ['id', 'date', 'value', 'metric', 'region', 'document', 'category', 'position']
const FILTERS = ['region=430000', 'metric=education.*', 'from=2021', 'to=2022', 'qualifier=exact', 'minValue=1', 'maxValue=1000000000', 'unit=persons', 'q=the']

/** Distinct indicator requests: every sort of up to three keys, crossed with sets of filters. */
function distinctRequests (n: number): string[] {
  const sorts: string[] = []
  for (const a of FIELDS) {
    for (const da of ['', '-']) {
      sorts.push(`${da}${a}`)
      for (const b of FIELDS) {
        if (b === a) continue
        for (const db of ['', '-']) {
          sorts.push(`${da}${a},${db}${b}`)
          for (const c of FIELDS) if (c !== a && c !== b) for (const dc of ['', '-']) sorts.push(`${da}${a},${db}${b},${dc}${c}`)
        }
      }
    }
  }
  const out: string[] = []
  for (let mask = 0; out.length < n; mask++) {
    const filters = FILTERS.filter((_, i) => (mask >> i) & 1).join('&')
    for (const s of sorts) {
      out.push(`/v1/indicators?limit=1&sort=${s}${filters ? `&${filters}` : ''}`)
      if (out.length === n) break
    }
  }
  return out
}

t.test(`${SORTS} distinct query shapes and ${QUERIES} distinct large GraphQL queries leave memory bounded`, async (t) => {
  const server = await startServer()
  t.teardown(() => { server.child.kill('SIGKILL') })
  const idle = server.rssMb()
  let failures = 0
  await pool(distinctRequests(SORTS), 8, async (path) => {
    const res = await fetch(server.origin + path)
    await res.arrayBuffer()
    if (res.status !== 200) failures++
  })
  t.equal(failures, 0, 'every shape answered')
  const afterShapes = server.rssMb()
  const padding = 'x'.repeat(LIMITS.graphql.queryBytes - 200)
  await pool(Array.from({ length: QUERIES }, (_, i) => i), 8, async (i) => {
    const res = await fetch(`${server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `# ${i} ${padding}\n{ dataset { version } }` }),
    })
    await res.arrayBuffer()
    if (res.status !== 200) failures++
  })
  t.equal(failures, 0, 'every query answered')
  global.gc?.()
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const after = server.rssMb()
  t.comment(`resident memory: idle ${idle.toFixed(0)} MB, after ${SORTS} shapes ${afterShapes.toFixed(0)} MB, after ${QUERIES} large queries ${after.toFixed(0)} MB`)
  t.ok(after < RSS_BOUND_MB, `${after.toFixed(0)} MB < ${RSS_BOUND_MB} MB`)
})
