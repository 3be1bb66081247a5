// The coverage report: every number in a document's text that no indicator cites and that the
// document's ignore list (or its page chrome) does not explain. A number that an indicator pending
// review cites (drafts loaded) is counted apart: explained for now, not yet cited.
import { findNumberTokens } from './numbers.js'
import type { Dataset } from './loader.js'
import type { Span } from './text.js'

export interface UncoveredNumber { text: string, start: number, end: number, context: string }

export interface DocumentCoverage {
  documentId: string
  fileName: string
  numbers: number
  cited: number
  pending: number
  ignored: number
  chrome: number
  unexplained: UncoveredNumber[]
  ignoreEntries: Array<{ quote: string, reason: string, count: number }>
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end

export function coverage (data: Dataset): DocumentCoverage[] {
  return data.documents.map((doc) => {
    const text = doc.rawText
    const cited = data.indicators.filter((i) => i.documentId === doc.id).map((i) => ({ start: i.valueStart, end: i.valueEnd }))
    const pending = data.pending.filter((i) => i.documentId === doc.id).map((i) => ({ start: i.valueStart, end: i.valueEnd }))
    const ignores = data.ignores.filter((i) => i.documentId === doc.id)
    const result: DocumentCoverage = {
      documentId: doc.id, fileName: doc.fileName, numbers: 0, cited: 0, pending: 0, ignored: 0, chrome: 0,
      unexplained: [], ignoreEntries: ignores.map((i) => ({ quote: i.quote, reason: i.reason, count: 0 })),
    }
    for (const token of findNumberTokens(text)) {
      result.numbers++
      if (cited.some((s) => overlaps(s, token))) {
        result.cited++
        continue
      }
      if (pending.some((s) => overlaps(s, token))) {
        result.pending++
        continue
      }
      const ignore = ignores.findIndex((i) => i.spans.some((s) => overlaps(s, token)))
      if (ignore !== -1) {
        result.ignored++
        result.ignoreEntries[ignore]!.count++
        continue
      }
      if (doc.chrome.some((c) => overlaps(c, token))) {
        result.chrome++
        continue
      }
      const from = Math.max(0, token.start - 40)
      const to = Math.min(text.length, token.end + 40)
      result.unexplained.push({ ...token, context: text.slice(from, to).replace(/\s+/g, ' ') })
    }
    return result
  })
}

export function formatCoverage (report: DocumentCoverage[]): string {
  const lines: string[] = []
  for (const d of report) {
    lines.push(`# ${d.documentId} (${d.fileName})`)
    lines.push(`numbers: ${d.numbers}, cited by indicators: ${d.cited}${d.pending > 0 ? `, cited by indicators pending review: ${d.pending}` : ''}, explained by ignore entries: ${d.ignored}, in page chrome: ${d.chrome}, unexplained: ${d.unexplained.length}`)
    for (const u of d.unexplained) lines.push(`  UNEXPLAINED ${JSON.stringify(u.text)} at ${u.start}: …${u.context}…`)
    if (d.ignoreEntries.length > 0) lines.push('ignore entries:')
    for (const i of d.ignoreEntries) lines.push(`  ${JSON.stringify(i.quote)} (${i.count} number${i.count === 1 ? '' : 's'}): ${i.reason}`)
    lines.push('')
  }
  const total = report.reduce((n, d) => n + d.unexplained.length, 0)
  lines.push(`unexplained numbers in all documents: ${total}`)
  return lines.join('\n')
}
