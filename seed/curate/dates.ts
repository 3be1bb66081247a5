// Dates as the documents write them ("As of July 26", "On August 17, 2021", "2021年8月", "In May
// of this year", "at present"), found in the folded view with their offsets, and the date a figure
// gets from them: the nearest stated date before it, an "as of" phrase, the document's date for
// "at present", or the document's framing.
import type { Span } from '../text.js'
import type { DateBasis } from '../../src/domain/index.js'
import type { TextView } from './view.js'

export interface DateMention extends Span {
  year: number | null
  month: number | null
  day: number | null
  /** The words before it: "as of" marks the figure's date, "since"/"from" the start of its period. */
  role: 'as_of' | 'since' | 'at'
  /** "of this year", 今年: the year is the document's own. */
  thisYear: boolean
  /** Whether the mention has Arabic digits (and so belongs on the ignore list). */
  digits: boolean
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const MONTH_RE = '(January|February|March|April|May|June|July|August|September|October|November|December)'

const monthOf = (name: string): number => MONTHS.indexOf(name.toLowerCase()) + 1

const AS_OF = /(?:as of|as at|by the end of|up to|until|截至|截止|到)\s*(?:the\s+)?(?:end of\s+)?$/i
const SINCE = /(?:since|from|starting from|beginning in|自|从|從)\s*(?:the\s+)?(?:beginning of|start of|end of|middle of)?\s*$/i

export function findDates (view: TextView): DateMention[] {
  const text = view.text
  const out: DateMention[] = []
  const add = (start: number, end: number, year: number | null, month: number | null, day: number | null, digits: boolean): void => {
    if (out.some((d) => d.start < end && start < d.end)) return
    // A month alone is matched with its preposition, which says its role too.
    const lead = /^(?:in|since|from|by|until|of|during|before|after|to)\s+/i.exec(text.slice(start, end))?.[0] ?? ''
    const before = text.slice(Math.max(0, start - 30), start) + lead
    const after = text.slice(end, end + 20)
    const thisYear = /^\s*(?:of\s+)?this year/i.test(after) || /今年\s*$/.test(before)
    const role = AS_OF.test(before) ? 'as_of' : SINCE.test(before) || /^\s*(?:以来|起)/.test(after) ? 'since' : 'at'
    out.push({ start, end, year, month, day, role, thisYear, digits })
  }
  const scan = (re: RegExp, f: (m: RegExpMatchArray) => [number | null, number | null, number | null, boolean]): void => {
    for (const m of text.matchAll(re)) {
      const [y, mo, d, digits] = f(m)
      add(m.index!, m.index! + m[0].length, y, mo, d, digits)
    }
  }
  scan(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => [Number(m[1]), Number(m[2]), Number(m[3]), true])
  scan(/(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?)?/g, (m) => [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null, true])
  scan(/(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g, (m) => [null, Number(m[1]), Number(m[2]), true])
  scan(new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'gi'), (m) => [m[3] ? Number(m[3]) : null, monthOf(m[1]!), Number(m[2]), true])
  scan(new RegExp(`\\b${MONTH_RE}\\s+(\\d{4})\\b`, 'gi'), (m) => [Number(m[2]), monthOf(m[1]!), null, true])
  // A month alone, after a preposition ("In May of this year", "in late April", "at the end of December").
  scan(new RegExp(`\\b(?:in|since|from|by|until|of|during|before|after|to)\\s+(?:the\\s+)?(?:(?:early|mid|late|end of|middle of|beginning of|start of)[\\s-]+)?${MONTH_RE}\\b`, 'gi'), (m) => [null, monthOf(m[1]!), null, false])
  scan(/(?<![\d.,])(\d{1,2})\s*月(?:份|上旬|中旬|下旬|初|底|末)?/g, (m) => [null, Number(m[1]), null, true])
  // A year: after a preposition or in a year phrase, never a count ("1955场次", "held 1027 reports").
  scan(/(?<=\b(?:in|since|of|from|to|until|by|during|before|after|year|the|end of|early|mid|late)\s+)(19[5-9]\d|20[0-4]\d)(?![\d]|[.,]\d|\s*(?:%|percent|yuan)|\s+(?:people|persons|police|officers|cases|items|sessions)\b)/gi, (m) => [Number(m[1]), null, null, true])
  return out.sort((a, b) => a.start - b.start)
}

/** A figure's reference date, as a reduced ISO date with its basis and a note. */
export interface DateProposal {
  date: string
  basis: DateBasis
  note: string | null
  periodStart: string | null
}

export interface DocumentDates {
  /** The year the document sums up, when its title says so ("... in 2021"). */
  framingYear: number | null
  /** The document's publication date (reduced ISO), when its metadata gives one. */
  publishedAt: string | null
  /** The latest year the text mentions. */
  latestYear: number | null
}

const pad = (n: number): string => String(n).padStart(2, '0')

function iso (year: number, month: number | null, day: number | null): string {
  return month === null ? String(year) : day === null ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`
}

export function documentDates (view: TextView, dates: DateMention[], publishedAt: string | null): DocumentDates {
  const title = view.paragraphs.find((p) => !view.chrome.some((c) => c.start <= p.start && p.start < c.end))
  let framingYear: number | null = null
  if (title) {
    const m = /(?:\bin\s+|^|[^\d])((?:19|20)\d{2})(?:\s*年)?/.exec(view.text.slice(title.start, title.end))
    if (m) framingYear = Number(m[1])
  }
  const years = dates.filter((d) => d.year !== null && !view.chrome.some((c) => c.start <= d.start && d.start < c.end)).map((d) => d.year!)
  return { framingYear, publishedAt, latestYear: years.length > 0 ? Math.max(...years) : null }
}

/** The year a mention without one takes, and why. */
function yearFor (doc: DocumentDates): { year: number, why: string } | null {
  if (doc.framingYear !== null) return { year: doc.framingYear, why: `the year the document sums up (${doc.framingYear})` }
  if (doc.publishedAt !== null) return { year: Number(doc.publishedAt.slice(0, 4)), why: `the year of the document (${doc.publishedAt.slice(0, 4)})` }
  if (doc.latestYear !== null) return { year: doc.latestYear, why: `the latest year the text names (${doc.latestYear})` }
  return null
}

function resolve (d: DateMention, doc: DocumentDates): { date: string, basis: DateBasis, why: string | null } | null {
  if (d.year !== null) return { date: iso(d.year, d.month, d.day), basis: 'stated', why: null }
  if (d.thisYear && doc.publishedAt !== null) {
    const year = Number(doc.publishedAt.slice(0, 4))
    return { date: iso(year, d.month, d.day), basis: 'context', why: `"this year" is the year of the document (${year})` }
  }
  const y = yearFor(doc)
  if (!y) return null
  return { date: iso(y.year, d.month, d.day), basis: 'context', why: `the year is not written: ${y.why}` }
}

const AT_PRESENT = /\b(?:at present|currently|so far|to date|up to now|at the moment)\b|目前|当前|截至目前|迄今/i

/**
 * The date a figure at `at` gets: a date stated in its sentence before it (or an "as of" anywhere
 * in the sentence), "at present" (the document's date), a date stated earlier in its paragraph,
 * and otherwise the document's framing.
 */
export function proposeDate (view: TextView, dates: DateMention[], doc: DocumentDates, at: number, sentence: Span, paragraph: Span): DateProposal {
  const quoteOf = (d: DateMention): string => view.text.slice(d.start, d.end).replace(/^(?:in|since|from|by|until|of|during|before|after|to)\s+/i, '')
  const inSentence = dates.filter((d) => d.start >= sentence.start && d.end <= sentence.end)
  const before = (ds: DateMention[]): DateMention[] => ds.filter((d) => d.end <= at)
  const since = inSentence.find((d) => d.role === 'since')
  const periodStart = since ? resolve(since, doc)?.date ?? null : null
  const pick = inSentence.find((d) => d.role === 'as_of') ??
    before(inSentence).filter((d) => d.role !== 'since').pop()
  if (pick) {
    const r = resolve(pick, doc)
    if (r) return { date: r.date, basis: r.basis, note: r.why && `From "${quoteOf(pick)}" before the figure; ${r.why}.`, periodStart }
  }
  const sentenceText = view.text.slice(sentence.start, sentence.end)
  const paragraphBefore = view.text.slice(paragraph.start, at)
  if ((AT_PRESENT.test(sentenceText) || AT_PRESENT.test(paragraphBefore)) && doc.publishedAt !== null) {
    // In a summary of a year published after it, "at present" is the end of that year.
    if (doc.framingYear !== null && Number(doc.publishedAt.slice(0, 4)) > doc.framingYear) {
      return { date: String(doc.framingYear), basis: 'context', note: `"At present" in a summary of ${doc.framingYear} published later: the year it sums up.`, periodStart }
    }
    return { date: doc.publishedAt, basis: 'context', note: `"At present" in a document of ${doc.publishedAt}: the document's date.`, periodStart }
  }
  const inParagraph = before(dates.filter((d) => d.start >= paragraph.start && d.end <= paragraph.end && d.role !== 'since')).pop()
  if (inParagraph) {
    const r = resolve(inParagraph, doc)
    if (r) {
      return {
        date: r.date, basis: r.basis === 'stated' ? 'context' : r.basis,
        note: `Not dated in its sentence: the date stated earlier in the paragraph, "${quoteOf(inParagraph)}"${r.why ? `; ${r.why}` : ''}.`,
        periodStart,
      }
    }
  }
  if (doc.framingYear !== null) {
    return { date: String(doc.framingYear), basis: 'context', note: `Not dated: the year the document sums up (${doc.framingYear}).`, periodStart }
  }
  if (doc.publishedAt !== null) {
    return { date: doc.publishedAt, basis: 'context', note: `Not dated: recorded at the document's date, ${doc.publishedAt}, as reported.`, periodStart }
  }
  const year = doc.latestYear ?? new Date().getUTCFullYear()
  return { date: String(year), basis: 'inferred', note: `The text dates neither the figure nor itself: ${doc.latestYear !== null ? 'the latest year it names' : 'this year'}; give the real date.`, periodStart }
}
