// The data report: counts, the revisions of the metrics catalog with their arguments, every basis
// that is not `stated` with its note, every inferred indicator, every dropped indicator, each
// metric's coverage, and the other notes, so that a reviewer can audit the judgment calls in one place.
import { metricCoverage, type Dataset, type LoadedIndicator } from './loader.js'
import { CATEGORIES, dimensionValue } from '../src/domain/index.js'

function countBy<T> (rows: T[], key: (r: T) => string): Array<[string, number]> {
  const m = new Map<string, number>()
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1)
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

/** `metric = value "text"` with its dimension values, date and region: enough to find the figure. */
function describe (i: LoadedIndicator): string {
  const dims = Object.entries(i.dimensions).map(([d, v]) => `${d}=${v}`).join(', ')
  const period = i.periodStart ? `${i.periodStart}..${i.date}` : i.date
  return `${i.id} (${i.metricCode}${dims ? ` [${dims}]` : ''} = ${i.value} "${i.valueText}", ${period}, ${i.regionCode})`
}

export function formatReport (data: Dataset): string {
  const regionName = new Map(data.regions.map((r) => [r.code, `${r.name} ${r.nameZh}`]))
  const out: string[] = [`# Data report (dataset ${data.version})`, '']
  const inferred = data.indicators.filter((i) => i.inferred)
  out.push(`documents ${data.documents.length}, indicators ${data.indicators.length} (inferred ${inferred.length}), events ${data.events.length}, organs ${data.organs.length}, metrics ${data.metrics.length}, citations ${data.citations.length}, dropped indicators ${data.dropped.length}`, '')

  out.push('## Per document')
  for (const d of data.documents) {
    const n = (rows: Array<{ documentId: string }>): number => rows.filter((r) => r.documentId === d.id).length
    const cites = data.citations.filter((c) => c.documentId === d.id)
    out.push(`- ${d.id} (${d.fileName}, ${d.language}): ${n(data.indicators)} indicators (${inferred.filter((i) => i.documentId === d.id).length} inferred), ${cites.filter((c) => c.subjectType === 'event').length} event citations, ${cites.filter((c) => c.subjectType === 'organ').length} organ citations; ${d.provenance}`)
  }

  out.push('', '## Indicators per metric category')
  const labels = new Map(CATEGORIES.map((c) => [c.code, c.label]))
  for (const [k, n] of countBy(data.indicators, (i) => i.category)) out.push(`- ${k} (${labels.get(k) ?? ''}): ${n}`)
  out.push('', '## Indicators per region')
  for (const [k, n] of countBy(data.indicators, (i) => i.regionCode)) out.push(`- ${k} ${regionName.get(k) ?? ''}: ${n}`)
  out.push('', '## Indicators per campaign phase')
  for (const [k, n] of countBy(data.indicators, (i) => i.phaseId ?? '(no phase)')) out.push(`- ${k}: ${n}`)

  out.push('', '## Revisions of the metrics catalog (merges, splits, renames)')
  for (const change of ['merge', 'split', 'rename'] as const) {
    const revised = data.metrics.filter((m) => m.replaces?.change === change)
    out.push('', `### ${change === 'merge' ? 'Merges' : change === 'split' ? 'Splits' : 'Renames'} (${revised.length})`)
    for (const m of revised) out.push(`- ${m.replaces!.codes.join(', ')} → ${m.code}: ${m.replaces!.argument}`)
  }

  out.push('', `## Dropped indicators (${data.dropped.length})`)
  for (const d of data.dropped) out.push(`- ${d.id} (${d.documentId}): ${d.reason}`)

  out.push('', '## Metrics and their coverage')
  const coverage = new Map(metricCoverage(data).map((c) => [c.metricCode, c]))
  for (const m of data.metrics) {
    const c = coverage.get(m.code)!
    const dims = m.dimensions.map((d) => `${d.name}: ${d.values.join('|')}`).join('; ')
    const regions = c.regions.map((r) => `${r.regionCode} ${regionName.get(r.regionCode)?.split(' ')[0] ?? ''} (${r.count})`).join(', ')
    const docs = c.documents.map((d) => `${d.documentId} (${d.count})`).join(', ')
    out.push(`- ${m.code} [${m.unit}]${dims ? ` {${dims}}` : ''} ${m.name}: ${c.count} indicator${c.count === 1 ? '' : 's'}, ${c.firstDate}..${c.lastDate}; regions ${regions}; documents ${docs}`)
  }

  out.push('', '## Bases other than stated, with their notes')
  for (const [field, basisOf, noteOf] of [
    ['value', (i: LoadedIndicator) => i.valueBasis, (i: LoadedIndicator) => i.valueNote],
    ['date', (i: LoadedIndicator) => i.dateBasis, (i: LoadedIndicator) => i.dateNote],
    ['region', (i: LoadedIndicator) => i.regionBasis, (i: LoadedIndicator) => i.regionNote],
  ] as const) {
    const rows = data.indicators.filter((i) => basisOf(i) !== 'stated')
    out.push('', `### ${field}Basis (${rows.length}: ${countBy(rows, basisOf).map(([b, n]) => `${n} ${b}`).join(', ')})`)
    for (const i of rows) out.push(`- ${describe(i)}: ${basisOf(i)}: ${noteOf(i)}`)
  }

  out.push('', `## Inferred indicators (${inferred.length}): the curator reasoned a value, a date or a region`)
  for (const i of inferred) {
    const why = [
      i.valueBasis !== 'stated' ? `value ${i.valueBasis}: ${i.valueNote}` : null,
      i.dateBasis === 'inferred' ? `date inferred: ${i.dateNote}` : null,
      i.regionBasis === 'inferred' ? `region inferred: ${i.regionNote}` : null,
    ].filter(Boolean).join(' | ')
    out.push(`- ${describe(i)}: ${why}${i.note ? ` | note: ${i.note}` : ''}`)
  }

  out.push('', '## Other notes (readings, interpretations)')
  for (const d of data.documents) {
    if (d.note) out.push(`- document ${d.id}${d.inferred ? ' (inferred)' : ''}: ${d.note}`)
  }
  for (const i of data.indicators.filter((x) => x.note && !x.inferred)) out.push(`- indicator ${describe(i)}: ${i.note}`)
  for (const e of data.events.filter((x) => x.note)) out.push(`- event ${e.id}${e.inferred ? ' (inferred)' : ''}: ${e.note}`)
  for (const o of data.organs.filter((x) => x.note)) out.push(`- organ ${o.id}${o.inferred ? ' (inferred)' : ''}: ${o.note}`)
  // Labels of the dimension values used, for readers of the lists above.
  const used = new Set(data.indicators.flatMap((i) => Object.entries(i.dimensions).map(([d, v]) => `${d}=${v}`)))
  out.push('', '## Dimension values used')
  for (const key of [...used].sort()) {
    const [d, v] = key.split('=') as [string, string]
    out.push(`- ${key}: ${dimensionValue(d, v)?.label ?? ''}`)
  }
  return out.join('\n')
}
