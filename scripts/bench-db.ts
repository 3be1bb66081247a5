// `npm run bench:db -- --rows 1000000 --out data/bench-1m.db`: a synthetic database of N indicators
// (scripts/synthetic.ts), built the way the seed builds the real one (the same loader output, the
// same buildDatabase, so the same tables, indexes, precomputed tables and ANALYZE). Deterministic
// for a given --rows and --seed. Serve it with: DATABASE_PATH=<file> REBUILD_DATABASE=never npm start
import { parseArgs } from 'node:util'
import { loadSeed } from '../seed/loader.js'
import { synthesize } from './synthetic.js'
import { buildDatabase } from '../seed/build.js'
import { migrationsDir, seedDir, resolveFromRoot } from '../src/paths.js'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string', default: 'data/bench.db' },
    seed: { type: 'string', default: '1' },
  },
})
const rows = Number(values.rows)
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer')

const started = Date.now()
const real = loadSeed({ seedDir, migrationsDir })
const data = synthesize(real, rows, Number(values.seed))
const out = resolveFromRoot(values.out)
buildDatabase(data, { databasePath: out, migrationsDir })
console.log(`bench:db: wrote ${out}: ${data.indicators.length} indicators (${rows} synthetic + ${real.indicators.length} real) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
