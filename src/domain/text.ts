// Text normalization shared by the seed and the API: folding text for search (Traditional →
// Simplified, lower case) and stripping the pinyin readings a scraper put into a document.
import * as OpenCC from 'opencc-js'

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
