// Parses numbers as the documents write them, in English ("2.07 million", "95.65%") and
// Chinese ("5700余", "4.5万", "3.2亿", "三万五千", "百分之九十五"), into a normalized value and the
// qualifier the text implies. Chinese numerals are read by chinese-parseint2.
import { chinese_parseInt as chineseParseInt } from 'chinese-parseint2'

export type Qualifier = 'exact' | 'more_than' | 'at_least' | 'nearly' | 'approximately'

export interface ParsedNumber {
  value: number
  /** The qualifier the number's own text implies (余/多 → more_than, 近 → nearly), else null. */
  impliedQualifier: Qualifier | null
}

const ENGLISH_SCALES: Record<string, number> = {
  hundred: 1e2,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
}

const CHINESE_SCALES: Record<string, number> = {
  十: 10,
  百: 100,
  千: 1000,
  万: 1e4,
  萬: 1e4,
  亿: 1e8,
  億: 1e8,
}

const ENGLISH_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  sixty: 60, seventy: 70, eighty: 80, ninety: 90,
}

// Ordinals, for ranks ("ranks eighth in the country").
const ENGLISH_ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15,
  sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20,
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
}

// Units and counters that may trail a number without changing it.
const TRAILING_COUNTERS = /(?:人次|场次|場次|人|名|场|場|次|项|項|件|起|个|個|条|條|家|所|天|日|元|户|戶|台|臺|期|篇|份|批|支|处|處|类|類|年|月|point|points|yuan|days?|persons?|people|times?)$/i

/** Round away binary noise so 2.07 * 1e6 is 2070000, not 2069999.9999999998. */
function tidy (n: number): number {
  return Number(n.toPrecision(12))
}

function parseDigits (s: string): number | null {
  // "26,700" and "955,700" use thousands separators; a lone comma followed by other than
  // three digits is not a number we accept.
  if (!/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$/.test(s)) return null
  return Number(s.replace(/,/g, ''))
}

/** The Chinese numeral characters, digits and scales, in Simplified and Traditional forms. */
export const CHINESE_NUMERAL_CHARS = '零〇一二两兩三四五六七八九十百千万萬亿億'

function parseChineseNumeral (s: string): number | null {
  if (!new RegExp(`^[${CHINESE_NUMERAL_CHARS}]+$`).test(s)) return null
  // A run of digits without scales ("一二三") is not a numeral the documents write.
  if (s.length > 1 && [...s].every((ch) => ch in CHINESE_DIGITS)) return null
  // Reduplicated scales ("千千万万", thousands upon thousands) are an idiom, not a number.
  if (/([十百千万萬亿億])\1/.test(s)) return null
  const n = chineseParseInt(s)
  // chinese-parseint2 reads a scale with nothing to multiply ("万", "百") as 0.
  if (n === 0 && !/^[零〇]$/.test(s)) return null
  return Number.isFinite(n) ? n : null
}

function parseEnglishWords (s: string): number | null {
  // Trimmed, with single spaces: an empty part comes only from a hyphen at either end ("twenty-"),
  // which is refused.
  const parts = s.toLowerCase().split(/[\s-]+/)
  let total = 0
  let current = 0
  for (const part of parts) {
    if (part in ENGLISH_WORDS) current += ENGLISH_WORDS[part]!
    else if (part in ENGLISH_ORDINALS && parts.length === 1) current += ENGLISH_ORDINALS[part]!
    else if (part === 'hundred') current = (current || 1) * 100
    else if (part in ENGLISH_SCALES) {
      total += (current || 1) * ENGLISH_SCALES[part]!
      current = 0
    } else if (part === 'and') continue
    else return null
  }
  return total + current
}

/**
 * Parses one number as written. Returns null when the text is not a number this parser
 * understands, so that callers can report it rather than guess.
 */
export function parseNumber (input: string): ParsedNumber | null {
  let s = input.trim().replace(/\s+/g, ' ')
  let impliedQualifier: Qualifier | null = null

  // (Whitespace is collapsed to single spaces above.)
  const english = /^(more than|over|nearly|almost|about|around|approximately|at least|close to) /i.exec(s)
  if (english) {
    const word = english[1]!.toLowerCase()
    impliedQualifier = word === 'more than' || word === 'over'
      ? 'more_than'
      : word === 'at least' ? 'at_least' : word === 'nearly' || word === 'almost' || word === 'close to' ? 'nearly' : 'approximately'
    s = s.slice(english[0].length)
  }
  const chinese = /^(?:将近|將近|近|将|將|约|約|大约|大約|超过|超過|逾|超)/.exec(s)
  if (chinese) {
    const word = chinese[0]
    // Stryker disable next-line Regex: each word with 超 or 逾 has it first
    impliedQualifier = /^(?:超|逾)/.test(word) ? 'more_than' : /约|約/.test(word) ? 'approximately' : 'nearly'
    s = s.slice(word.length)
  }
  // 百分之九十五 is 95 percent.
  const percentOf = /^百分之(.+)/.exec(s)
  if (percentOf) s = percentOf[1]!
  // 左右 (about) and 以上 (and more) may stand after the counter: "100人左右", "100人以上".
  // Stryker disable Regex: with 左右 or 以上 elsewhere than at the end, what is left after cutting two characters is no number either way
  if (/左右$/.test(s)) {
    impliedQualifier = 'approximately'
    s = s.slice(0, -2)
  } else if (/以上$/.test(s)) {
    impliedQualifier = 'more_than'
    s = s.slice(0, -2)
  }
  // Stryker restore Regex

  // Strip counters and units that follow the number ("133597人", "98.2%").
  // A percentage keeps its number: "98.2%" is 98.2 in a metric whose unit is percent.
  for (let guard = 0; guard < 3; guard++) {
    const before = s
    s = s.replace(TRAILING_COUNTERS, '').trim().replace(/\s*(?:%|％|percent)$/i, '')
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a pass that changed nothing leaves the next ones nothing to change
    if (s === before) break
  }

  // 余/多/以上 after the number (or before a scale) marks a lower bound.
  const more = /(?:余|餘|多|以上|\+)$/
  if (more.test(s)) {
    impliedQualifier = 'more_than'
    s = s.replace(more, '')
  }

  let scale = 1
  const englishScale = /\s*(hundred|thousand|million|billion)$/i.exec(s)
  if (englishScale) {
    scale = ENGLISH_SCALES[englishScale[1]!.toLowerCase()]!
    s = s.slice(0, englishScale.index)
  } else {
    const chineseScale = /([万萬亿億])$/.exec(s)
    if (chineseScale) {
      scale = CHINESE_SCALES[chineseScale[1]!]!
      s = s.slice(0, -1)
      if (more.test(s)) {
        impliedQualifier = 'more_than'
        s = s.replace(more, '')
      }
    }
  }

  s = s.trim()
  const base = parseDigits(s) ?? parseChineseNumeral(s) ?? parseEnglishWords(s)
  if (base === null || !Number.isFinite(base)) return null
  const value = tidy(base * scale)
  return { value, impliedQualifier }
}

/** Every run of Arabic digits in a text (with its offsets), as the coverage report counts them. */
export function findNumberTokens (text: string): Array<{ text: string, start: number, end: number }> {
  const out: Array<{ text: string, start: number, end: number }> = []
  const re = /\d+(?:[.,]\d+)*/g
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length })
  }
  return out
}
