// The heavy-query pool: summaries and observation tables read up to every figure, so they run in a
// small pool of worker threads (Piscina), each with its own read-only database handle, and never
// on the event loop that answers everything else. The pool is bounded: at most `threads` run at
// once, at most `queue` wait, and each has `timeoutMs` to finish; beyond that the request is
// answered 503 with Retry-After. With `threads: 0` the same work runs inline (tests, tools).
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { Piscina } from 'piscina'
import createError from '@fastify/error'
import type { QueryContext } from './context.js'
import type { IndicatorFilter } from './indicators.js'
import { summarizeIndicators, summaryBody, type Summary, type SummaryRequest } from './summary.js'
import { listObservations, type Observations, type ObservationRequest } from './observations.js'
import type { HeavyError, HeavyTask } from './worker.js'

export interface HeavyOptions { threads: number, queue: number, timeoutMs: number, heapMb: number }

const OverloadedError = createError<[string]>('CF_OVERLOADED', '%s', 503)
export const HEAVY_RETRY_AFTER_S = 2

function workerFile (): string {
  // Compiled: worker.js beside this file. From source (tsx, tap): worker.ts, which the thread loads
  // through the loader the process was started with (workers inherit execArgv).
  const js = fileURLToPath(new URL('./worker.js', import.meta.url))
  return existsSync(js) ? js : fileURLToPath(new URL('./worker.ts', import.meta.url))
}

function rethrow (e: HeavyError): never {
  throw Object.assign(new Error(e.message), { code: e.code, statusCode: e.statusCode, parameter: e.parameter })
}

export class HeavyQueries {
  private readonly pool: Piscina | null

  constructor (private readonly ctx: QueryContext, databasePath: string, private readonly opts: HeavyOptions) {
    this.pool = opts.threads > 0
      ? new Piscina({
        filename: workerFile(),
        workerData: { databasePath },
        minThreads: 0, // started by the first heavy request, stopped after a minute idle
        maxThreads: opts.threads,
        maxQueue: opts.queue,
        idleTimeout: 60_000,
        // A thread's heap is bounded too: a request that would need more fails (503), and the
        // thread is replaced, instead of the process growing.
        resourceLimits: { maxOldGenerationSizeMb: opts.heapMb },
      })
      : null
    // A thread that fails outside a task (out of memory while starting) is replaced by the pool; a
    // task's own failure reaches its caller. Unheard, the pool's error event would stop the process.
    this.pool?.on('error', () => {})
  }

  summarize (filter: IndicatorFilter, req: SummaryRequest): Promise<Summary> {
    return this.run({ op: 'summary', filter, req }, () => summarizeIndicators(this.ctx, filter, req)) as Promise<Summary>
  }

  /** The JSON body of REST's summary answer, as bytes (serialized where it was computed). */
  async summaryBody (filter: IndicatorFilter, req: SummaryRequest): Promise<Buffer> {
    const bytes = await this.run({ op: 'summary-body', filter, req }, () => summaryBody(this.ctx, filter, req)) as Uint8Array
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  observations (filter: IndicatorFilter, req: ObservationRequest): Promise<Observations> {
    return this.run({ op: 'observations', filter, req }, () => listObservations(this.ctx, filter, req)) as Promise<Observations>
  }

  /** Whether the work runs in worker threads (false: inline). */
  get pooled (): boolean {
    return this.pool !== null
  }

  private async run (task: HeavyTask, inline: () => unknown): Promise<unknown> {
    if (!this.pool) return inline()
    if (this.pool.queueSize >= this.opts.queue) {
      throw Object.assign(new OverloadedError(`Too many heavy requests at once; retry in ${HEAVY_RETRY_AFTER_S} s.`), { retryAfter: HEAVY_RETRY_AFTER_S })
    }
    const signal = AbortSignal.timeout(this.opts.timeoutMs)
    let result: { ok: true, value: unknown } | { ok: false, error: HeavyError }
    try {
      result = await this.pool.run(task, { signal })
    } catch (err) {
      const aborted = signal.aborted || (err as Error).name === 'AbortError'
      const memory = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
      throw Object.assign(new OverloadedError(aborted
        ? `The request took longer than ${this.opts.timeoutMs / 1000} s and was stopped; narrow it with filters, or retry in ${HEAVY_RETRY_AFTER_S} s.`
        : memory
          ? `The request needs more memory than one request may use (${this.opts.heapMb} MB); narrow it with filters.`
          : `Too many heavy requests at once; retry in ${HEAVY_RETRY_AFTER_S} s.`), { retryAfter: HEAVY_RETRY_AFTER_S })
    }
    if (!result.ok) rethrow(result.error)
    return result.value
  }

  async close (): Promise<void> {
    await this.pool?.destroy()
  }
}
