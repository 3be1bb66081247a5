// Every figure in a document's text: Arabic numerals ("26,700", "2.07 million", "98.2%", "5700余",
// "1.2万"), English number words ("six", "one million", "eighth" as a rank) and Chinese numerals
// ("九大", "一千余", "百分之九十五"), each with its value (read by seed/numbers.ts), the qualifier its
// markers give (余, 多, 近, 约, 以上, more than, nearly, over, about) and, for what is not a figure
// (a date, an ordinal, a section number, a slogan such as 三个代表), the reason it is not.
import { parseNumber, CHINESE_NUMERAL_CHARS, type Qualifier } from '../numbers.js'
import type { Span } from '../text.js'
import type { DateMention } from './dates.js'
import { quotedSpans } from './places.js'
import { type TextView, inChrome } from './view.js'

export interface Figure extends Span {
  /** Where the words that give the qualifier begin ("more than 9,300"): a quote must start there. */
  leadStart: number
  value: number
  qualifier: Qualifier
  percent: boolean
  script: 'arabic' | 'english' | 'chinese'
  /** Set when the written number is garbled and `value` is a reading of it. */
  garbled: string | null
  /** A rank ("ranks eighth in the country"). */
  rank: boolean
  /** A length of time written as a compound ("four-month"). */
  duration: 'days' | 'months' | 'years' | 'hours' | null
  /** Inside quotation marks: a name or a figure? */
  quoted: boolean
}

export interface NonFigure extends Span {
  /** Why it is not a figure. */
  reason: string
  /** The text to quote on the ignore list (a date, a name, the ordinal with its noun). */
  quote: Span
  /** Whether it has Arabic digits, so that the coverage report counts it. */
  digits: boolean
}

const ENGLISH_QUALIFIER = /\b(more than|over|exceeding|nearly|almost|close to|about|around|approximately|some|at least)\s+$/i

function englishQualifier (word: string): Qualifier {
  const w = word.toLowerCase()
  if (w === 'more than' || w === 'over' || w === 'exceeding') return 'more_than'
  if (w === 'nearly' || w === 'almost' || w === 'close to') return 'nearly'
  if (w === 'at least') return 'at_least'
  return 'approximately'
}

// Slogans and names that contain a number (the glossary's four forms, six persistent maladies, ...):
// names of things, not counts.
const ENGLISH_SLOGANS = /^(?:two\s+(?:maintenances?|safeguards?|upholds?|establishments?|firsts?|first)|three\s+(?:represents|regulations|no|links|stricts?|barriers|and three)|four\s+(?:consciousness(?:es)?|confidences?|forms|tasks|comprehensives?)|five\s+(?:good|goods|-one)|six\s+(?:persistent|major persistent|stubborn))\b/i
const CHINESE_SLOGANS = ['两个维护', '两个确立', '两个率先', '两个一百年', '三个代表', '三个规定', '三会一课', '四个意识', '四个自信', '四个全面', '四种形态', '四大任务', '五位一体', '六大顽瘴痼疾', '八项规定', '三无', '五好']

const WORD_CARDINALS = 'zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety'
const WORD_ORDINALS = 'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth'
const SCALES = 'hundred|thousand|million|billion'
const WORD_NUMBER = new RegExp(`\\b(?:(?:${WORD_CARDINALS})(?:[\\s-]+(?:and[\\s-]+)?(?:${WORD_CARDINALS}|${SCALES}))*|${WORD_ORDINALS})\\b`, 'gi')

const RANK_BEFORE = /\b(?:ranks?|ranked|ranking|placed|came|rated)\s+(?:the\s+)?$/i
const RANK_AFTER = /^\s+(?:in|among)\s+(?:the\s+)?(?:country|nation|province|city|central region|region|whole country|[A-Za-z]+ region)\b/i

const CHINESE_COUNTER_AFTER = /^(?:余|多)?(?:人次|场次|个月|小时|万元|亿元|[人名位场期次项件起宗类种条篇份张册户台套元天年批支处辆个家所座大])/

export interface FoundFigures { figures: Figure[], nonFigures: NonFigure[] }

