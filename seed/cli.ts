// `npm run seed`: load and check the curated data, then build the database atomically.
//   --check      validate only, write nothing
//   --coverage   print the coverage report (exit 1 if any number is unexplained)
//   --report     print the data report
//   --db PATH    database to write (default DATABASE_PATH or data/campaign-facts.db)
//   --document ID  curation mode: report only the problems in that document's own files
//                (facts/ID.yaml, catalog/*/ID.yaml, its metadata) and its coverage; writes nothing
//   --allow-drafts load a dataset in the middle of curation: entries pending review are checked
//                and left out, and an unused metric or an uncited organ or event is a warning
import { parseArgs } from 'node:util'
import { loadSeed, loadSeedUnchecked, SeedValidationError, formatSeedError } from './loader.js'
import { buildDatabase } from './build.js'
import { coverage, formatCoverage } from './coverage.js'
import { formatReport } from './report.js'
import { seedDir, migrationsDir, defaultDatabasePath, resolveFromRoot } from '../src/paths.js'

function main (): number {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      coverage: { type: 'boolean', default: false },
      report: { type: 'boolean', default: false },
      db: { type: 'string' },
      seed: { type: 'string' },
      document: { type: 'string' },
      'allow-drafts': { type: 'boolean', default: false },
    },
    strict: true,
  })
  const dir = values.seed ? resolveFromRoot(values.seed) : seedDir
  const allowDrafts = values['allow-drafts']
  if (values.document) return curate(dir, values.document, allowDrafts)
  let data
  try {
    data = loadSeed({ seedDir: dir, migrationsDir, allowDrafts })
  } catch (err) {
    if (err instanceof SeedValidationError) {
      console.error(`seed: ${err.errors.length} error(s); nothing was written`)
      for (const e of err.errors) console.error(`  ${formatSeedError(e)}`)
      return 1
    }
    throw err
  }
  for (const w of data.warnings) console.error(`  warning: ${formatSeedError(w)}`)
  if (data.pending.length > 0) console.error(`seed: ${data.pending.length} indicator(s) pending review were checked and left out`)
  if (values.coverage) {
    const report = coverage(data)
    console.log(formatCoverage(report))
    return report.some((d) => d.unexplained.length > 0) ? 1 : 0
  }
  if (values.report) {
    console.log(formatReport(data))
    return 0
  }
  if (values.check) {
    console.log(`seed: ok (${data.indicators.length} indicators, ${data.events.length} events, ${data.organs.length} organs, ${data.metrics.length} metrics); nothing written`)
    return 0
  }
  const path = values.db ?? process.env.DATABASE_PATH ?? defaultDatabasePath
  const started = Date.now()
  buildDatabase(data, { databasePath: resolveFromRoot(path), migrationsDir })
  console.log(`seed: wrote ${path} (dataset ${data.version}: ${data.regions.length} regions, ${data.documents.length} documents, ${data.indicators.length} indicators, ${data.events.length} events, ${data.organs.length} organs, ${data.metrics.length} metrics) in ${Date.now() - started} ms`)
  return 0
}

function curate (dir: string, documentId: string, allowDrafts: boolean): number {
  const { dataset, errors } = loadSeedUnchecked({ seedDir: dir, migrationsDir, allowDrafts })
  const doc = dataset.documents.find((d) => d.id === documentId)
  const metaName = doc ? doc.fileName.replace(/\.txt$/, '.yaml') : `${documentId}.yaml`
  const own = errors.filter((e) => e.file.endsWith(`/${documentId}.yaml`) || e.file.endsWith(`/${metaName}`))
  console.log(`# problems in ${documentId}'s own files: ${own.length} (all files: ${errors.length})`)
  for (const e of own) console.log(`  ${formatSeedError(e)}`)
  if (!doc) {
    console.log(`unknown document '${documentId}'`)
    return 1
  }
  const report = coverage(dataset).filter((d) => d.documentId === documentId)
  console.log(formatCoverage(report))
  return own.length > 0 || report.some((d) => d.unexplained.length > 0) ? 1 : 0
}

process.exitCode = main()
