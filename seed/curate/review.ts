// `curate review`: walks the entries of a facts file that are pending review (the document's
// metadata first, then the indicators, then the ignore candidates) and lets the curator accept,
// edit or reject each one in the terminal. The file is rewritten after every decision, comments
// and all, so that stopping half-way loses nothing. An accepted indicator is checked as the loader
// checks it; one whose metric the catalog lacks adds the metric to the catalog first.
import { readFileSync, writeFileSync, readdirSync, existsSync, appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument, parse, isMap, isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml'
import { expand, input, select } from '@inquirer/prompts'
import type { Context } from '@inquirer/type'
import { checkValue, loadSeedUnchecked, formatSeedError } from '../loader.js'
import { coverage, formatCoverage } from '../coverage.js'
import { parseNumber } from '../numbers.js'
import { locate } from '../text.js'
import { QUALIFIERS, UNITS, CATEGORY_CODES, dimension, type ValueBasis } from '../../src/domain/index.js'
import type { IndicatorEntry } from '../format.js'
import { readMetricCatalog } from './metrics.js'
import { regions } from './draft.js'

export interface ReviewOptions {
  seedDir: string
  migrationsDir: string
  factsFile: string
  /** Streams for the prompts (the terminal by default). */
  context?: Context
  /** Where the walk writes what it shows (standard output by default). */
  print?: (line: string) => void
}

export interface ReviewSummary { accepted: number, edited: number, rejected: number, pending: number, problems: number }

type Decision = 'accept' | 'edit' | 'reject' | 'skip' | 'quit'

const CHOICES = [
  { key: 'a' as const, name: 'accept', value: 'accept' as Decision },
  { key: 'e' as const, name: 'edit', value: 'edit' as Decision },
  { key: 'r' as const, name: 'reject', value: 'reject' as Decision },
  { key: 's' as const, name: 'skip (leave pending)', value: 'skip' as Decision },
  { key: 'q' as const, name: 'save and quit', value: 'quit' as Decision },
]

const isPending = (node: unknown): node is YAMLMap<string, unknown> => isMap(node) && node.get('review') === 'pending'

export async function reviewFile (opts: ReviewOptions): Promise<ReviewSummary> {
  const print = opts.print ?? ((line: string) => { console.log(line) })
  const ctx = opts.context
  const summary: ReviewSummary = { accepted: 0, edited: 0, rejected: 0, pending: 0, problems: 0 }
  const doc = parseDocument(readFileSync(opts.factsFile, 'utf8'))
  const save = (): void => writeFileSync(opts.factsFile, doc.toString({ lineWidth: 110, minContentWidth: 40 }))
  const documentId = String(doc.get('document'))
  const meta = findMetadata(opts.seedDir, documentId)
  if (!meta) throw new Error(`document '${documentId}' has no metadata file in ${join(opts.seedDir, 'documents')}`)
  const raw = readFileSync(join(opts.seedDir, 'documents', meta.fileName), 'utf8')
  let quit = false

  // ---- the document's metadata ----
  const metaDoc = parseDocument(readFileSync(meta.path, 'utf8'))
  if (isPending(metaDoc.contents)) {
    const m = metaDoc.contents as unknown as YAMLMap<string, unknown>
    print(`\n# document ${documentId} (${meta.fileName}): metadata pending review`)
    for (const key of ['title', 'titleOriginal', 'language', 'publishedAt', 'region', 'provenance']) {
      if (m.has(key)) print(`  ${key}: ${String(m.get(key))}`)
    }
    const choice = await expand({ message: 'Metadata', choices: CHOICES.filter((c) => c.value !== 'reject'), default: 'a' }, ctx)
    if (choice === 'quit') quit = true
    if (choice === 'edit') {
      for (const key of ['title', 'provenance', 'publishedAt', 'region']) {
        const value = await input({ message: key, default: m.has(key) ? String(m.get(key)) : '' }, ctx)
        if (value.trim() === '') m.delete(key)
        else m.set(key, key === 'region' ? resolveRegion(value) : value.trim())
      }
    }
    if (choice === 'accept' || choice === 'edit') {
      m.delete('review')
      metaDoc.commentBefore = null
      writeFileSync(meta.path, metaDoc.toString({ lineWidth: 110 }))
      summary[choice === 'accept' ? 'accepted' : 'edited']++
    }
  }

  // ---- indicators ----
  const indicators = doc.get('indicators', true)
  const pendingIndicators = isSeq(indicators) ? (indicators as YAMLSeq).items.filter(isPending) : []
  let n = 0
  for (const item of pendingIndicators) {
    n++
    if (quit) break
    for (;;) {
      show(print, raw, item, n, pendingIndicators.length)
      const choice = await expand({ message: 'Indicator', choices: CHOICES, default: 'a' }, ctx)
      if (choice === 'quit') {
        quit = true
        break
      }
      if (choice === 'skip') break
      if (choice === 'reject') {
        const reason = await input({ message: 'Why is it not a figure? (for the ignore list)', default: 'not a figure' }, ctx)
        reject(doc, item, reason)
        summary.rejected++
        save()
        break
      }
      if (choice === 'edit') {
        await edit(item, ctx)
        summary.edited++
        save()
        continue
      }
      const problem = await settle(opts.seedDir, raw, item, ctx, print)
      if (problem) {
        print(`  cannot accept: ${problem}`)
        continue
      }
      item.delete('review')
      item.delete('confidence')
      item.delete('reasons')
      summary.accepted++
      save()
      break
    }
  }

  // ---- ignore candidates ----
  const ignores = doc.get('ignore', true)
  const pendingIgnores = isSeq(ignores) ? (ignores as YAMLSeq).items.filter(isPending) : []
  n = 0
  for (const item of pendingIgnores) {
    n++
    if (quit) break
    const quote = String(item.get('quote'))
    const at = raw.indexOf(quote)
    print(`\n[ignore ${n}/${pendingIgnores.length}] ${JSON.stringify(quote)}${item.get('all') ? ' (every occurrence)' : ''}: ${String(item.get('reason'))}`)
    if (at !== -1) print(`  …${context(raw, at, at + quote.length)}…`)
    const choice = await expand({ message: 'Ignore entry', choices: CHOICES, default: 'a' }, ctx)
    if (choice === 'quit') {
      quit = true
      break
    }
    if (choice === 'skip') continue
    if (choice === 'reject') {
      const seq = ignores as YAMLSeq
      seq.items.splice(seq.items.indexOf(item), 1)
      summary.rejected++
    } else {
      if (choice === 'edit') item.set('reason', await input({ message: 'reason', default: String(item.get('reason')) }, ctx))
      item.delete('review')
      summary[choice === 'edit' ? 'edited' : 'accepted']++
    }
    save()
  }
  if ([...(isSeq(indicators) ? (indicators as YAMLSeq).items : []), ...(isSeq(ignores) ? (ignores as YAMLSeq).items : [])].every((i) => !isPending(i))) {
    doc.commentBefore = null
  }
  save()

  // ---- what the loader says now ----
  summary.pending = countPending(doc)
  const { dataset, errors } = loadSeedUnchecked({ seedDir: opts.seedDir, migrationsDir: opts.migrationsDir, allowDrafts: true })
  const own = errors.filter((e) => e.file.endsWith(`/${documentId}.yaml`) || e.file.endsWith(meta.path.split('/').pop()!))
  summary.problems = own.length
  print(`\nreview: ${summary.accepted} accepted, ${summary.edited} edited, ${summary.rejected} rejected, ${summary.pending} still pending`)
  print(`problems in ${documentId}'s files: ${own.length}`)
  for (const e of own) print(`  ${formatSeedError(e)}`)
  print(formatCoverage(coverage(dataset).filter((d) => d.documentId === documentId)))
  return summary
}

function countPending (doc: Document): number {
  let count = 0
  for (const key of ['indicators', 'ignore']) {
    const seq = doc.get(key, true)
    if (isSeq(seq)) count += (seq as YAMLSeq).items.filter(isPending).length
  }
  return count
}

function findMetadata (seedDir: string, documentId: string): { path: string, fileName: string } | null {
  const dir = join(seedDir, 'documents')
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    const meta = parse(readFileSync(join(dir, name), 'utf8')) as { id?: string, fileName?: string } | null
    if (meta?.id === documentId && meta.fileName) return { path: join(dir, name), fileName: meta.fileName }
  }
  return null
}

