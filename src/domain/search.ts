// Text for search, shared by the seed (which indexes) and the query layer (which searches): text
// with a map back to the raw text it was cut from, and the tokenizer both sides use.
//
// Chinese is indexed one character per token and searched as phrases, so that a query of one or
// two characters finds what a longer one would (SQLite's trigram tokenizer matches nothing under
// three characters). Traditional characters fold to Simplified with OpenCC, whole runs at a time so
// that its phrase tables apply; other letters are folded (NFKD, marks dropped, lower case) and
// stemmed with the Porter stemmer, so that "Educated" finds "education".
import * as OpenCC from 'opencc-js'
import { stemmer } from 'stemmer'

/**
 * A text and, for each of its UTF-16 code units, the offset of that unit in the raw text it was
 * cut from. Normalization here only ever deletes, so the map is increasing.
 */
export interface MappedText { text: string, offsets: number[] }

export function mapped (raw: string): MappedText {
  return { text: raw, offsets: Array.from({ length: raw.length }, (_, i) => i) }
}

/** Deletes the code units where `drop` is true. */
function keepWhere (m: MappedText, drop: Uint8Array): MappedText {
  let text = ''
  const offsets: number[] = []
  let run = -1
  for (let i = 0; i <= m.text.length; i++) {
    const keep = i < m.text.length && drop[i] === 0
    if (keep && run === -1) run = i
    if (!keep && run !== -1) {
      text += m.text.slice(run, i)
      for (let j = run; j < i; j++) offsets.push(m.offsets[j]!)
      run = -1
    }
  }
  return { text, offsets }
}

/** Deletes the spans [start, end) of the current text. */
export function deleteSpans (m: MappedText, spans: ReadonlyArray<{ start: number, end: number }>): MappedText {
  const drop = new Uint8Array(m.text.length)
  for (const s of spans) drop.fill(1, Math.max(0, s.start), Math.min(m.text.length, s.end))
  return keepWhere(m, drop)
}

/**
 * Deletes what a global regular expression matches; `keep` says how many code units of a match
 * to keep at its end (for `[ \t]+\n` → `\n`) or start (negative: `\n{3,}` → `\n\n`).
 */
export function deleteMatches (m: MappedText, re: RegExp, keep: (match: string) => { head?: number, tail?: number } = () => ({})): MappedText {
  const drop = new Uint8Array(m.text.length)
  for (const match of m.text.matchAll(re)) {
    const { head = 0, tail = 0 } = keep(match[0])
    drop.fill(1, match.index + head, match.index + match[0].length - tail)
  }
  return keepWhere(m, drop)
}

/** Deletes leading and trailing white space, as String.prototype.trim does. */
export function trimMapped (m: MappedText): MappedText {
  const start = m.text.length - m.text.trimStart().length
  const end = m.text.trimEnd().length
  if (start >= end) return { text: '', offsets: [] }
  return { text: m.text.slice(start, end), offsets: m.offsets.slice(start, end) }
}

/** The raw span of [start, end) of a mapped text: what to highlight in the raw text. */
export function rawSpan (m: Pick<MappedText, 'offsets'>, start: number, end: number): { start: number, end: number } {
  return { start: m.offsets[start]!, end: m.offsets[end - 1]! + 1 }
}

/**
 * The map as runs [textOffset, rawOffset]: each run continues until the next one starts. A
 * document of 30,000 characters with a few cuts is a few dozen runs.
 */
export function offsetRuns (offsets: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = []
  for (let i = 0; i < offsets.length; i++) {
    if (i === 0 || offsets[i] !== offsets[i - 1]! + 1) runs.push([i, offsets[i]!])
  }
  return runs
}

/** The inverse of offsetRuns, for a text of `length` code units. */
export function offsetsFromRuns (runs: ReadonlyArray<readonly [number, number]>, length: number): number[] {
  const out = new Array<number>(length)
  for (let r = 0; r < runs.length; r++) {
    const [from, raw] = runs[r]!
    const to = r + 1 < runs.length ? runs[r + 1]![0] : length
    for (let i = from; i < to; i++) out[i] = raw + (i - from)
  }
  return out
}

