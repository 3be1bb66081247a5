// A view of a document's raw text for finding figures: the scraper's pinyin readings taken out,
// Traditional characters folded to Simplified and full-width forms to ASCII, one character for
// one, with a map back to the raw text so that every offset the draft writes refers to the raw text.
import { foldForSearch, pinyinReadingSpans } from '../../src/domain/index.js'
import type { Span } from '../text.js'

export interface TextView {
  raw: string
  /** The folded text the rules read. */
  text: string
  /** For each offset of `text`, its offset in `raw` (one more entry for the end). */
  toRaw: number[]
  /** Page chrome, in view offsets: not read for figures. */
  chrome: Span[]
  /** Paragraphs (non-empty lines), in view offsets. */
  paragraphs: Span[]
}

const folded = new Map<string, string>()

/** One character folded for matching, or itself when folding would change the length. */
function foldChar (ch: string): string {
  let f = folded.get(ch)
  if (f === undefined) {
    const nfkc = ch.normalize('NFKC')
    f = /[\u3400-\u9fff]/.test(ch) ? foldForSearch(ch) : nfkc
    if (f.length !== 1) f = nfkc.length === 1 ? nfkc : ch
    folded.set(ch, f)
  }
  return f
}

export function buildView (raw: string, opts: { stripPinyin: boolean, chrome: Span[] }): TextView {
  const skip = opts.stripPinyin ? pinyinReadingSpans(raw) : []
  let text = ''
  const toRaw: number[] = []
  let k = 0
  for (let i = 0; i < raw.length; i++) {
    while (k < skip.length && skip[k]!.end <= i) k++
    if (k < skip.length && skip[k]!.start <= i && i < skip[k]!.end) continue
    text += foldChar(raw[i]!)
    toRaw.push(i)
  }
  toRaw.push(raw.length)
  const fromRaw = (r: number): number => {
    let lo = 0
    let hi = toRaw.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (toRaw[mid]! < r) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const chrome = opts.chrome.map((c) => ({ start: fromRaw(c.start), end: fromRaw(c.end) }))
  const paragraphs: Span[] = []
  for (const m of text.matchAll(/[^\n]+/g)) {
    const lead = m[0].length - m[0].trimStart().length
    const body = m[0].trim()
    if (body.length > 0) paragraphs.push({ start: m.index + lead, end: m.index + lead + body.length })
  }
  return { raw, text, toRaw, chrome, paragraphs }
}

/** The raw span of a view span: from the raw offset of its first character to just after its last. */
export function rawSpan (view: TextView, s: Span): Span {
  if (s.end <= s.start) return { start: view.toRaw[s.start]!, end: view.toRaw[s.start]! }
  return { start: view.toRaw[s.start]!, end: view.toRaw[s.end - 1]! + 1 }
}

export function inChrome (view: TextView, at: number): boolean {
  return view.chrome.some((c) => c.start <= at && at < c.end)
}

export const isChinese = (s: string): boolean => /[\u3400-\u9fff]/.test(s)

// Sentence ends: a full stop, question or exclamation mark (Chinese or English, not a decimal
// point), with any closing quotes after it.
const SENTENCE_END = /[。！？!?]["”’」』)）]*|\.(?!\d)["”’」』)）]*(?=\s|$|[\u3400-\u9fff“"])/g

/** The sentences of a paragraph, in view offsets. */
export function sentences (view: TextView, paragraph: Span): Span[] {
  const body = view.text.slice(paragraph.start, paragraph.end)
  const out: Span[] = []
  let at = 0
  for (const m of body.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length
    pushTrimmed(out, body, at, end, paragraph.start)
    at = end
  }
  pushTrimmed(out, body, at, body.length, paragraph.start)
  return out
}

// Clause breaks: commas (not inside a number), semicolons, colons, the Chinese enumeration comma,
// and dashes that open a list item.
const CLAUSE_BREAK = /(?<!\d),|,(?!\d)|[;；:：，、]|——/g

/** The clauses of a sentence, in view offsets. */
export function clauses (view: TextView, sentence: Span): Span[] {
  const body = view.text.slice(sentence.start, sentence.end)
  const out: Span[] = []
  let at = 0
  for (const m of body.matchAll(CLAUSE_BREAK)) {
    pushTrimmed(out, body, at, m.index, sentence.start)
    at = m.index + m[0].length
  }
  pushTrimmed(out, body, at, body.length, sentence.start)
  return out
}

function pushTrimmed (out: Span[], body: string, from: number, to: number, base: number): void {
  let s = from
  let e = to
  while (s < e && /[\s.。]/.test(body[s]!)) s++
  while (e > s && /\s/.test(body[e - 1]!)) e--
  if (e > s) out.push({ start: base + s, end: base + e })
}

/** The span among `spans` that contains offset `at`. */
export function containing (spans: Span[], at: number): Span | undefined {
  return spans.find((s) => s.start <= at && at < s.end)
}
