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
