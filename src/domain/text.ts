// Text normalization shared by the seed and the API: folding text for search (Traditional →
// Simplified, lower case) and stripping the pinyin readings a scraper put into a document.
import * as OpenCC from 'opencc-js'
import { deleteMatches, deleteSpans, mapped, trimMapped, type MappedText } from './search.js'

let toSimplified: ((s: string) => string) | undefined

/** Lower-cased, Traditional-to-Simplified fold used on both the stored search text and `q`. */
export function foldForSearch (s: string): string {
  const convert = toSimplified ??= OpenCC.Converter({ from: 'tw', to: 'cn' })
  return convert(s.normalize('NFKC')).toLowerCase()
}

/** Pinyin readings the scraper put after characters: "活動(dòng)". Letters with tone marks only. */
const PINYIN_READING = /(?<=[\u3400-\u9fff])\((?=[^)]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)/g

export function stripPinyinReadings (s: string): string {
  return s.replace(PINYIN_READING, '')
}

/** Where the scraper's pinyin readings stand in a text, so that a tool can map offsets around them. */
export function pinyinReadingSpans (s: string): Array<{ start: number, end: number }> {
  return [...s.matchAll(PINYIN_READING)].map((m) => ({ start: m.index, end: m.index + m[0].length }))
}

/**
 * A document's normalized text (page chrome cut, scraper pinyin dropped if asked, blank lines
 * squeezed, trimmed) with the raw offset of each of its code units, so that what is found in the
 * normalized text can be shown in the raw text that every offset refers to.
 */
export function normalizeDocument (raw: string, chrome: ReadonlyArray<{ start: number, end: number }>, stripPinyin: boolean): MappedText {
  let m = deleteSpans(mapped(raw), chrome)
  if (stripPinyin) m = deleteMatches(m, PINYIN_READING)
  m = deleteMatches(m, /[ \t\u3000]+\n/g, () => ({ tail: 1 }))
  m = deleteMatches(m, /\n{3,}/g, () => ({ head: 2 }))
  return trimMapped(m)
}

/** A quote of a document whose pinyin readings are dropped, mapped to the quote's raw text. */
export function normalizeQuote (quote: string, stripPinyin: boolean): MappedText {
  return stripPinyin ? deleteMatches(mapped(quote), PINYIN_READING) : mapped(quote)
}
