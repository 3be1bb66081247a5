// The coverage report on small datasets made by hand: what explains a number (a cited figure, a
// figure pending review, an ignore entry, page chrome, in that order), what the context of an
// unexplained number shows, and the report as `npm run seed -- --coverage` prints it.
import t from 'tap'
import { coverage, formatCoverage } from '../../seed/coverage.js'
import type { Dataset } from '../../seed/loader.js'

interface Doc { id: string, text: string, chrome?: Array<[number, number]> }
type Span = [number, number]

/** A dataset with what coverage() reads: documents, cited and pending value spans, ignore entries. */
function dataset (docs: Doc[], cited: Array<[string, Span]> = [], pending: Array<[string, Span]> = [], ignores: Array<[string, string, Span[]]> = []): Dataset {
  return {
    documents: docs.map((d) => ({ id: d.id, fileName: `${d.id}.txt`, rawText: d.text, chrome: (d.chrome ?? []).map(([start, end]) => ({ start, end, reason: 'chrome' })) })),
    indicators: cited.map(([documentId, [valueStart, valueEnd]]) => ({ documentId, valueStart, valueEnd })),
    pending: pending.map(([documentId, [valueStart, valueEnd]]) => ({ documentId, valueStart, valueEnd })),
    ignores: ignores.map(([documentId, quote, spans]) => ({ documentId, quote, reason: `why ${quote}`, spans: spans.map(([start, end]) => ({ start, end })), file: 'x.yaml' })),
  } as unknown as Dataset
}

const TEXT = 'In 2021 the county held 1,200 sessions; 35 were new, 7 were old and 9 were moved.'
//            0         1         2         3         4         5         6         7         8
//            0123456789012345678901234567890123456789012345678901234567890123456789012345678901

t.test('each number is explained once, by the first of cited, pending, ignored and chrome that covers it', async (t) => {
  const [doc, other] = coverage(dataset(
    [{ id: 'a', text: TEXT, chrome: [[53, 54], [40, 42]] }, { id: 'b', text: 'Only 5 here.' }],
    [['a', [24, 29]], ['a', [40, 42]], ['b', [0, 1]]],
    [['a', [53, 54]]],
    [['a', '2021', [[3, 7]]], ['a', 'unused', [[80, 81]]], ['b', '5', [[5, 6]]]],
  ))
  t.same(doc, {
    documentId: 'a',
    fileName: 'a.txt',
    numbers: 5,
    cited: 2, // 1,200 and 35 (35 is in chrome too, but a cited figure comes first)
    pending: 1, // 7 (also chrome: pending comes first)
    ignored: 1,
    chrome: 0,
    unexplained: [{ text: '9', start: 68, end: 69, context: TEXT.slice(28) }],
    ignoreEntries: [{ quote: '2021', reason: 'why 2021', count: 1 }, { quote: 'unused', reason: 'why unused', count: 0 }],
  })
  t.equal(other!.documentId, 'b')
  t.same([other!.numbers, other!.cited, other!.ignored, other!.unexplained.length], [1, 0, 1, 0], "another document's spans explain nothing here, and its own do")
})

t.test('chrome explains what nothing else does; spans meet only where they overlap', async (t) => {
  const [doc] = coverage(dataset([{ id: 'a', text: TEXT, chrome: [[68, 69]] }], [['a', [23, 24]], ['a', [29, 30]]]))
  t.equal(doc!.chrome, 1, '9 is in the chrome')
  t.equal(doc!.cited, 0, 'spans that end where 1,200 begins, or begin where it ends, do not cover it')
  t.same(doc!.unexplained.map((u) => u.text), ['2021', '1,200', '35', '7'])
})

t.test('the context of an unexplained number: 40 characters each side, within the text, whitespace folded', async (t) => {
  const text = `7 at the start,\n\n   then ${'x'.repeat(60)} and 8`
  const [doc] = coverage(dataset([{ id: 'a', text }]))
  const [first, last] = doc!.unexplained
  t.same([first!.start, first!.end], [0, 1])
  t.equal(first!.context, text.slice(0, 41).replace(/\s+/g, ' '), 'from the start of the text, never before it')
  t.match(first!.context, /^7 at the start, then x/)
  t.equal(last!.end, text.length)
  t.equal(last!.context, text.slice(text.length - 41), 'to the end of the text, never past it')
})

t.test('the report as printed', async (t) => {
  const report = coverage(dataset(
    [{ id: 'a', text: TEXT, chrome: [[68, 69]] }, { id: 'b', text: 'Only 5 and 6 here.' }],
    [['a', [24, 29]]],
    [['a', [40, 42]]],
    [['a', '2021', [[3, 7]]], ['a', 'new, 7', [[48, 54]]], ['a', 'nothing', []]],
  ))
  t.equal(formatCoverage(report), [
    '# a (a.txt)',
    'numbers: 5, cited by indicators: 1, cited by indicators pending review: 1, explained by ignore entries: 2, in page chrome: 1, unexplained: 0',
    'ignore entries:',
    '  "2021" (1 number): why 2021',
    '  "new, 7" (1 number): why new, 7',
    '  "nothing" (0 numbers): why nothing',
    '',
    '# b (b.txt)',
    'numbers: 2, cited by indicators: 0, explained by ignore entries: 0, in page chrome: 0, unexplained: 2',
    '  UNEXPLAINED "5" at 5: …Only 5 and 6 here.…',
    '  UNEXPLAINED "6" at 11: …Only 5 and 6 here.…',
    '',
    'unexplained numbers in all documents: 2',
  ].join('\n'))
  t.equal(formatCoverage([]), 'unexplained numbers in all documents: 0')
})

t.test("a figure explains numbers in its own document only, even at the same offsets in another", async (t) => {
  const [a, b] = coverage(dataset([{ id: 'a', text: '5 and 6' }, { id: 'b', text: '5 and 6' }], [['a', [0, 1]]], [['a', [6, 7]]]))
  t.same([a!.cited, a!.pending, a!.unexplained.length], [1, 1, 0])
  t.same([b!.cited, b!.pending, b!.unexplained.map((u) => u.text)], [0, 0, ['5', '6']])
})
