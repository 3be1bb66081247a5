// Type-ahead over the metrics: their names, codes, categories and descriptions as the catalog
// gives them, and, through the API's text filter, the quotes of their figures (English, or Chinese
// in either script: 英模, 機制). A combobox in the ARIA pattern: arrows move, Enter opens.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { apiUrl, getAll, getJson, type Indicator, type Metric } from '../api'
import { label } from '../format'
import { metricPath } from '../ui'

let allMetrics: Promise<Metric[]> | undefined
export const metrics = (): Promise<Metric[]> => (allMetrics ??= getAll<Metric>('/v1/metrics'))

interface Option { metric: Metric, why: string }

const fold = (s: string): string => s.normalize('NFKC').toLowerCase()

export function matchMetrics (list: Metric[], query: string): Option[] {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return []
  const out: Option[] = []
  for (const m of list) {
    const fields: Array<[string, string]> = [['name', m.name], ['code', m.code], ['category', `${m.category} ${label(m.category)}`], ['description', m.description]]
    const hit = fields.find(([, text]) => words.every((w) => fold(text).includes(w)))
      ?? (words.every((w) => fields.some(([, text]) => fold(text).includes(w))) ? ['name', ''] as [string, string] : undefined)
    if (hit) out.push({ metric: m, why: hit[0] === 'name' ? '' : `in its ${hit[0]}` })
  }
  const rank = (o: Option): number => (o.why === '' ? 0 : o.why.includes('code') ? 1 : o.why.includes('category') ? 2 : 3)
  return out.sort((a, b) => rank(a) - rank(b) || b.metric.indicatorCount - a.metric.indicatorCount)
}

export function MetricPicker ({ autoFocus = false }: { autoFocus?: boolean }) {
  const { route } = useLocation()
  const [list, setList] = useState<Metric[]>([])
  const [query, setQuery] = useState('')
  const [fromQuotes, setFromQuotes] = useState<Option[]>([])
  const [active, setActive] = useState(0)
  const [open, setOpen] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  // The catalog is fetched when the picker is first used, not with the view around it.
  const [wanted, setWanted] = useState(autoFocus)
  useEffect(() => { if (wanted) metrics().then(setList, () => setList([])) }, [wanted])

  // Quotes of figures, searched by the API (Chinese folds Traditional and Simplified there).
  useEffect(() => {
    const q = query.trim()
    if (q.length < 1 || list.length === 0) { setFromQuotes([]); return }
    const timer = setTimeout(() => {
      getJson<{ data: Indicator[] }>(apiUrl('/v1/indicators', { q, limit: 100 })).then((r) => {
        const seen = new Set<string>()
        const found: Option[] = []
        for (const i of r.data) {
          if (seen.has(i.metric.code)) continue
          seen.add(i.metric.code)
          const m = list.find((x) => x.code === i.metric.code)
          if (m) found.push({ metric: m, why: `a figure's quote: “${i.source.quote.length > 40 ? `${i.source.quote.slice(0, 40)}…` : i.source.quote}”` })
        }
        setFromQuotes(found)
      }, () => setFromQuotes([]))
    }, 150)
    return () => clearTimeout(timer)
  }, [query, list])

  const options = useMemo(() => {
    const local = matchMetrics(list, query)
    const codes = new Set(local.map((o) => o.metric.code))
    return [...local, ...fromQuotes.filter((o) => !codes.has(o.metric.code))].slice(0, 12)
  }, [list, query, fromQuotes])
  useEffect(() => setActive(0), [options.length, query])

  const choose = (o: Option | undefined): void => {
    if (!o) return
    setOpen(false)
    route(metricPath(o.metric.code))
  }
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, options.length - 1)) }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)) }
    else if (e.key === 'Enter') { e.preventDefault(); choose(options[active]) }
    else if (e.key === 'Escape') setOpen(false)
  }
  const expanded = open && query.trim() !== '' && options.length > 0
  return (
    <div class="picker">
      <label for="metric-picker">Find a metric: a name, a code, a category, or words of its figures (English or 中文)</label>
      <input id="metric-picker" ref={input} type="text" role="combobox" aria-autocomplete="list" aria-expanded={expanded}
        aria-controls="metric-options" aria-activedescendant={expanded ? `metric-option-${active}` : undefined}
        value={query} placeholder="warning education, heroes.*, 英模…" autocomplete="off" autoFocus={autoFocus}
        onInput={(e) => { setQuery((e.target as HTMLInputElement).value); setOpen(true); setWanted(true) }}
        onKeyDown={onKeyDown} onFocus={() => { setOpen(true); setWanted(true) }} onBlur={() => setTimeout(() => setOpen(false), 150)} />
      {expanded && (
        <ul id="metric-options" role="listbox" class="options" aria-label="Metrics">
          {options.map((o, i) => (
            <li key={o.metric.code} id={`metric-option-${i}`} role="option" aria-selected={i === active}
              onMouseDown={(e) => { e.preventDefault(); choose(o) }} onMouseEnter={() => setActive(i)}>
              <span class="option-name">{o.metric.name}</span>
              <code class="option-code">{o.metric.code}</code>
              <span class="muted">{label(o.metric.category)} · {o.metric.indicatorCount} figure{o.metric.indicatorCount === 1 ? '' : 's'}{o.why ? ` · ${o.why}` : ''}</span>
            </li>
          ))}
        </ul>
      )}
      {open && query.trim() !== '' && options.length === 0 && <p class="muted" role="status">No metric matches “{query}”.</p>}
    </div>
  )
}
