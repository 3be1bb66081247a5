// Mounts a chart drawn by charts.ts (loaded on first use) at the width of its frame, draws it again
// when the frame's width changes, and follows its links inside the explorer.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'

type Charts = typeof import('./charts')
let charts: Promise<Charts> | undefined
export const loadCharts = (): Promise<Charts> => (charts ??= import('./charts'))

/** The target of the SVG link an element is in (Plot writes it as xlink:href). */
function svgHref (el: Element): string | null {
  const link = el.closest?.('a')
  return link instanceof SVGAElement ? link.href.baseVal : null
}

export function ChartFrame ({ draw, deps, label, className = 'chart' }: {
  draw: (c: Charts, width: number) => Promise<Element> | Element
  deps: unknown[]
  label: string
  className?: string
}) {
  const frame = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  const [failed, setFailed] = useState<string | null>(null)
  const { route } = useLocation()

  useEffect(() => {
    const el = frame.current!
    const measure = (): void => setWidth(Math.floor(el.clientWidth / 8) * 8)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    if (width === 0) return
    let live = true
    loadCharts().then((c) => draw(c, width)).then((svg) => {
      if (!live) return
      frame.current!.replaceChildren(svg)
      frame.current!.dataset.drawn = 'true'
      if (performance.getEntriesByName('cf:chart-drawn').length === 0) performance.mark('cf:chart-drawn')
    }, (err: Error) => setFailed(err.message))
    return () => { live = false }
  }, [width, ...deps])

  // Plot's links are SVG <a> elements, which the router does not see: follow them here.
  const onClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    const href = svgHref(e.target as Element)
    if (href?.startsWith('/')) {
      e.preventDefault()
      route(href)
    }
  }
  const onKeyDown = (e: KeyboardEvent): void => {
    const href = svgHref(e.target as Element)
    if (e.key === 'Enter' && href?.startsWith('/')) {
      e.preventDefault()
      route(href)
    }
  }
  return (
    <figure class={className} aria-label={label}>
      <div ref={frame} class="chart-frame" onClick={onClick} onKeyDown={onKeyDown} />
      {failed && <p class="error" role="alert">The chart could not be drawn: {failed}</p>}
    </figure>
  )
}
