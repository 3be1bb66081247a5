// How well a draft matches a curation: each seed document is drafted from its raw text alone in
// a temporary copy of the seed without that document's facts file and without the metrics only its
// facts use, as if it were new (the draft reads no organ or event, so those catalogs stay). The draft
// is then loaded with --allow-drafts and compared with the curated facts: a curated figure is
// proposed when a draft indicator has the same value at the same place (value spans overlap); unit,
// qualifier, region and date agree when they are equal, counted over all curated figures.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseDocument, isSeq, isMap, type YAMLSeq } from 'yaml'
import { loadSeed, loadSeedUnchecked, type Dataset, type LoadedIndicator } from '../loader.js'
import { coverage } from '../coverage.js'
import { draftDocument } from './draft.js'
import type { DraftIndicator } from './propose.js'

export interface DocumentMeasure {
  documentId: string
  curated: number
  proposed: number
  ignoreCandidates: number
  recall: number
  unit: number
  qualifier: number
  region: number
  date: number
  metric: number
  /** Curated figures whose metric another document uses too (so the catalog of the draft has it). */
  sharedMetrics: number
  /** Of those, the share whose metric the draft picked. */
  sharedMetric: number
  loadErrors: string[]
  unexplained: number
  misses: Array<{ curated: LoadedIndicator, draft: DraftIndicator | null, fields: string[] }>
}

export const TARGETS = { recall: 0.95, unit: 0.85, qualifier: 0.85, region: 0.85 }

export function measureAll (opts: { seedDir: string, migrationsDir: string, documents?: string[] }): DocumentMeasure[] {
  const curated = loadSeed({ seedDir: opts.seedDir, migrationsDir: opts.migrationsDir })
  const ids = opts.documents ?? curated.documents.map((d) => d.id)
  return ids.map((id) => measureDocument(curated, id, opts))
}

