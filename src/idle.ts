// Memory given back once the server is quiet. V8 keeps the heap it grew to under load: after 100
// computed GraphQL queries on a million figures, 32 MB of the heap was live and 114 MB committed,
// and no collection of its own gave the rest back within 30 s. So once requests have been served
// and none has arrived or been in flight for `quietMs`, one full collection runs that also
// compacts the heap (live objects moved together, so that emptied pages return to the system);
// it runs again only after further requests. About 100 ms on that heap, at a moment when no
// request is waiting; a request that arrives during it waits for it. (The young generation,
// which doubles under load and is not given back by a collection, is capped at its starting size
// by `node --max-semi-space-size=8`, as `npm start` and the image run the server.)
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'

/** Megabytes before and after (the pages freed return to the system a moment later, so not the RSS). */
export interface Reclaimed { ms: number, heapUsedMb: [before: number, after: number], heapTotalMb: [before: number, after: number] }

/** V8's collector as `--expose-gc` gives it: no options is a full collection. */
type Gc = (options?: { type: 'major' | 'minor', execution: 'sync' | 'async', flavor?: 'regular' | 'last-resort' }) => void

/**
 * A full, compacting collection, whose freed pages go back to the system. Node gives a script no
 * collector of its own unless asked for one.
 *
 * Node 26's V8 keeps the pages a collection frees in a pool of its own, for the heap to grow into
 * again, and gave none of them back to the system in 22 s of quiet (the heap 93 → 32 MB, the
 * process's 256 KB heap mappings 354 → 433). A last-resort collection, the one V8 runs when memory
 * runs out, empties that pool first (V8's `--memory-pool-release-before-memory-pressure-gcs`,
 * on by default), so one follows. On Node 20's V8, which has no pool and returns freed pages by
 * itself, the second one is quick.
 */
export function compactingCollection (): () => void {
  v8.setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as Gc
  return () => {
    v8.setFlagsFromString('--compact-on-every-full-gc')
    try {
      gc()
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc')
    }
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' })
  }
}

const mb = (bytes: number): number => Math.round(bytes / 1048576)

export class IdleReclaimer {
  private inFlight = 0
  private lastActivity = 0
  private served = false
  private timer: NodeJS.Timeout | null = null

  constructor (
    private readonly quietMs: number,
    private readonly onReclaimed: (r: Reclaimed) => void,
    private readonly collect: () => void = compactingCollection(),
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Called as a request arrives; returns what to call once it is answered (once or more). */
  enter (): () => void {
    this.inFlight++
    this.served = true
    this.lastActivity = this.now()
    let left = false
    return () => {
      if (left) return
      left = true
      this.inFlight--
      this.lastActivity = this.now()
    }
  }

  /** Called for a request answered at once (a kept answer, sent before this returns). */
  touch (): void {
    this.served = true
    this.lastActivity = this.now()
  }

  /** Collects if requests were served since the last collection and all is quiet; says whether it did. */
  check (): boolean {
    if (!this.served || this.inFlight > 0 || this.now() - this.lastActivity < this.quietMs) return false
    this.served = false
    const before = process.memoryUsage()
    const started = performance.now()
    this.collect()
    const after = process.memoryUsage()
    this.onReclaimed({
      ms: Math.round(performance.now() - started),
      heapUsedMb: [mb(before.heapUsed), mb(after.heapUsed)],
      heapTotalMb: [mb(before.heapTotal), mb(after.heapTotal)],
    })
    return true
  }

  start (): void {
    if (this.timer !== null || this.quietMs === 0) return
    this.timer = setInterval(() => this.check(), Math.max(100, Math.min(1000, this.quietMs / 4)))
    this.timer.unref()
  }

  stop (): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }
}
