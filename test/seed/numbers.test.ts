import t from 'tap'
import { parseNumber, findNumberTokens } from '../../seed/numbers.js'

t.test('English numbers', async (t) => {
  const cases: Array<[string, number, string | null]> = [
    ['26,700', 26700, null],
    ['2.07 million', 2070000, null],
    ['4.0456 million', 4045600, null],
    ['2.77 billion', 2770000000, null],
    ['95.65%', 95.65, null],
    ['955,700', 955700, null],
    ['46.9672 million', 46967200, null],
    ['more than 9,300', 9300, 'more_than'],
    ['nearly 100', 100, 'nearly'],
    ['fourteen', 14, null],
    ['eighth', 8, null],
    ['first', 1, null],
  ]
  for (const [text, value, qualifier] of cases) {
    const p = parseNumber(text)
    t.equal(p?.value, value, `${text} → ${value}`)
    t.equal(p?.impliedQualifier ?? null, qualifier, `${text} qualifier`)
  }
})

t.test('Chinese numbers', async (t) => {
  const cases: Array<[string, number, string | null]> = [
    ['5700余', 5700, 'more_than'],
    ['133597人', 133597, null],
    ['1100余人', 1100, 'more_than'],
    ['4.5万', 45000, null],
    ['3.2亿', 320000000, null],
    ['80余场次', 80, 'more_than'],
    ['近3万', 30000, 'nearly'],
    ['十五', 15, null],
    ['98.2%', 98.2, null],
  ]
  for (const [text, value, qualifier] of cases) {
    const p = parseNumber(text)
    t.equal(p?.value, value, `${text} → ${value}`)
    t.equal(p?.impliedQualifier ?? null, qualifier, `${text} qualifier`)
  }
})

t.test('what is not a number is refused, not guessed', async (t) => {
  for (const text of ['3.128,300', 'abc', '', '12,34', '1.2.3']) t.equal(parseNumber(text), null, JSON.stringify(text))
})

t.test('number tokens carry offsets', async (t) => {
  const text = 'From 4502 days to 196 days, 95.65%'
  const tokens = findNumberTokens(text)
  t.same(tokens.map((x) => x.text), ['4502', '196', '95.65'])
  for (const tok of tokens) t.equal(text.slice(tok.start, tok.end), tok.text)
})

/** Every form the parser reads, each case at the edge a plausible slip in the parser would cross. */
t.test('every form, with its qualifier', async (t) => {
  const cases: Array<[string, number, string | null]> = [
    // Spacing: inner runs of whitespace are one space; the ends are trimmed.
    ['  26,700  ', 26700, null],
    ['more  than\t9,300', 9300, 'more_than'],
    ['over 50', 50, 'more_than'],
    ['Over 50', 50, 'more_than'],
    ['almost 200', 200, 'nearly'],
    ['close to 200', 200, 'nearly'],
    ['about 40', 40, 'approximately'],
    ['around 40', 40, 'approximately'],
    ['approximately 40', 40, 'approximately'],
    ['at least 12', 12, 'at_least'],
    // English words, with scales and hyphens.
    ['twenty-one', 21, null],
    ['twenty  one', 21, null],
    ['three hundred', 300, null],
    ['two thousand and five', 2005, null],
    ['one hundred and twelve', 112, null],
    ['two million', 2_000_000, null],
    ['five hundred thousand and one', 500_001, null],
    ['2.5 Million', 2_500_000, null],
    ['2.5million', 2_500_000, null],
    ['3 hundred', 300, null],
    // Chinese qualifiers before the number.
    ['将近500', 500, 'nearly'],
    ['将500', 500, 'nearly'],
    ['约500', 500, 'approximately'],
    ['約500', 500, 'approximately'],
    ['大约500', 500, 'approximately'],
    ['超过500', 500, 'more_than'],
    ['超過500', 500, 'more_than'],
    ['逾500', 500, 'more_than'],
    // 左右 and 以上 after the counter.
    ['100人左右', 100, 'approximately'],
    ['100人以上', 100, 'more_than'],
    ['100以上', 100, 'more_than'],
    ['百分之九十五', 95, null],
    ['百分之5', 5, null],
    // Counters and percent signs, in either order, several deep.
    ['12 points%', 12, null],
    ['12%人', 12, null],
    ['12 persons', 12, null],
    ['3 days', 3, null],
    ['50 percent', 50, null],
    ['50％', 50, null],
    ['5人人人', 5, null],
    ['3+', 3, 'more_than'],
    // Scales.
    ['3.5万人', 35000, null],
    ['3.5萬', 35000, null],
    ['2億', 200_000_000, null],
    ['三万五千', 35000, null],
    ['两千三百万', 23_000_000, null],
    ['十', 10, null],
    ['1,200.5', 1200.5, null],
    ['0.5', 0.5, null],
    ['7', 7, null],
  ]
  for (const [text, value, qualifier] of cases) {
    const p = parseNumber(text)
    t.same(p && [p.value, p.impliedQualifier], [value, qualifier], `${JSON.stringify(text)} → ${value}${qualifier ? ` ${qualifier}` : ''}`)
  }
})

