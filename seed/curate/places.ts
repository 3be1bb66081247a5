// Place names in a document, matched against the whole gazetteer in Chinese (full names, and short
// names of provinces and prefectures) and in English (pinyin names; a county only with its suffix,
// "Baoying County", since bare county names collide with words and personal names), and the region
// a figure gets from them: a place before it in its sentence, the place its paragraph is about, the
// place of the paragraphs before it, or the document's main region.
import type { Region } from '../gazetteer.js'
import type { Span } from '../text.js'
import type { RegionBasis } from '../../src/domain/index.js'
import { type TextView, isChinese } from './view.js'

export interface PlaceMention extends Span {
  /** The candidates the name may stand for, best first. */
  regions: Region[]
  name: string
}

interface NameKey { key: string, regions: Region[], chinese: boolean }

const ZH_PROVINCE_SUFFIX = /(?:壮族|回族|维吾尔)?(?:自治区|特别行政区)$|省$|市$/
const ZH_PREFECTURE_SUFFIX = /(?:(?:[\u3400-\u9fff]{1,4}?族)+)?自治州$|地区$|盟$|市$/
const EN_SUFFIX = / (?:Autonomous Prefecture|Prefecture|League)$/

// Words that may follow an English place name without making it part of another proper name.
const EN_FOLLOWERS = new Set([
  'province', 'provincial', 'city', 'municipal', 'municipality', 'prefecture', 'county', 'district',
  'public', 'intermediate', 'higher', 'high', 'people\'s', 'people’s', 'police', 'party', 'court', 'courts',
  'procuratorate', 'security', 'political', 'and', 'region', 'autonomous', 'government', 'committee',
])

let indexCache: { regions: Region[], keys: NameKey[] } | undefined

function nameIndex (regions: Region[]): NameKey[] {
  if (indexCache?.regions === regions) return indexCache.keys
  const byKey = new Map<string, NameKey>()
  const add = (key: string, r: Region, chinese: boolean): void => {
    if (key.length < 2) return
    const k = byKey.get(key) ?? { key, regions: [], chinese }
    if (!k.regions.includes(r)) k.regions.push(r)
    byKey.set(key, k)
  }
  for (const r of regions) {
    if (r.level === 'country') continue
    add(r.nameZh, r, true)
    if (r.level === 'province') add(r.nameZh.replace(ZH_PROVINCE_SUFFIX, ''), r, true)
    if (r.level === 'prefecture') add(r.nameZh.replace(ZH_PREFECTURE_SUFFIX, ''), r, true)
    if (r.level === 'county') add(r.name, r, false)
    else add(r.name.replace(EN_SUFFIX, ''), r, false)
  }
  const keys = [...byKey.values()].sort((a, b) => b.key.length - a.key.length)
  indexCache = { regions, keys }
  return keys
}