function context (raw: string, start: number, end: number): string {
  const from = Math.max(0, raw.lastIndexOf('\n', start - 1) + 1, start - 160)
  const lineEnd = raw.indexOf('\n', end)
  const to = Math.min(lineEnd === -1 ? raw.length : lineEnd, end + 160)
  return `${raw.slice(from, start)}[[${raw.slice(start, end)}]]${raw.slice(end, to)}`.replace(/\s+/g, ' ').trim()
}

function show (print: (line: string) => void, raw: string, item: YAMLMap<string, unknown>, n: number, total: number): void {
  const e = item.toJSON() as Record<string, unknown>
  print(`\n[${n}/${total}] ${String(e.id)}  (confidence ${String(e.confidence ?? '-')})`)
  const span = locate(raw, { quote: String(e.quote), anchor: e.anchor as string | undefined, occurrence: e.occurrence as number | undefined })
  if (typeof span !== 'string') {
    const at = span.start + String(e.quote).indexOf(String(e.valueText))
    print(`  …${context(raw, at, at + String(e.valueText).length)}…`)
  } else print(`  quote problem: ${span}`)
  print(`  quote: ${JSON.stringify(e.quote)}${e.occurrence ? ` (occurrence ${String(e.occurrence)})` : ''}`)
  print(`  value ${String(e.value)} (${JSON.stringify(e.valueText)}) ${String(e.qualifier)} · unit ${String(e.unit)} · region ${String(e.region)} · date ${String(e.date)}${e.periodStart ? ` from ${String(e.periodStart)}` : ''} · metric ${String(e.metric)}${e.dimensions ? ` ${JSON.stringify(e.dimensions)}` : ''}`)
  for (const key of ['valueNote', 'dateNote', 'regionNote']) if (e[key]) print(`  ${key}: ${String(e[key])}`)
  if (e.reasons) print(`  why: ${String(e.reasons)}`)
}