t.test('forms that only look like numbers are refused', async (t) => {
  const refused = [
    '1,2345', // a comma must be followed by exactly three digits
    '1,234,5678',
    '12,345.', // a decimal point needs digits after it
    '1.x',
    '一二三', // digits without a scale are not a numeral the documents write
    '千千万万', // thousands upon thousands: an idiom
    '百百',
    'two apples',
    'fifth sixth', // an ordinal stands alone
    'first second',
    'the 5',
    '5 of 6',
    '近 今5', // a qualifier is only read at the start
    '5人人人人', // at most three counters are read off the end
    '5% of 6',
    'about',
    'hundred', // a scale needs a number before it
    'thousand',
    '万',
    '亿',
    '12 million people more',
  ]
  for (const text of refused) t.equal(parseNumber(text), null, JSON.stringify(text))
  t.same(parseNumber('一'), { value: 1, impliedQualifier: null }, 'a single digit is a numeral')
  t.same(parseNumber('first'), { value: 1, impliedQualifier: null }, 'an ordinal alone is a rank')
})

t.test('qualifier words are read only where they stand', async (t) => {
  // Inside the text, the words and characters that mark a qualifier at an edge mean nothing.
  for (const text of ['50超', '5约0', '10以上5', '10左右5', '百分之']) t.equal(parseNumber(text), null, JSON.stringify(text))
  t.same(parseNumber('5余万'), { value: 50000, impliedQualifier: 'more_than' })
  t.same(parseNumber('5万余'), { value: 50000, impliedQualifier: 'more_than' })
  t.same(parseNumber('5余'), { value: 5, impliedQualifier: 'more_than' })
})

t.test('the edges of each form', async (t) => {
  const read: Array<[string, number, string | null]> = [
    ['1,234,567', 1_234_567, null],
    ['1,234.56', 1234.56, null],
    ['1 day', 1, null],
    ['1 person', 1, null],
    ['1 time', 1, null],
    [' over 50', 50, 'more_than'],
    ['4.5 万', 45000, null],
    ['零', 0, null],
    ['〇', 0, null],
    ['twenty - one', 21, null],
  ]
  for (const [text, value, qualifier] of read) {
    const p = parseNumber(text)
    t.same(p && [p.value, p.impliedQualifier], [value, qualifier], `${JSON.stringify(text)} → ${value}`)
  }
  // A qualifier word glued to other text, a percent sign or 百分之 inside the text, a zero that is
  // only scales, a hyphen at an end: refused.
  for (const text of ['Xover 5', 'X百分之五', '12%5', '万零', '零十', '亿万', 'twenty-', '-five']) t.equal(parseNumber(text), null, JSON.stringify(text))
})
