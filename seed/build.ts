// Writes a loaded dataset into a new SQLite file and renames it over the target, so that a
// failed build leaves the previous database exactly as it was. The file is fsynced before the
// rename (and the folder after it), so a power loss cannot leave a renamed but empty database;
// the temporary files of builds that were killed are removed by the next build.
import { mkdirSync, renameSync, rmSync, openSync, fsyncSync, closeSync } from 'node:fs'
import { removeStaleTemporaries, temporaryName } from './temporaries.js'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from '../src/db/schema.js'
import { DIMENSIONS, dimensionValue, foldForSearch } from '../src/domain/index.js'
import { metricCoverage, type Dataset } from './loader.js'
import { searchColumns, searchEntries } from './search.js'
import { QueryContext } from '../src/queries/context.js'
import { precomputeSummaries } from '../src/queries/summary.js'

function chunks<T> (rows: T[], size = 400): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

type Db = ReturnType<typeof drizzle<typeof schema>>

/** The metrics catalog: the metrics with their coverage, their declared dimensions, and the vocabulary they use. */
function writeMetrics (db: Db, data: Dataset): void {
  const coverage = new Map(metricCoverage(data).map((c) => [c.metricCode, c]))
  for (const c of chunks(data.metrics)) {
    db.insert(schema.metrics).values(c.map(({ dimensions: _d, replaces: _r, ...m }) => {
      const cov = coverage.get(m.code)!
      return {
        ...m, indicatorCount: cov.count, firstDate: cov.firstDate, lastDate: cov.lastDate,
        searchText: foldForSearch(`${m.code} ${m.name} ${m.description}`),
      }
    })).run()
  }
  db.insert(schema.dimensions).values(DIMENSIONS.map(({ name, label, description }) => ({ name, label, description }))).run()
  db.insert(schema.dimensionValues).values(DIMENSIONS.flatMap((d) => d.values.map((v, position) => ({
    dimension: d.name, value: v.value, label: v.label, total: v.total ?? false, position,
  })))).run()
  const declared = data.metrics.flatMap((m) => m.dimensions.map((d, position) => ({ metricCode: m.code, dimension: d.name, position })))
  for (const rows of chunks(declared)) db.insert(schema.metricDimensions).values(rows).run()
  const allowed = data.metrics.flatMap((m) => m.dimensions.flatMap((d) => d.values.map((value, position) => ({ metricCode: m.code, dimension: d.name, value, position }))))
  for (const rows of chunks(allowed)) db.insert(schema.metricDimensionValues).values(rows).run()
  const regions = [...coverage.values()].flatMap((c) => c.regions.map((r) => ({ metricCode: c.metricCode, regionCode: r.regionCode, indicatorCount: r.count })))
  for (const rows of chunks(regions)) db.insert(schema.metricRegions).values(rows).run()
  const documents = [...coverage.values()].flatMap((c) => c.documents.map((d) => ({ metricCode: c.metricCode, documentId: d.documentId, indicatorCount: d.count })))
  for (const rows of chunks(documents)) db.insert(schema.metricDocuments).values(rows).run()
}

/**
 * indicator_counts: the number of indicators in all, and per value of the filters a count is
 * asked for most, as the query layer filters them (a region with the regions inside it, an event
 * with its child events).
 */
function writeCounts (sqlite: Database.Database, data: Dataset): void {
  const insert = sqlite.prepare('INSERT INTO indicator_counts (filter, value, n) VALUES (?, ?, ?)')
  const groups = (column: string): Array<{ v: string, n: number }> =>
    sqlite.prepare(`SELECT ${column} AS v, count(*) AS n FROM indicators WHERE ${column} IS NOT NULL GROUP BY ${column}`).all() as Array<{ v: string, n: number }>
  const total = (sqlite.prepare('SELECT count(*) AS n FROM indicators').get() as { n: number }).n
  insert.run('', '', total)
  insert.run('region', 'CN', total)
  for (const column of ['province_code', 'prefecture_code', 'county_code']) for (const g of groups(column)) insert.run('region', g.v, g.n)
  for (const [filter, column] of [['metric', 'metric_code'], ['category', 'category'], ['document', 'document_id'], ['organ', 'organ_id'], ['phase', 'phase_id']]) {
    for (const g of groups(column!)) insert.run(filter, g.v, g.n)
  }
  const byEvent = new Map(groups('event_id').map((g) => [g.v, g.n]))
  for (const e of data.events) {
    let n = 0
    for (const other of data.events) if (other.path === e.path || other.path.startsWith(`${e.path}/`)) n += byEvent.get(other.id) ?? 0
    if (n > 0) insert.run('event', e.id, n)
  }
}

export interface BuildOptions {
  databasePath: string
  migrationsDir: string
  /** Called after the rows are written and before the rename: lets tests simulate a crash. */
  beforeRename?: () => void
}

