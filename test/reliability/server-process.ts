// The service as its own process (from source, or bundled as `npm start` runs it), for the tests and scripts
// that measure what only a process shows: resident memory, signals, sockets under load.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { projectRoot } from '../../src/paths.js'
import { testDatabasePath } from '../helper.js'

export interface ServerProcess {
  origin: string
  port: number
  child: ChildProcess
  /** Resident memory in MB, from /proc. */
  rssMb: () => number
  /** Resolves with the exit code (and the time from the call of `stop` or the kill) once it exits. */
  exited: Promise<number | null>
  output: () => string
}

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/**
 * Starts the server on a free loopback port with limits off unless `env` says otherwise: from
 * source, or the bundled server at `entry` (scripts/bundle.mjs).
 */
export async function startServer (env: Record<string, string> = {}, entry?: string): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, entry ? [entry] : ['--import', 'tsx', join(projectRoot, 'src', 'server.ts')], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: await testDatabasePath(),
      REBUILD_DATABASE: 'never',
      LOG_LEVEL: 'warn',
      WORKERS: '1',
      RATE_LIMIT_MAX: '0',
      RATE_LIMIT_GRAPHQL_COST: '0',
      SHED_TURN_MS: '0',
      SHED_EVENT_LOOP_DELAY_MS: '0',
      SHED_HEAP_USED_MB: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const origin = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${out}`)
    try {
      if ((await fetch(`${origin}/health`)).ok) break
    } catch {}
    if (Date.now() > deadline) throw new Error(`the server did not start in 120 s: ${out}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    origin,
    port,
    child,
    exited,
    output: () => out,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
  }
}

/** Runs `task` over `items` with `concurrency` workers. */
export async function pool<T> (items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]!)
  }))
}