/** Edits the fields one by one, each with its current value as the default. */
async function edit (item: YAMLMap<string, unknown>, ctx: Context | undefined): Promise<void> {
  const get = (k: string): string => (item.has(k) ? String(item.get(k)) : '')
  const setOrDelete = (k: string, v: string): void => {
    if (v.trim() === '') item.delete(k)
    else item.set(k, v.trim())
  }
  setOrDelete('quote', await input({ message: 'quote (verbatim)', default: get('quote') }, ctx))
  const occurrence = await input({ message: 'occurrence (empty if the quote is unique)', default: get('occurrence') }, ctx)
  if (/^\d+$/.test(occurrence.trim())) item.set('occurrence', Number(occurrence))
  else item.delete('occurrence')
  setOrDelete('valueText', await input({ message: 'valueText (as written, inside the quote)', default: get('valueText') }, ctx))
  const parsed = parseNumber(get('valueText'))
  const value = await input({ message: 'value', default: item.get('valueBasis') === 'corrected' || !parsed ? get('value') : String(parsed.value) }, ctx)
  if (value.trim() !== '' && Number.isFinite(Number(value))) item.set('value', Number(value))
  item.set('qualifier', await select({ message: 'qualifier', choices: QUALIFIERS.map((q) => ({ value: q })), default: parsed?.impliedQualifier ?? get('qualifier') }, ctx))
  item.set('unit', await select({ message: 'unit', choices: UNITS.map((u) => ({ value: u })), default: get('unit') }, ctx))
  setOrDelete('metric', await input({ message: 'metric code', default: get('metric') }, ctx))
  setOrDelete('date', await input({ message: 'date (YYYY, YYYY-MM or YYYY-MM-DD)', default: get('date') }, ctx))
  setOrDelete('periodStart', await input({ message: 'periodStart (empty for none)', default: get('periodStart') }, ctx))
  const region = await input({ message: 'region (code or place name)', default: get('region') }, ctx)
  if (region.trim() !== '') item.set('region', resolveRegion(region))
  for (const [basis, note, values] of [['valueBasis', 'valueNote', ['stated', 'corrected', 'derived']], ['dateBasis', 'dateNote', ['stated', 'context', 'inferred']], ['regionBasis', 'regionNote', ['stated', 'inferred']]] as const) {
    const b = await select({ message: basis, choices: values.map((v) => ({ value: v })), default: get(basis) || 'stated' }, ctx)
    if (b === 'stated') {
      item.delete(basis)
      item.delete(note)
    } else {
      item.set(basis, b)
      setOrDelete(note, await input({ message: `${note} (why)`, default: get(note) }, ctx))
    }
  }
  setOrDelete('note', await input({ message: 'note (empty for none)', default: get('note') }, ctx))
}

