// The collection once quiet (src/idle.ts): when it runs, when it does not, and that it frees.
import t from 'tap'
import { runInNewContext } from 'node:vm'
import { IdleReclaimer, compactingCollection, type Reclaimed } from '../src/idle.js'

function harness (quietMs = 1000): { r: IdleReclaimer, clock: { now: number }, runs: () => number, reports: Reclaimed[] } {
  const clock = { now: 0 }
  let n = 0
  const reports: Reclaimed[] = []
  const r = new IdleReclaimer(quietMs, (x) => reports.push(x), () => { n++ }, () => clock.now)
  return { r, clock, runs: () => n, reports }
}

t.test('nothing is collected before a request has been served', async (t) => {
  const { r, clock, runs } = harness()
  clock.now = 60_000
  t.equal(r.check(), false)
  t.equal(runs(), 0)
})

t.test('once quiet for the time set after requests, one collection, then none until more requests', async (t) => {
  const { r, clock, runs, reports } = harness(1000)
  const leave = r.enter()
  clock.now = 5000
  t.equal(r.check(), false, 'not while a request is in flight, however long')
  leave()
  clock.now = 5999
  t.equal(r.check(), false, 'not before the quiet time has passed since the last answer')
  clock.now = 6000
  t.equal(r.check(), true, 'once it has')
  t.equal(runs(), 1)
  t.equal(reports.length, 1, 'reported')
  t.match(reports[0], { ms: Number, heapUsedMb: [Number, Number], heapTotalMb: [Number, Number] })
  clock.now = 60_000
  t.equal(r.check(), false, 'not again while nothing has been served')
  r.enter()()
  clock.now = 60_500
  t.equal(r.check(), false, 'a new request starts the quiet time again')
  clock.now = 61_000
  t.equal(r.check(), true)
  t.equal(runs(), 2)
})

t.test('a request answered at once counts as served, and starts the quiet time again', async (t) => {
  const { r, clock, runs } = harness(1000)
  r.touch()
  clock.now = 999
  t.equal(r.check(), false)
  clock.now = 1000
  t.equal(r.check(), true)
  clock.now = 1500
  r.touch()
  clock.now = 2400
  t.equal(r.check(), false, 'quiet for 900 ms only')
  clock.now = 2500
  t.equal(r.check(), true)
  t.equal(runs(), 2)
})

t.test('a request left twice is counted once', async (t) => {
  const { r, clock, runs } = harness(1000)
  const first = r.enter()
  first()
  first()
  const second = r.enter()
  clock.now = 10_000
  t.equal(r.check(), false, 'the second request is still in flight')
  second()
  clock.now = 20_000
  t.equal(r.check(), true)
  t.equal(runs(), 1)
})

t.test('the collection frees what is no longer reachable', async (t) => {
  const collect = compactingCollection()
  let garbage: number[][] | null = Array.from({ length: 200 }, () => Array.from({ length: 20_000 }, (_, i) => i + 0.5))
  const held = process.memoryUsage().heapUsed
  t.ok(garbage.length === 200)
  garbage = null
  collect()
  const after = process.memoryUsage().heapUsed
  t.ok(after < held - 20 * 1048576, `heap used ${Math.round(held / 1048576)} MB → ${Math.round(after / 1048576)} MB`)
})

t.test('and compacts: the pages of a heap left full of holes go back', async (t) => {
  const collect = compactingCollection()
  const plain = runInNewContext('gc') as () => void
  // A million small objects that live long enough to be old, then all but one in twenty let go:
  // every page of them keeps a few, so that only moving them together frees the pages.
  let all: Array<{ a: number, b: string }> | null = Array.from({ length: 1_000_000 }, (_, i) => ({ a: i, b: `x${i}` }))
  plain()
  plain()
  const keep = all.filter((_, i) => i % 20 === 0)
  all = null
  const before = process.memoryUsage().heapTotal
  const rssBefore = process.memoryUsage().rss
  collect()
  const after = process.memoryUsage().heapTotal
  t.equal(keep.length, 50_000)
  t.ok(after < before * 0.75, `heap ${Math.round(before / 1048576)} MB → ${Math.round(after / 1048576)} MB (without compacting, a collection leaves it near its size)`)
  // The freed pages go back to the system, at once or within a moment (Node 20's V8 unmaps them
  // on a thread of its own; Node 26's would keep them in its pool without the last-resort pass).
  let rss = process.memoryUsage().rss
  for (let i = 0; i < 30 && rssBefore - rss < (before - after) / 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    rss = process.memoryUsage().rss
  }
  t.ok(rssBefore - rss >= (before - after) / 2, `resident ${Math.round(rssBefore / 1048576)} MB → ${Math.round(rss / 1048576)} MB, at least half of what the heap gave up`)
})

