// Dates of reduced precision ordered as the ranges they are: one inside another is neither before
// nor after it.
import t from 'tap'
import { compareReducedDates } from '../../src/domain/index.js'

t.test('ordered at the coarser precision', async (t) => {
  const cases: Array<[string, string, number]> = [
    ['2021-07-15', '2021-07', 0],
    ['2021-07', '2021-07-15', 0],
    ['2021', '2021-12-31', 0],
    ['2021-07-15', '2021-07-15', 0],
    ['2021-07-16', '2021-07-15', 1],
    ['2021-07-15', '2021-07-16', -1],
    ['2021-08-01', '2021-07', 1],
    ['2021-06', '2021-07-01', -1],
    ['2022', '2021-12-31', 1],
    ['2020-12-31', '2021', -1],
  ]
  for (const [a, b, sign] of cases) t.equal(Math.sign(compareReducedDates(a, b)), sign, `${a} vs ${b}`)
  t.equal(compareReducedDates('2021-08', '2021-07'), 1, 'exactly 1 after')
  t.equal(compareReducedDates('2021-06', '2021-07'), -1, 'exactly -1 before')
})
