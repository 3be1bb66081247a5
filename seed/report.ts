// The data report: counts per document, metric category and region, and every note, so that a
// reviewer can audit the judgment calls in one place.
import type { Dataset } from './loader.js'

function countBy<T> (rows: T[], key: (r: T) => string): Array<[string, number]> {
  const m = new Map<string, number>()
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1)
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

export function formatReport (data: Dataset): string {
  const regionName = new Map(data.regions.map((r) => [r.code, `${r.name} ${r.nameZh}`]))
  const out: string[] = [`# Data report (dataset ${data.version})`, '']
  out.push(`documents ${data.documents.length}, indicators ${data.indicators.length}, events ${data.events.length}, organs ${data.organs.length}, metrics ${data.metrics.length}, citations ${data.citations.length}`, '')
  out.push('## Per document')
  for (const d of data.documents) {
    const n = (rows: Array<{ documentId: string }>): number => rows.filter((r) => r.documentId === d.id).length
    const cites = data.citations.filter((c) => c.documentId === d.id)
    out.push(`- ${d.id} (${d.fileName}, ${d.language}): ${n(data.indicators)} indicators, ${cites.filter((c) => c.subjectType === 'event').length} event citations, ${cites.filter((c) => c.subjectType === 'organ').length} organ citations`)
  }
  out.push('', '## Indicators per metric category')
  for (const [k, n] of countBy(data.indicators, (i) => i.category)) out.push(`- ${k}: ${n}`)
  out.push('', '## Indicators per region')
  for (const [k, n] of countBy(data.indicators, (i) => i.regionCode)) out.push(`- ${k} ${regionName.get(k) ?? ''}: ${n}`)
  out.push('', '## Metrics')
  for (const m of data.metrics) {
    out.push(`- ${m.code} [${m.unit}] ${m.name}: ${data.indicators.filter((i) => i.metricCode === m.code).length} indicators`)
  }
  out.push('', '## Notes (corrections, interpretations, inferences)')
  for (const d of data.documents) {
    if (d.note) out.push(`- document ${d.id}${d.inferred ? ' (inferred)' : ''}: ${d.note}`)
  }
  for (const i of data.indicators.filter((x) => x.note)) {
    out.push(`- indicator ${i.id} (${i.documentId}; ${i.metricCode} = ${i.value} "${i.valueText}", ${i.qualifier}, ${i.date}, ${i.regionCode}${i.inferred ? ', inferred' : ''}): ${i.note}`)
  }
  for (const e of data.events.filter((x) => x.note)) out.push(`- event ${e.id}${e.inferred ? ' (inferred)' : ''}: ${e.note}`)
  for (const o of data.organs.filter((x) => x.note)) out.push(`- organ ${o.id}${o.inferred ? ' (inferred)' : ''}: ${o.note}`)
  return out.join('\n')
}