/** A region code for what the curator typed: a code, or a place name in Chinese or English. */
function resolveRegion (typed: string): string {
  const t = typed.trim()
  const all = regions()
  if (all.some((r) => r.code === t)) return t
  const lower = t.toLowerCase()
  const found = all.find((r) => r.nameZh === t || r.nameZhHant === t || r.name.toLowerCase() === lower) ??
    all.find((r) => r.nameZh.startsWith(t) || r.name.toLowerCase().startsWith(lower))
  return found?.code ?? t
}

/**
 * Makes an indicator ready to leave review: its metric in the catalog (added there when the
 * curator confirms a new one), a value for each dimension the metric declares, and the checks
 * of the loader on its quote and number. Returns the problem that stops it, or null.
 */
async function settle (seedDir: string, raw: string, item: YAMLMap<string, unknown>, ctx: Context | undefined, print: (line: string) => void): Promise<string | null> {
  const e = item.toJSON() as IndicatorEntry
  const catalog = readMetricCatalog(seedDir)
  let metric = catalog.find((m) => m.code === e.metric)
  if (!metric) {
    const category = e.metric.split('.')[0]!
    if (!CATEGORY_CODES.includes(category) || e.metric.split('.').length !== 3) return `metric '${e.metric}' is not a code category.subject.measure of a known category`
    print(`  metric ${e.metric} is not in the catalog: it will be added to catalog/metrics/${category}.yaml`)
    const name = await input({ message: 'metric name', default: e.metric.split('.').slice(1).join(' ').replace(/_/g, ' ') }, ctx)
    const description = await input({ message: 'metric description (one sentence)', default: `Number of ${name}.` }, ctx)
    const entry = `- code: ${e.metric}\n  name: ${JSON.stringify(name)}\n  unit: ${e.unit ?? 'items'}\n  description: ${JSON.stringify(description)}\n`
    const file = join(seedDir, 'catalog', 'metrics', `${category}.yaml`)
    appendFileSync(file, `${existsSync(file) && !readFileSync(file, 'utf8').endsWith('\n') ? '\n' : ''}${entry}`)
    metric = { code: e.metric, name, unit: e.unit ?? 'items', description, dimensions: {} }
  }
  if (e.unit !== undefined && e.unit !== metric.unit) return `unit '${e.unit}' is not the unit of metric ${metric.code}, '${metric.unit}': edit one of them`
  // The dimensions the metric declares, and no other (an edited metric may declare none).
  const dims: Record<string, string> = Object.fromEntries(Object.entries(e.dimensions ?? {}).filter(([k]) => k in metric.dimensions))
  for (const [name, allowed] of Object.entries(metric.dimensions)) {
    if (dims[name] !== undefined && allowed.includes(dims[name])) continue
    dims[name] = await select({ message: `${dimension(name)?.label ?? name}`, choices: allowed.map((v) => ({ value: v, name: `${v}: ${dimension(name)?.values.find((x) => x.value === v)?.label ?? ''}` })) }, ctx)
  }
  if (Object.keys(dims).length > 0) item.set('dimensions', dims)
  else item.delete('dimensions')
  const span = locate(raw, e)
  if (typeof span === 'string') return span
  if (!e.quote.includes(e.valueText)) return `valueText ${JSON.stringify(e.valueText)} is not in the quote`
  const problem = checkValue({ ...e, dimensions: dims }, (e.valueBasis ?? 'stated') as ValueBasis)
  if (problem) return problem
  for (const [basis, note] of [['valueBasis', 'valueNote'], ['dateBasis', 'dateNote'], ['regionBasis', 'regionNote']] as const) {
    const b = (e as Record<string, unknown>)[basis]
    if (b !== undefined && b !== 'stated' && !(e as Record<string, unknown>)[note]) return `${basis} ${String(b)} needs a ${note}`
  }
  return null
}

/** Takes an indicator out; a number with digits goes on the ignore list with the curator's reason. */
function reject (doc: Document, item: YAMLMap<string, unknown>, reason: string): void {
  const seq = doc.get('indicators', true) as YAMLSeq
  seq.items.splice(seq.items.indexOf(item), 1)
  const quote = String(item.get('quote'))
  if (!/\d/.test(String(item.get('valueText')))) return
  let ignores = doc.get('ignore', true)
  if (!isSeq(ignores)) {
    doc.set('ignore', doc.createNode([]))
    ignores = doc.get('ignore', true)
  }
  const entry: Record<string, unknown> = { quote }
  if (item.has('occurrence')) entry.occurrence = item.get('occurrence')
  entry.reason = reason
  ;(ignores as YAMLSeq).items.push(doc.createNode(entry))
}
