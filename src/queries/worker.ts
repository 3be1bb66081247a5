// A worker thread of the heavy-query pool (heavy.ts): its own read-only handle on the database and
// its own query layer, answering the aggregate requests that read many rows, so that they never
// hold up the event loop that serves everything else. Errors come back as data, with the fields
// the error handlers need (code, status, parameter), since a thrown error loses them crossing threads.
import { workerData } from 'node:worker_threads'
import { openDatabase } from '../db/client.js'
import { QueryContext } from './context.js'
import { summarizeIndicators, summaryBody, type SummaryRequest } from './summary.js'
import { listObservations, type ObservationRequest } from './observations.js'
import type { IndicatorFilter } from './indicators.js'

const handle = openDatabase((workerData as { databasePath: string }).databasePath)
// The aggregates of a big table sort and group millions of rows: their temporary tables spill to
// disk past a small cache instead of growing in memory.
handle.sqlite.pragma('temp_store = FILE')
handle.sqlite.pragma('cache_size = -16000')
const ctx = new QueryContext(handle.sqlite)

export type HeavyTask =
  | { op: 'summary', filter: IndicatorFilter, req: SummaryRequest }
  | { op: 'summary-body', filter: IndicatorFilter, req: SummaryRequest }
  | { op: 'observations', filter: IndicatorFilter, req: ObservationRequest }

export interface HeavyError { message: string, code?: string, statusCode?: number, parameter?: string }

/**
 * A task's answer, or its error as data. A summary's body comes back as bytes: copying them to the
 * main thread is one copy of a buffer, not a structured clone of every row, and that thread then
 * sends them without serializing anything.
 */
export default function run (task: HeavyTask): { ok: true, value: unknown } | { ok: false, error: HeavyError } {
  try {
    if (task.op === 'summary-body') return { ok: true, value: summaryBody(ctx, task.filter, task.req) }
    const value = task.op === 'summary' ? summarizeIndicators(ctx, task.filter, task.req) : listObservations(ctx, task.filter, task.req)
    return { ok: true, value }
  } catch (err) {
    const e = err as HeavyError
    return { ok: false, error: { message: e.message, code: e.code, statusCode: e.statusCode, parameter: e.parameter } }
  }
}