function measureDocument (curated: Dataset, documentId: string, opts: { seedDir: string, migrationsDir: string }): DocumentMeasure {
  const doc = curated.documents.find((d) => d.id === documentId)
  if (!doc) throw new Error(`unknown document ${documentId}`)
  const tmp = mkdtempSync(join(tmpdir(), 'cf-curate-'))
  try {
    const seed = join(tmp, 'seed')
    for (const part of ['documents', 'catalog', 'facts']) cpSync(join(opts.seedDir, part), join(seed, part), { recursive: true })
    rmSync(join(seed, 'facts', `${documentId}.yaml`))
    const stillUsed = new Set(curated.indicators.filter((i) => i.documentId !== documentId).map((i) => i.metricCode))
    pruneMetrics(join(seed, 'catalog', 'metrics'), stillUsed)

    const result = draftDocument({ seedDir: seed, textFile: join(seed, 'documents', doc.fileName) })
    const { dataset, errors } = loadSeedUnchecked({ seedDir: seed, migrationsDir: opts.migrationsDir, allowDrafts: true })
    const unexplained = coverage(dataset).find((c) => c.documentId === documentId)?.unexplained.length ?? -1

    const mine = curated.indicators.filter((i) => i.documentId === documentId)
    const drafts = result.draft.indicators
    let proposed = 0
    let shared = 0
    let sharedAgree = 0
    const agree = { unit: 0, qualifier: 0, region: 0, date: 0, metric: 0 }
    const misses: DocumentMeasure['misses'] = []
    for (const c of mine) {
      const d = drafts.find((x) => x.value === c.value && x.valueSpan.start < c.valueEnd && c.valueStart < x.valueSpan.end) ?? null
      const fields: string[] = []
      if (d) {
        proposed++
        if (d.unit === c.unit) agree.unit++
        else fields.push(`unit ${d.unit} ≠ ${c.unit}`)
        if (d.qualifier === c.qualifier) agree.qualifier++
        else fields.push(`qualifier ${d.qualifier} ≠ ${c.qualifier}`)
        if (d.region === c.regionCode) agree.region++
        else fields.push(`region ${d.region} ≠ ${c.regionCode}`)
        if (d.date === c.date) agree.date++
        else fields.push(`date ${d.date} ≠ ${c.date}`)
        if (d.metric === c.metricCode) agree.metric++
        else fields.push(`metric ${d.metric} ≠ ${c.metricCode}`)
        if (stillUsed.has(c.metricCode) && d.metric === c.metricCode) sharedAgree++
      } else fields.push('not proposed')
      if (stillUsed.has(c.metricCode)) shared++
      if (fields.length > 0) misses.push({ curated: c, draft: d, fields })
    }
    const share = (n: number): number => (mine.length === 0 ? 1 : n / mine.length)
    return {
      documentId, curated: mine.length, proposed: drafts.length, ignoreCandidates: result.draft.ignores.length,
      recall: share(proposed), unit: share(agree.unit), qualifier: share(agree.qualifier), region: share(agree.region),
      date: share(agree.date), metric: share(agree.metric),
      sharedMetrics: shared, sharedMetric: shared === 0 ? 1 : sharedAgree / shared,
      loadErrors: errors.map((e) => `${e.file}: ${e.entry}: ${e.message} [${e.code}]`), unexplained, misses,
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

/** Takes out of the metrics catalog the metrics no remaining facts file uses. */
function pruneMetrics (dir: string, keep: Set<string>): void {
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const doc = parseDocument(readFileSync(path, 'utf8'))
    const seq = doc.contents
    if (!isSeq(seq)) continue
    const items = (seq as YAMLSeq).items
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]
      const code = isMap(item) ? String(item.get('code')) : ''
      if (!keep.has(code)) items.splice(i, 1)
    }
    if (items.length === 0) rmSync(path)
    else writeFileSync(path, doc.toString())
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`

export function formatMeasures (measures: DocumentMeasure[], verbose = false): string {
  const lines = [
    '| document | curated figures | proposed | recall | unit | qualifier | region | date | metric | metric, where the catalog has it | loads | unexplained |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  for (const m of measures) {
    lines.push(`| ${m.documentId} | ${m.curated} | ${m.proposed} | ${pct(m.recall)} | ${pct(m.unit)} | ${pct(m.qualifier)} | ${pct(m.region)} | ${pct(m.date)} | ${pct(m.metric)} | ${m.sharedMetrics === 0 ? 'none in it' : `${pct(m.sharedMetric)} of ${m.sharedMetrics}`} | ${m.loadErrors.length === 0 ? 'yes' : `${m.loadErrors.length} errors`} | ${m.unexplained} |`)
  }
  const total = measures.reduce((n, m) => n + m.curated, 0)
  const sum = (k: 'recall' | 'unit' | 'qualifier' | 'region' | 'date' | 'metric'): string => pct(measures.reduce((n, m) => n + m[k] * m.curated, 0) / total)
  lines.push(`| all | ${total} | ${measures.reduce((n, m) => n + m.proposed, 0)} | ${sum('recall')} | ${sum('unit')} | ${sum('qualifier')} | ${sum('region')} | ${sum('date')} | ${sum('metric')} | ${pct(measures.reduce((n, m) => n + m.sharedMetric * m.sharedMetrics, 0) / Math.max(1, measures.reduce((n, m) => n + m.sharedMetrics, 0)))} of ${measures.reduce((n, m) => n + m.sharedMetrics, 0)} | | |`)
  if (verbose) {
    for (const m of measures) {
      lines.push('', `## ${m.documentId}`)
      for (const e of m.loadErrors) lines.push(`  LOAD ${e}`)
      for (const miss of m.misses) lines.push(`  ${miss.curated.id} ${JSON.stringify(miss.curated.valueText)}: ${miss.fields.join('; ')}`)
    }
  }
  return lines.join('\n')
}