export interface Token {
  /** The folded form, as indexed and searched. */
  token: string
  /** UTF-16 offsets of the token in the text it was read from. */
  start: number
  end: number
  /** A character of a script written without spaces (Chinese, kana, Hangul): one token per character. */
  ideograph: boolean
}

const IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const WORD = /[\p{L}\p{N}\p{M}]/u
const MARKS = /\p{M}/gu

let toSimplified: ((s: string) => string) | undefined

/** Traditional → Simplified of a run of ideographs; by character where a phrase changes the length. */
function simplify (run: string): string[] {
  const convert = toSimplified ??= OpenCC.Converter({ from: 'tw', to: 'cn' })
  const chars = Array.from(run)
  const whole = Array.from(String(convert(run)))
  return whole.length === chars.length ? whole : chars.map((c) => String(convert(c)))
}

function foldWord (word: string): string {
  return word.normalize('NFKD').replace(MARKS, '').toLowerCase()
}

/**
 * The tokens of a text: each ideograph on its own (folded to Simplified), and words of letters
 * and digits folded and stemmed. A thousands separator between digits is part of the number
 * ("9,300" reads as 9300).
 */
export function tokenize (text: string): Token[] {
  const out: Token[] = []
  const units = [...text.matchAll(/[\s\S]/gu)]
  let i = 0
  while (i < units.length) {
    const ch = units[i]![0]
    const at = units[i]!.index
    if (IDEOGRAPH.test(ch)) {
      let j = i
      while (j < units.length && IDEOGRAPH.test(units[j]![0])) j++
      const run = units.slice(i, j)
      const folded = simplify(run.map((u) => u[0]).join(''))
      run.forEach((u, k) => out.push({ token: folded[k]!, start: u.index, end: u.index + u[0].length, ideograph: true }))
      i = j
      continue
    }
    if (WORD.test(ch)) {
      let j = i
      let word = ''
      while (j < units.length) {
        const c = units[j]![0]
        if (WORD.test(c) && !IDEOGRAPH.test(c)) {
          word += c
          j++
        } else if (c === ',' && /\d$/.test(word) && /^\d{3}(?!\d)/.test(units.slice(j + 1, j + 5).map((u) => u[0]).join(''))) {
          j++ // thousands separator
        } else {
          break
        }
      }
      const end = j < units.length ? units[j]!.index : text.length
      const folded = foldWord(word)
      // NFKD can turn one letter into a word and a mark into nothing: keep only what is left.
      const parts = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean)
      for (const p of parts) out.push({ token: /^\p{N}+$/u.test(p) ? p : stemmer(p), start: at, end, ideograph: false })
      i = j
      continue
    }
    i++
  }
  return out
}

/** Tokens as the text an FTS5 column indexes (unicode61 splits it back on the spaces). */
export function indexText (text: string): string {
  return tokenize(text).map((t) => t.token).join(' ')
}

/**
 * A query as the groups every match must contain: a run of ideographs is a phrase (its characters
 * adjacent, in order), a word is one token.
 */
export function queryGroups (q: string): string[][] {
  const groups: string[][] = []
  let run: Token[] = []
  const flush = (): void => {
    if (run.length > 0) groups.push(run.map((t) => t.token))
    run = []
  }
  for (const t of tokenize(q)) {
    if (t.ideograph && run.length > 0 && run[run.length - 1]!.end === t.start) {
      run.push(t)
      continue
    }
    flush()
    if (t.ideograph) run.push(t)
    else groups.push([t.token])
  }
  flush()
  return groups
}

/** Every place in `tokens` where the group stands (its tokens adjacent and in order), as token indexes. */
export function findGroup (tokens: readonly Token[], group: readonly string[]): number[] {
  const out: number[] = []
  for (let i = 0; i + group.length <= tokens.length; i++) {
    let ok = true
    for (let k = 0; k < group.length && ok; k++) ok = tokens[i + k]!.token === group[k]
    if (ok) out.push(i)
  }
  return out
}
