// How the explorer writes numbers, units, qualifiers and dates of reduced precision for people.

const QUALIFIER_WORDS: Record<string, string> = {
  exact: '', more_than: 'more than', at_least: 'at least', nearly: 'nearly', approximately: 'about',
}

const UNIT_WORDS: Record<string, [string, string]> = {
  person_times: ['person-time', 'person-times'],
  persons: ['person', 'persons'],
  percent: ['%', '%'],
  percentage_points: ['percentage point', 'percentage points'],
  yuan: ['yuan', 'yuan'],
  rank: ['', ''],
  people: ['person', 'people'],
}

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })

export function formatNumber (n: number): string {
  return numberFormat.format(n)
}

export function qualifierWords (qualifier: string): string {
  return QUALIFIER_WORDS[qualifier] ?? qualifier.replace(/_/g, ' ')
}

export function unitWords (unit: string, n = 2): string {
  const known = UNIT_WORDS[unit]
  if (known) return n === 1 ? known[0] : known[1]
  const words = unit.replace(/_/g, ' ')
  return n === 1 ? words.replace(/s$/, '') : words
}

/** "more than 9,300 sessions", "98.2%", "No. 3". */
export function formatValue (value: number, unit: string, qualifier = 'exact'): string {
  const q = qualifierWords(qualifier)
  if (unit === 'rank') return `${q ? `${q} ` : ''}No. ${formatNumber(value)}`
  const u = unitWords(unit, value)
  const body = unit === 'percent' ? `${formatNumber(value)}%` : `${formatNumber(value)}${u ? ` ${u}` : ''}`
  return q ? `${q} ${body}` : body
}

/** A figure's qualifier for a sum of figures: a lower bound when any part is one. */
export function sumQualifier (qualifiers: string[]): string {
  if (qualifiers.some((q) => q === 'more_than')) return 'more_than'
  if (qualifiers.some((q) => q === 'at_least')) return 'at_least'
  if (qualifiers.length > 0 && qualifiers.every((q) => q === 'nearly')) return 'nearly'
  if (qualifiers.some((q) => q === 'approximately' || q === 'nearly')) return 'approximately'
  return 'exact'
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** "2021", "July 2021", "26 July 2021": as precise as the date is. */
export function formatDate (date: string | null | undefined): string {
  if (!date) return 'undated'
  const [y, m, d] = date.split('-')
  if (!m) return y!
  const month = MONTHS[Number(m) - 1] ?? m
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`
}

/** "February–26 July 2021", or one date when the period has no start. */
export function formatPeriod (start: string | null | undefined, end: string | null | undefined): string {
  if (!start) return formatDate(end)
  if (!end || start === end) return formatDate(start)
  return `${formatDate(start)} – ${formatDate(end)}`
}

/** The first and last day a date of reduced precision stands for, as Date objects (UTC). */
export function dateRange (date: string): [Date, Date] {
  const [y, m, d] = date.split('-').map(Number) as [number, number | undefined, number | undefined]
  if (m === undefined) return [new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y, 11, 31))]
  if (d === undefined) return [new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 0))]
  return [new Date(Date.UTC(y, m - 1, d)), new Date(Date.UTC(y, m - 1, d))]
}

export function label (code: string): string {
  const s = code.replace(/_/g, ' ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** The words of a basis for people: "stated in the text", "from the document's framing", ... */
export function basisWords (basis: string): string {
  return ({
    stated: 'stated in the text', context: 'from the document\'s framing', inferred: 'inferred by the curator',
    corrected: 'corrected by the curator', derived: 'derived from stated figures',
  } as Record<string, string>)[basis] ?? basis
}

export const LEVEL_WORDS: Record<string, string> = { country: 'country', province: 'provinces', prefecture: 'prefectures', county: 'counties' }
