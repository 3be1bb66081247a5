// The process as `npm start` runs it: listens, logs each request with its id, and closes
// gracefully on SIGTERM.
import t from 'tap'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { projectRoot } from '../src/paths.js'
import { testDatabasePath } from './helper.js'

t.test('starts, answers with request ids in the logs, and shuts down on SIGTERM', async (t) => {
  const databasePath = await testDatabasePath()
  const child = spawn(join(projectRoot, 'node_modules', '.bin', 'tsx'), [join(projectRoot, 'src', 'server.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, LOG_LEVEL: 'info' },
  })
  const lines: Array<Record<string, any>> = []
  let buffer = ''
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let nl
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        try { lines.push(JSON.parse(line)) } catch { continue }
        const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(lines[lines.length - 1]!.msg ?? '')
        if (m) resolve(m[1]!)
      }
    })
    child.on('exit', (code) => reject(new Error(`server exited early with ${code}`)))
    setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000).unref()
  })
  const origin = await listening
  const res = await fetch(`${origin}/health`, { headers: { 'x-request-id': 'test-request-1' } })
  t.equal(res.status, 200)
  t.same(await res.json(), { status: 'ok' })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  t.equal(await exited, 0, 'exits cleanly')
  t.ok(lines.some((l) => l.reqId === 'test-request-1' && l.res?.statusCode === 200), 'the request is logged with its id')
  t.ok(lines.some((l) => l.signal === 'SIGTERM' && l.msg === 'draining, then closing'), 'the shutdown is logged')
  t.ok(lines.some((l) => l.msg === 'database is current' || l.msg === 'database built from seed data'))
})