/** Spans inside quotation marks, which hold names and slogans ("Ping An Baoying"), not places. */
export function quotedSpans (text: string): Span[] {
  const out: Span[] = []
  for (const m of text.matchAll(/“[^”\n]*”|"[^"\n]*"|「[^」\n]*」|《[^》\n]*》/g)) out.push({ start: m.index, end: m.index + m[0].length })
  return out
}

const inside = (spans: Span[], s: Span): boolean => spans.some((q) => q.start <= s.start && s.end <= q.end)

// A place after one of these is where someone went, not what the figure is about.
const DESTINATION = /(?:\b(?:to|visit|visited|visiting|into|towards?|arrived in|went to)\s+(?:the\s+)?|[赴到去]|前往)$/i

export function findPlaces (view: TextView, regions: Region[], mainRegion: string | null): PlaceMention[] {
  const text = view.text
  const quoted = quotedSpans(text)
  const found: PlaceMention[] = []
  const taken = (s: Span): boolean => found.some((f) => f.start < s.end && s.start < f.end)
  for (const k of nameIndex(regions)) {
    for (let at = text.indexOf(k.key); at !== -1; at = text.indexOf(k.key, at + 1)) {
      const span = { start: at, end: at + k.key.length }
      if (taken(span) || inside(quoted, span) || view.chrome.some((c) => c.start <= at && at < c.end)) continue
      const before = text.slice(Math.max(0, at - 20), at)
      if (DESTINATION.test(before)) continue
      if (!k.chinese) {
        if (/[A-Za-z'’-]/.test(text[at - 1] ?? '') || /[A-Za-z'’-]/.test(text[span.end] ?? '')) continue
        // "Xi'an Feng Police Station", "Yangzhou Railway Station": part of a longer proper name.
        const next = /^\s+([A-Z][A-Za-z'’]*)/.exec(text.slice(span.end, span.end + 30))
        if (next && !EN_FOLLOWERS.has(next[1]!.toLowerCase()) && !regionsNamed(next[1]!, regions)) continue
      } else if (!isChinese(k.key)) continue
      found.push({ ...span, regions: k.regions, name: k.key })
    }
  }
  found.sort((a, b) => a.start - b.start)
  return disambiguate(found, mainRegion)
}

function regionsNamed (word: string, regions: Region[]): boolean {
  return nameIndex(regions).some((k) => !k.chinese && k.key === word)
}

const pathOf = (r: Region): string[] => r.path.split('/')

/**
 * Orders each mention's candidates: a region related to other places the document names (or to
 * its main region) first, so that "Xinzhou City" in a document about Shanxi is Xinzhou of Shanxi;
 * then provinces and prefectures before counties.
 */
function disambiguate (mentions: PlaceMention[], mainRegion: string | null): PlaceMention[] {
  const named = new Set<string>()
  for (const m of mentions) if (m.regions.length === 1) named.add(m.regions[0]!.code)
  if (mainRegion && mainRegion !== 'CN') named.add(mainRegion)
  const namedPaths = mentions.filter((m) => m.regions.length === 1).map((m) => pathOf(m.regions[0]!))
  const rank = (r: Region): number => {
    let score = 0
    const path = pathOf(r)
    for (const code of named) if (code !== r.code && path.includes(code)) score += 2
    for (const p of namedPaths) if (p[p.length - 1] !== r.code && p.includes(r.code)) score += 1
    if (r.level === 'province') score += 0.6
    if (r.level === 'prefecture') score += 0.4
    return score
  }
  return mentions.map((m) => ({ ...m, regions: [...m.regions].sort((a, b) => rank(b) - rank(a)) }))
}

/**
 * The region a document is about, from the places it names: the most specific region that at
 * least three in five mentions lie in (each mention counts for its region and all above it).
 */
export function mainRegionOf (places: PlaceMention[]): string | null {
  if (places.length === 0) return null
  const counts = new Map<string, { n: number, depth: number }>()
  for (const p of places) {
    const r = p.regions[0]!
    for (const code of pathOf(r)) {
      const c = counts.get(code) ?? { n: 0, depth: pathOf(r).indexOf(code) }
      c.n++
      counts.set(code, c)
    }
  }
  const fit = [...counts.entries()].filter(([, c]) => c.n >= 0.6 * places.length).sort((a, b) => b[1].depth - a[1].depth)
  return fit[0]?.[0] ?? 'CN'
}

export interface RegionProposal { code: string, basis: RegionBasis, note: string | null, why: string }

const PROVINCE_WORDS = /\b(?:the province|province[’']s|provincial|whole province)\b|全省|本省/i
const NATIONWIDE = /\b(?:nationwide|across the country|throughout the country|all over the country|the whole country|all provinces|all regions)\b|全国/i

function isHeading (view: TextView, p: Span): boolean {
  const body = view.text.slice(p.start, p.end)
  return body.length < 60 && !/[.。!?！？;；]$/.test(body)
}

export interface RegionContext {
  view: TextView
  places: PlaceMention[]
  regions: Map<string, Region>
  mainRegion: string | null
  mainRegionInferred: boolean
}

/**
 * The region of a figure at `at`: the nearest place before it in its sentence; else the first place
 * its paragraph names; else the place of the paragraphs before it (back to a heading or a paragraph
 * about the whole country); else the document's main region. "The province" lifts a city or
 * county to its province.
 */
export function proposeRegion (ctx: RegionContext, at: number, sentence: Span, paragraph: Span): RegionProposal {
  const { view, places } = ctx
  const best = (m: PlaceMention): Region => m.regions[0]!
  const sentenceText = view.text.slice(sentence.start, sentence.end)
  let pick: { region: Region, basis: RegionBasis, note: string | null, why: string } | null = null
  const before = places.filter((p) => p.start >= sentence.start && p.end <= at).pop()
  if (before) pick = { region: best(before), basis: 'stated', note: null, why: `"${before.name}" before it in the sentence` }
  if (!pick) {
    const inParagraph = places.find((p) => p.start >= paragraph.start && p.end <= paragraph.end)
    if (inParagraph) pick = { region: best(inParagraph), basis: 'stated', note: null, why: `"${inParagraph.name}" in the paragraph` }
  }
  if (!pick && !NATIONWIDE.test(sentenceText)) {
    const index = view.paragraphs.findIndex((p) => p.start === paragraph.start)
    for (let i = index - 1; i >= 0 && i >= index - 4; i--) {
      const p = view.paragraphs[i]!
      if (isHeading(view, p)) break
      if (NATIONWIDE.test(view.text.slice(p.start, p.end))) break
      const first = places.find((m) => m.start >= p.start && m.end <= p.end)
      if (first) {
        const quote = view.text.slice(p.start, Math.min(p.end, p.start + 60)).trim()
        pick = {
          region: best(first), basis: 'inferred', why: `"${first.name}" in a paragraph before`,
          note: `The paragraph names no place; read as that of the paragraph before it ("${quote}..."), which names ${first.name}.`,
        }
        break
      }
    }
  }
  // A place carried from before that is the document's own region needs no inference.
  if (pick && pick.basis === 'inferred' && ctx.mainRegion === pick.region.code && !ctx.mainRegionInferred) {
    pick = { ...pick, basis: 'stated', note: null, why: `${pick.why}, the document's region` }
  }
  if (!pick) {
    const main = ctx.mainRegion ? ctx.regions.get(ctx.mainRegion) : undefined
    if (main) {
      pick = ctx.mainRegionInferred
        ? { region: main, basis: 'inferred', note: 'The text names no place for it: the document\'s main region, which its metadata records as inferred (see the document\'s note).', why: 'the document\'s main region' }
        : { region: main, basis: 'stated', note: null, why: 'the document\'s main region' }
    }
  }
  if (!pick) {
    const cn = ctx.regions.get('CN')!
    return { code: cn.code, basis: 'inferred', note: 'The text names no place for it and the document has no main region: the whole country.', why: 'no place named' }
  }
  // "The province" in the sentence (outside quotation marks) speaks of the province of the place
  // found. "The city" does not lift: a county's report calls its county town "the city".
  let region = pick.region
  const lift = (level: 'province' | 'prefecture'): void => {
    const code = level === 'province' ? `${region.code.slice(0, 2)}0000` : `${region.code.slice(0, 4)}00`
    const up = ctx.regions.get(code)
    if (up && up.code !== region.code && region.level !== 'country') region = up
  }
  // Not for a place ranked "in the province": the rank is the place's own.
  const unquoted = sentenceText.replace(/“[^”]*”|"[^"]*"/g, ' ')
  const ranked = /\brank(?:s|ed|ing)?\b|\bplaced\b/i.test(unquoted)
  if (PROVINCE_WORDS.test(unquoted) && !ranked && region.level !== 'province' && region.level !== 'country') lift('province')
  return { code: region.code, basis: pick.basis, note: pick.note, why: pick.why }
}