export function findFigures (view: TextView, dates: DateMention[]): FoundFigures {
  const text = view.text
  const figures: Figure[] = []
  const nonFigures: NonFigure[] = []
  const quoted = quotedSpans(text)
  const quoteAt = (at: number): Span | undefined => quoted.find((q) => q.start < at && at < q.end)
  const skip = (at: number): boolean => inChrome(view, at)
  const non = (start: number, end: number, reason: string, quote: Span = { start, end }, digits = true): void => {
    nonFigures.push({ start, end, reason, quote, digits })
  }

  // ---- Arabic numerals ----
  for (const m of text.matchAll(/\d+(?:[.,]\d+)*/g)) {
    const numStart = m.index
    const numEnd = numStart + m[0].length
    if (skip(numStart)) continue
    const date = dates.find((d) => d.digits && d.start <= numStart && numEnd <= d.end)
    if (date) {
      non(numStart, numEnd, date.year !== null && date.month === null ? 'the year, a date' : 'a date', { start: date.start, end: date.end })
      continue
    }
    const before = text.slice(Math.max(0, numStart - 40), numStart)
    const after = text.slice(numEnd, numEnd + 40)
    if (/^:\d{2}/.test(after) || /\d:$/.test(before)) {
      non(numStart, numEnd, 'a time of day')
      continue
    }
    if (/第$/.test(before)) {
      const tail = /^[\u3400-\u9fff]{0,3}/.exec(after)![0]
      non(numStart, numEnd, 'an ordinal (in a name), not a count', { start: numStart - 1, end: numEnd + tail.length })
      continue
    }
    const ordinal = /^(?:st|nd|rd|th)\b((?:\s+[A-Z][A-Za-z'’]*){0,4})/.exec(after)
    if (ordinal) {
      const lead = /\bthe\s+$/i.exec(before)
      non(numStart, numEnd, 'an ordinal (a name or an anniversary), not a count', { start: lead ? numStart - lead[0].length : numStart, end: numEnd + ordinal[0].length })
      continue
    }
    const paragraph = view.paragraphs.find((p) => p.start <= numStart && numStart < p.end)
    if (paragraph && paragraph.start === numStart && /^\s*[、.．)）]/.test(after)) {
      non(numStart, numEnd, 'a section number')
      continue
    }
    const plus = /^(?:\+\d+)+/.exec(after)
    if (plus || /\d\+$/.test(before)) {
      let s = numStart
      while (s > 0 && /[\d+]/.test(text[s - 1]!)) s--
      let e = numEnd
      while (e < text.length && /[\d+]/.test(text[e]!)) e++
      const q = quoteAt(numStart)
      non(numStart, numEnd, 'the name of a structure ("1+5+5"), whose parts are counted where the text gives them', q ?? { start: s, end: e })
      continue
    }
    const q = quoteAt(numStart)
    if (q && /^[\d,.%]+\s+[A-Z]/.test(text.slice(numStart, q.end))) {
      non(numStart, numEnd, 'part of a title in quotation marks, not a figure', q)
      continue
    }
    if (/^\s*(?:-\s*)?hours?\s+a\s+day\b|^-hour\b/i.test(after) && m[0] === '24') {
      non(numStart, numEnd, 'round the clock ("24 hours a day"), not a count', { start: numStart, end: numEnd + /^\s*(?:-\s*)?hours?\s+a\s+day/i.exec(after)![0].length })
      continue
    }
    if (/^\d{8,}$/.test(m[0])) {
      non(numStart, numEnd, 'an identifier (a licence or telephone number), not a count')
      continue
    }
    // The number with its scale, its Chinese markers and its percent sign.
    let end = numEnd
    const englishScale = /^\s+(hundred|thousand|million|billion)\b/i.exec(after)
    const chinese = /^(?:[余多])?(?:[万亿千百])?(?:[余多])?/.exec(after)![0]
    if (englishScale) end += englishScale[0].length
    else end += chinese.length
    const percent = /^\s*(?:%|％|percent\b|per cent\b)/i.exec(text.slice(end, end + 12))
    if (percent) end += percent[0].length
    const trailing = /^(?:人次|场次|[人名个项件起场次])(以上|左右)/.exec(text.slice(end, end + 6))
    if (trailing) end += trailing[0].length
    let start = numStart
    const cnLead = /(?:将近|近|大约|约|超过|逾)$/.exec(before)
    if (cnLead) start -= cnLead[0].length
    const enLead = cnLead ? null : ENGLISH_QUALIFIER.exec(before)
    const written = text.slice(start, end)
    let parsed = parseNumber(written)
    let garbled: string | null = null
    if (!parsed) {
      const groups = m[0].split(/[.,]/)
      if (groups.length > 1 && groups.slice(1).every((g) => g.length === 3)) {
        const scale = englishScale ? parseNumber(`1 ${englishScale[1]}`)!.value : 1
        const value = Number(groups.join('')) * scale
        garbled = `The number "${m[0]}" mixes separators; read as ${value.toLocaleString('en-US')} (every group after the first has three digits). Check the reading.`
        parsed = { value, impliedQualifier: null }
      } else {
        non(numStart, numEnd, 'a number the draft could not read (check it)')
        continue
      }
    }
    const qualifier = parsed.impliedQualifier ?? (enLead ? englishQualifier(enLead[1]!) : 'exact')
    figures.push({
      start, end, leadStart: enLead ? numStart - enLead[0].length : start, value: parsed.value, qualifier,
      percent: percent !== null, script: 'arabic', garbled, rank: false, duration: null, quoted: q !== undefined,
    })
  }

  // ---- English number words ----
  for (const m of text.matchAll(WORD_NUMBER)) {
    const start = m.index
    const end = start + m[0].length
    if (skip(start)) continue
    const word = m[0]
    const lower = word.toLowerCase()
    const before = text.slice(Math.max(0, start - 40), start)
    const after = text.slice(end, end + 60)
    const isOrdinal = new RegExp(`^(?:${WORD_ORDINALS})$`, 'i').test(word)
    if (isOrdinal) {
      if (RANK_BEFORE.test(before) || RANK_AFTER.test(after)) {
        figures.push({ start, end, leadStart: start, value: parseNumber(word)!.value, qualifier: 'exact', percent: false, script: 'english', garbled: null, rank: true, duration: null, quoted: false })
      } else {
        const noun = /^[\s-]+[A-Za-z]+/.exec(after)
        non(start, end, 'an ordinal, not a count', { start, end: end + (noun ? noun[0].length : 0) }, false)
      }
      continue
    }
    const scaled = /\s|-/.test(word) && new RegExp(`(?:${SCALES})$`, 'i').test(lower)
    if (lower === 'one' && !scaled) continue
    if (/^\s*(?:by|of|another|side|hand|day|to one|-to-one)\b/i.test(after) && !scaled) continue
    const phrase = `${word}${after}`.replace(/[“”"]/g, '')
    if (ENGLISH_SLOGANS.test(phrase)) {
      const q = quoteAt(start)
      const noun = /^[\s-]+[A-Za-z]+/.exec(after)
      non(start, end, 'a slogan or name with a number in it, not a count', q ?? { start, end: end + (noun ? noun[0].length : 0) }, false)
      continue
    }
    const parsed = parseNumber(word)
    if (!parsed) continue
    const duration = /^-(day|month|year|hour)\b/i.exec(after)
    const enLead = ENGLISH_QUALIFIER.exec(before)
    figures.push({
      start, end, leadStart: enLead ? start - enLead[0].length : start, value: parsed.value,
      qualifier: enLead ? englishQualifier(enLead[1]!) : 'exact', percent: false, script: 'english', garbled: null,
      rank: false, duration: duration ? `${duration[1]!.toLowerCase()}s` as Figure['duration'] : null, quoted: quoteAt(start) !== undefined,
    })
  }

  // ---- Chinese numerals ----
  const numeral = new RegExp(`(?:百分之)?[${CHINESE_NUMERAL_CHARS}]+(?:余|多)?`, 'g')
  for (const m of text.matchAll(numeral)) {
    let start = m.index
    const end = start + m[0].length
    if (skip(start)) continue
    const written = m[0]
    const before = text.slice(Math.max(0, start - 10), start)
    const after = text.slice(end, end + 12)
    // A scale after Arabic digits ("1.2万") belongs to that number; a scale alone is no number.
    if (/[\d.]$/.test(before) || /^[百千万亿]$/.test(written)) continue
    const slogan = CHINESE_SLOGANS.find((s) => text.startsWith(s, start))
    if (slogan) {
      non(start, end, 'a slogan or name with a number in it, not a count', quoteAt(start) ?? { start, end: start + slogan.length }, false)
      continue
    }
    if (/第$/.test(before)) {
      non(start, end, 'an ordinal, not a count', { start: start - 1, end: end + Math.min(1, /^[\u3400-\u9fff]*/.exec(after)![0].length) }, false)
      continue
    }
    const percent = written.startsWith('百分之')
    if (!percent) {
      if (/^[一两]$/.test(written.replace(/[余多]$/, '')) && !/^[余多]/.test(written.slice(1))) continue
      if (/^级/.test(after)) {
        non(start, end, 'levels of the hierarchy, not a count', { start, end: end + 1 }, false)
        continue
      }
      if (!CHINESE_COUNTER_AFTER.test(after)) continue
      // Reduplicated counters ("一场场") are an idiom.
      if (after[0] !== undefined && after[0] === after[1]) continue
    }
    const cnLead = /(?:将近|近|大约|约|超过|逾)$/.exec(before)
    if (cnLead) start -= cnLead[0].length
    const parsed = parseNumber(text.slice(start, end))
    if (!parsed) continue
    const q = quoteAt(start)
    if (q && q.end - q.start > 10) {
      non(start, end, 'part of a name in quotation marks, not a figure', q, false)
      continue
    }
    figures.push({
      start, end, leadStart: start, value: parsed.value, qualifier: parsed.impliedQualifier ?? 'exact', percent, script: 'chinese',
      garbled: null, rank: false, duration: null, quoted: q !== undefined,
    })
  }
  figures.sort((a, b) => a.start - b.start)
  nonFigures.sort((a, b) => a.start - b.start)
  return { figures, nonFigures }
}
