// The serving handle (src/db/client.ts): read-only, no memory map, and its shared lock held for the
// life of the handle. Holding it must stop neither another reader (the heavy-query threads, the
// other processes of a cluster) nor a rebuild, which renames a new file over the old one.
import t from 'tap'
import { copyFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openDatabase } from '../../src/db/client.js'
import { testDatabasePath } from '../helper.js'
import { tempDir } from '../temp.js'

const source = await testDatabasePath()
const count = (db: Database.Database): number => (db.prepare('SELECT count(*) AS n FROM indicators').get() as { n: number }).n

t.test('read-only, no memory map, the shared lock held', async (t) => {
  const { sqlite, close } = openDatabase(source)
  t.teardown(close)
  t.equal(sqlite.pragma('query_only', { simple: true }), 1)
  t.equal(sqlite.pragma('mmap_size', { simple: true }), 0)
  t.equal(sqlite.pragma('locking_mode', { simple: true }), 'exclusive')
  t.throws(() => sqlite.prepare('DELETE FROM indicators').run(), /readonly|read-only/i, 'no writes')
})

t.test('readers do not stop one another, and a rebuild is renamed over an open file', async (t) => {
  const dir = tempDir('cf-client-')
  const path = join(dir, 'serving.db')
  copyFileSync(source, path)
  const a = openDatabase(path)
  const b = openDatabase(path)
  t.teardown(() => { a.close(); b.close() })
  const n = count(a.sqlite)
  t.ok(n > 0)
  t.equal(count(b.sqlite), n, 'a second reader reads while the first holds its lock')
  t.equal(count(a.sqlite), n, 'and the first reads on')
  // A rebuild writes another file and renames it over this one (seed/build.ts).
  const next = join(dir, 'next.db')
  copyFileSync(source, next)
  const writer = new Database(next)
  writer.prepare('DELETE FROM indicators WHERE rowid IN (SELECT rowid FROM indicators LIMIT 1)').run()
  writer.close()
  renameSync(next, path)
  t.equal(count(a.sqlite), n, 'an open handle reads the file it opened')
  const c = openDatabase(path)
  t.teardown(() => c.close())
  t.equal(count(c.sqlite), n - 1, 'a new handle reads the new file')
})
