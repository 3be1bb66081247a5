// `npm run gazetteer:readings`: every character of a region name that pinyin-pro knows more than
// one reading of, with the reading the gazetteer gives it and the names read that way, for
// reviewing the English names (seed/gazetteer.ts holds the reviewed exceptions).
import { polyphonic } from 'pinyin-pro'
import { buildGazetteer, placePinyin } from '../seed/gazetteer.js'

const regions = buildGazetteer().filter((r) => r.code !== 'CN')
// character -> its readings -> reading given -> names
const byChar = new Map<string, { readings: string[], given: Map<string, string[]> }>()
let names = 0
for (const r of regions) {
  const given = placePinyin(r.nameZh)
  const all = polyphonic(r.nameZh, { toneType: 'none', type: 'array' })
  let polyphonicName = false
  Array.from(r.nameZh).forEach((ch, i) => {
    const readings = [...new Set(all[i])]
    if (readings.length < 2) return
    polyphonicName = true
    const entry = byChar.get(ch) ?? { readings, given: new Map() }
    byChar.set(ch, entry)
    const list = entry.given.get(given[i]!) ?? []
    entry.given.set(given[i]!, list)
    list.push(`${r.nameZh} ${r.name}`)
  })
  if (polyphonicName) names++
}

const total = (e: { given: Map<string, string[]> }): number => [...e.given.values()].reduce((n, l) => n + l.length, 0)
for (const [ch, entry] of [...byChar].sort((a, b) => total(b[1]) - total(a[1]))) {
  console.log(`${ch} (${entry.readings.join('/')})`)
  for (const [reading, list] of entry.given) console.log(`  ${reading} ×${list.length}: ${list.join(', ')}`)
}
console.log(`${names} of ${regions.length} names have a character with more than one reading; ${byChar.size} such characters`)
