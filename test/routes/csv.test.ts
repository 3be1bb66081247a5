// CSV as spreadsheet and data tools read it: csvkit (Debian's package) sniffs the dialect from the
// first 1,024 bytes and reads every CSV the API serves with the columns and rows it has; with
// bom=true the byte order mark is taken as such, not as part of the first column's name.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { build } from '../helper.js'
import { tempDir } from '../temp.js'

const CSVJSON = '/usr/bin/csvjson'
const URLS = [
  '/v1/indicators?format=csv&limit=1000',
  '/v1/indicators?format=csv&limit=all&bom=true',
  '/v1/regions?format=csv&level=province',
  '/v1/metrics?format=csv&limit=1000',
  '/v1/events?format=csv',
  '/v1/indicators/summary?groupBy=region,phase&rollup=province&format=csv',
  '/v1/observations?metric=heroes.*&format=csv&bom=true',
  '/v1/observations?metric=heroes.*&shape=wide&format=csv',
]

t.test('csvkit sniffs and reads every kind of CSV', { skip: existsSync(CSVJSON) ? false : `needs ${CSVJSON} (apt-get install -y csvkit); .ci/run installs it` }, async (t) => {
  const app = await build(t)
  const dir = tempDir('cf-csvkit-')
  for (const [n, url] of URLS.entries()) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    const file = join(dir, `${n}.csv`)
    writeFileSync(file, res.rawPayload)
    const rows = parse(res.body.replace(/^\ufeff/, ''), { columns: true }) as Array<Record<string, string>>
    // --no-inference: values as text, so that they compare with what csv-parse reads.
    const r = spawnSync(CSVJSON, ['--no-inference', file], { encoding: 'utf8', timeout: 60_000 })
    t.equal(r.status, 0, `${url}: ${r.stderr}`)
    t.notMatch(r.stderr, /sniff/i, `${url}: the dialect is sniffed`)
    const read = JSON.parse(r.stdout) as Array<Record<string, string | null>>
    t.equal(read.length, rows.length, `${url}: ${rows.length} rows`)
    t.same(Object.keys(read[0] ?? {}), Object.keys(rows[0] ?? {}), `${url}: the columns, by name`)
    t.same(read.map((x) => Object.values(x).map((v) => v ?? '')), rows.map((x) => Object.values(x)), `${url}: the cells`)
  }
})