function fsyncPath (path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

export function buildDatabase (data: Dataset, opts: BuildOptions): void {
  const dir = dirname(opts.databasePath)
  mkdirSync(dir, { recursive: true })
  removeStaleTemporaries(opts.databasePath)
  const tmp = temporaryName(opts.databasePath)
  const sqlite = new Database(tmp)
  try {
    sqlite.pragma('journal_mode = OFF')
    sqlite.pragma('synchronous = OFF')
    sqlite.pragma('foreign_keys = ON')
    const db = drizzle(sqlite, { schema })
    migrate(db, { migrationsFolder: opts.migrationsDir })
    const metricNames = new Map(data.metrics.map((m) => [m.code, m.name]))

    sqlite.transaction(() => {
      for (const c of chunks(data.regions)) {
        db.insert(schema.regions).values(c.map((r) => ({
          ...r,
          searchText: foldForSearch([r.name, r.nameZh, r.nameZhHant, r.code].join(' ')),
        }))).run()
      }
      for (const d of data.documents) {
        db.insert(schema.documents).values({
          id: d.id, fileName: d.fileName, sha256: d.sha256, title: d.title, titleOriginal: d.titleOriginal,
          language: d.language, publisher: d.publisher, provenance: d.provenance, publishedAt: d.publishedAt,
          publishedAtPrecision: d.publishedAtPrecision, regionCode: d.regionCode, inferred: d.inferred,
          note: d.note, rawText: d.rawText, normalizedText: d.normalizedText, searchText: d.searchText,
          normalizedOffsets: JSON.stringify(d.normalizedOffsets), charCount: d.charCount,
        }).run()
      }
      writeMetrics(db, data)
      for (const c of chunks(data.organs)) {
        db.insert(schema.organs).values(c.map((o) => ({
          ...o, searchText: foldForSearch(`${o.name} ${o.nameZh ?? ''}`),
        }))).run()
      }
      for (const c of chunks(data.events)) {
        db.insert(schema.events).values(c.map(({ organs: _organs, ...e }) => ({
          ...e, searchText: foldForSearch(`${e.title} ${e.titleZh ?? ''} ${e.description ?? ''}`),
        }))).run()
      }
      const eventOrgans = data.events.flatMap((e) => e.organs.map((o) => ({ eventId: e.id, organId: o.organId, role: o.role })))
      for (const c of chunks(eventOrgans)) db.insert(schema.eventOrgans).values(c).run()
      // Many indicators can share a quote (several figures of one sentence); fold each text once.
      const folded = new Map<string, string>()
      const searchText = (text: string): string => {
        let f = folded.get(text)
        if (f === undefined) folded.set(text, (f = foldForSearch(text)))
        return f
      }
      const regionByCode = new Map(data.regions.map((r) => [r.code, r]))
      /** The region's ancestor (or itself) at each level, for roll-ups. */
      const levels = (code: string): Record<'provinceCode' | 'prefectureCode' | 'countyCode', string | null> => {
        const at: Record<string, string> = {}
        for (let r = regionByCode.get(code); r; r = r.parentCode ? regionByCode.get(r.parentCode) : undefined) at[r.level] = r.code
        return { provinceCode: at.province ?? null, prefectureCode: at.prefecture ?? null, countyCode: at.county ?? null }
      }
      for (const c of chunks(data.indicators, 200)) {
        db.insert(schema.indicators).values(c.map(({ valueStart: _s, valueEnd: _e, dimensions, ...i }) => ({
          ...i,
          regionLevel: regionByCode.get(i.regionCode)!.level,
          ...levels(i.regionCode),
          dimensions: JSON.stringify(dimensions),
          searchText: searchText([i.quote, metricNames.get(i.metricCode) ?? '', i.metricCode,
            ...Object.entries(dimensions).map(([d, v]) => dimensionValue(d, v)!.label)].join(' ')),
        }))).run()
      }
      const indicatorDimensions = data.indicators.flatMap((i) => Object.entries(i.dimensions).map(([dimension, value]) => ({ indicatorId: i.id, dimension, value })))
      for (const c of chunks(indicatorDimensions)) db.insert(schema.indicatorDimensions).values(c).run()
      // Numbered from 1 in the dataset's order: search entries refer to citations by these ids.
      for (const c of chunks(data.citations.map((c, n) => ({ id: n + 1, ...c })))) db.insert(schema.citations).values(c).run()
      const entries = searchEntries(data)
      for (const c of chunks(entries)) {
        db.insert(schema.searchEntries).values(c.map((e) => ({ id: e.id, type: e.type, refId: e.refId, label: e.label, fields: JSON.stringify(e.fields) }))).run()
      }
      const index = sqlite.prepare('INSERT INTO search_index (rowid, own, names, context) VALUES (?, ?, ?, ?)')
      for (const e of entries) {
        const cols = searchColumns(e)
        index.run(e.id, cols.own, cols.names, cols.context)
      }
      writeCounts(sqlite, data)
      db.insert(schema.datasetInfo).values([
        { key: 'version', value: data.version },
        { key: 'builtAt', value: new Date().toISOString() },
      ]).run()
    })()
    const fk = sqlite.pragma('foreign_key_check') as unknown[]
    if (fk.length > 0) throw new Error(`foreign key check failed: ${JSON.stringify(fk.slice(0, 5))}`)
    sqlite.exec('ANALYZE')
    // The summaries that read every figure, computed once by the query layer itself (after
    // ANALYZE, so with the plans the service will use).
    const answers = precomputeSummaries(new QueryContext(sqlite))
    sqlite.transaction(() => { for (const c of chunks(answers)) db.insert(schema.summaryAnswers).values(c).run() })()
    sqlite.close()
    fsyncPath(tmp)
    opts.beforeRename?.()
    renameSync(tmp, opts.databasePath)
    fsyncPath(dir)
  } catch (err) {
    if (sqlite.open) sqlite.close()
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(tmp + suffix, { force: true })
    throw err
  }
}
