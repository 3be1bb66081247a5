// The explorer's charts, drawn with Observable Plot as SVG: every bar, map region and event is a
// link (keyboard-reachable, with an aria-label that states its figure). Loaded on demand, so that a
// view's text is on screen before its chart.
import * as Plot from '@observablehq/plot'
import { dateRange } from './format'

export interface Bar {
  label: string
  value: number
  /** How the bar's figure reads: "more than 9,300 sessions". */
  text: string
  href: string
  /** The bar's figure is a lower bound, an approximation, or summed from parts. */
  note?: string
}

const INK = '#1d2733'
const ACCENT = '#2f6690'

/** Horizontal bars, largest first, each labelled with its figure as stated. */
export function barChart (bars: Bar[], options: { width: number, unitLabel: string }): SVGSVGElement | HTMLElement {
  const longest = Math.max(...bars.map((b) => b.label.length), 4)
  const marginLeft = Math.min(Math.max(longest * 7 + 12, 60), options.width * 0.4)
  const rows = [...bars].sort((a, b) => b.value - a.value)
  const textWidth = Math.max(...rows.map((b) => b.text.length)) * 6.5
  return Plot.plot({
    width: options.width,
    height: 40 + rows.length * 34,
    marginLeft,
    marginRight: Math.min(textWidth + 12, options.width * 0.35),
    style: { fontSize: '13px', background: 'transparent', color: 'currentColor' },
    x: { grid: true, label: options.unitLabel, nice: true, ticks: Math.max(2, Math.floor(options.width / 110)) },
    y: { label: null, domain: rows.map((b) => b.label) },
    marks: [
      Plot.barX(rows, {
        x: 'value', y: 'label', fill: ACCENT, href: 'href', ariaLabel: (b: Bar) => `${b.label}: ${b.text}`,
        title: (b: Bar) => `${b.label}: ${b.text}${b.note ? ` (${b.note})` : ''}`,
      }),
      Plot.text(rows, { x: 'value', y: 'label', text: 'text', textAnchor: 'start', dx: 4, fill: INK }),
      Plot.ruleX([0]),
    ],
  })
}

export interface MapRegion { code: string, name: string, value: number, text: string, href: string }

/** China's provinces, shaded by value where there is one; the others drawn in grey. */
export async function provinceMap (regions: MapRegion[], options: { width: number, unitLabel: string }): Promise<SVGSVGElement | HTMLElement> {
  const { provinces } = await import('./china-map')
  const byCode = new Map(regions.map((r) => [r.code, r]))
  const shaded = provinces.features.filter((f) => byCode.has(f.id))
  const width = Math.min(options.width, 560)
  return Plot.plot({
    width,
    height: Math.round(width * 0.78),
    projection: { type: 'conic-equal-area', parallels: [25, 47], rotate: [-105, 0], domain: provinces },
    color: { type: 'linear', scheme: 'blues', legend: true, label: options.unitLabel, zero: true, ticks: 4 },
    style: { background: 'transparent', color: 'currentColor', fontSize: '12px' },
    marks: [
      Plot.geo(provinces, { fill: '#e4e7eb', stroke: '#ffffff', strokeWidth: 0.6, title: (f: { properties: { name: string } }) => `${f.properties.name}: no comparable figure` }),
      Plot.geo(shaded, {
        fill: (f: { id: string }) => byCode.get(f.id)!.value,
        stroke: INK, strokeWidth: 0.8,
        href: (f: { id: string }) => byCode.get(f.id)!.href,
        ariaLabel: (f: { id: string }) => `${byCode.get(f.id)!.name}: ${byCode.get(f.id)!.text}`,
        title: (f: { id: string }) => `${byCode.get(f.id)!.name}: ${byCode.get(f.id)!.text}`,
      }),
    ],
  })
}

export interface TimelineEvent { id: string, title: string, lane: string, start: string, end: string | null, href: string }

/** Events on a time axis, one lane per kind; an event dated to a month spans the month. */
export function timeline (events: TimelineEvent[], options: { width: number, lanes: string[] }): SVGSVGElement | HTMLElement {
  // Pack each lane into rows so that no two events of a row overlap.
  const placed = events.map((e) => {
    const [s] = dateRange(e.start)
    const [, t] = dateRange(e.end ?? e.start)
    return { ...e, x1: s, x2: new Date(Math.max(t.getTime() + 86_400_000, s.getTime() + 4 * 86_400_000)), row: 0 }
  }).sort((a, b) => a.x1.getTime() - b.x1.getTime() || b.x2.getTime() - a.x2.getTime())
  const ends = new Map<string, number[]>()
  for (const e of placed) {
    const rows = ends.get(e.lane) ?? []
    let row = rows.findIndex((end) => end <= e.x1.getTime())
    if (row === -1) row = rows.length
    rows[row] = e.x2.getTime()
    ends.set(e.lane, rows)
    e.row = row
  }
  const rowsOf = (lane: string): number => ends.get(lane)?.length ?? 1
  const lanes = options.lanes.filter((l) => ends.has(l))
  const narrow = options.width < 560
  return Plot.plot({
    width: options.width,
    height: 40 + lanes.reduce((n, l) => n + rowsOf(l) * 16 + (narrow ? 30 : 18), 0),
    marginTop: narrow ? 28 : 20,
    marginLeft: narrow ? 8 : 120,
    marginRight: 16,
    style: { background: 'transparent', color: 'currentColor', fontSize: '12px' },
    x: { type: 'utc', label: null, grid: true },
    fy: { domain: lanes, label: null, axis: narrow ? null : 'left', padding: narrow ? 0.4 : 0.15 },
    y: { axis: null, padding: 0.25 },
    facet: { data: placed, y: 'lane' },
    marks: [
      Plot.barX(placed, {
        x1: 'x1', x2: 'x2', y: 'row', fy: 'lane', fill: 'lane', href: 'href', rx: 2,
        ariaLabel: (e: TimelineEvent) => `${e.lane}: ${e.title}`, title: 'title',
      }),
      ...(narrow ? [Plot.text(lanes, { fy: (d: string) => d, text: (d: string) => d, frameAnchor: 'top-left', lineAnchor: 'bottom', dy: -4, fill: INK, fontWeight: 600 })] : []),
    ],
    color: { domain: options.lanes, range: ['#1f4e79', '#b0413e', '#6b8e23', '#c77c02', '#6a5acd'] },
  })
}
