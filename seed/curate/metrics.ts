// A metric for a figure: the catalog metric of the figure's unit whose name and description share
// the most (rarest first) words with the figure's clause, or, when none fits, a new code
// category.subject.measure made from the clause, for the curator to settle in review.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { dimension, type Unit } from '../../src/domain/index.js'

export interface CatalogMetric {
  code: string
  name: string
  unit: string
  description: string
  dimensions: Record<string, string[]>
}

export function readMetricCatalog (seedDir: string): CatalogMetric[] {
  const dir = join(seedDir, 'catalog', 'metrics')
  if (!existsSync(dir)) return []
  const out: CatalogMetric[] = []
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const list = parse(readFileSync(join(dir, name), 'utf8')) as unknown
    if (!Array.isArray(list)) continue
    for (const m of list as Array<Record<string, unknown>>) {
      if (typeof m.code !== 'string' || typeof m.unit !== 'string') continue
      const dims = (m.dimensions ?? {}) as Record<string, unknown[]>
      out.push({
        code: m.code, name: String(m.name ?? ''), unit: m.unit, description: String(m.description ?? ''),
        dimensions: Object.fromEntries(Object.entries(dims).map(([k, v]) => [k, v.map(String)])),
      })
    }
  }
  return out
}

const STOP = new Set(['the', 'of', 'and', 'a', 'an', 'in', 'on', 'for', 'to', 'by', 'with', 'at', 'or', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'number', 'that', 'this', 'its', 'their', 'from', 'all', 'more', 'than', 'which', 'who', 'have', 'has', 'had', 'one', 'each'])

/** Words (stemmed crudely) and Chinese character pairs of a text, for matching. */
export function terms (text: string): string[] {
  const out: string[] = []
  for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (w.length < 3 || STOP.has(w)) continue
    out.push(w.replace(/(?:ies)$/, 'y').replace(/(?:es|s)$/, '').replace(/(?:ing|ed)$/, '').slice(0, 7))
  }
  for (const run of text.match(/[\u3400-\u9fff]+/g) ?? []) for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2))
  return out
}

export interface MetricProposal {
  code: string
  /** Whether the code is in the catalog. */
  known: boolean
  score: number
  dimensions: Record<string, string> | null
  why: string
}

export class MetricMatcher {
  private readonly idf = new Map<string, number>()
  private readonly metricTerms: Array<Set<string>>
  /** What each metric is about: the words of its code's subject and the Chinese terms it gives. */
  private readonly subjectTerms: Array<Set<string>>

  constructor (private readonly catalog: CatalogMetric[]) {
    this.metricTerms = catalog.map((m) => new Set(terms(`${m.name} ${m.description} ${m.code.replace(/[._]/g, ' ')}`)))
    this.subjectTerms = catalog.map((m) => new Set(terms(`${m.code.split('.')[1]!.replace(/_/g, ' ')} ${(m.description.match(/[\u3400-\u9fff]+/g) ?? []).join(' ')}`)))
    const df = new Map<string, number>()
    for (const ts of this.metricTerms) for (const t of ts) df.set(t, (df.get(t) ?? 0) + 1)
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + catalog.length / n))
  }

  propose (unit: Unit, clause: string, noun: string | null): MetricProposal {
    const clauseTerms = new Set(terms(clause))
    const nounTerms = new Set(terms(noun ?? ''))
    let best: { i: number, score: number } | null = null
    this.catalog.forEach((m, i) => {
      if (m.unit !== unit) return
      // A metric fits only a clause that speaks of its subject.
      if (![...this.subjectTerms[i]!].some((t) => clauseTerms.has(t))) return
      let score = 0
      for (const t of this.metricTerms[i]!) {
        if (clauseTerms.has(t)) score += (this.idf.get(t) ?? 0) * (nounTerms.has(t) ? 1.5 : 1)
      }
      if (!best || score > best.score) best = { i, score }
    })
    const found = best as { i: number, score: number } | null
    if (found && found.score >= 3) {
      const m = this.catalog[found.i]!
      return { code: m.code, known: true, score: found.score, dimensions: this.dimensionsFor(m, clause), why: `catalog metric ${m.code} ("${m.name}")` }
    }
    const code = newCode(clause, noun, unit)
    return { code, known: this.catalog.some((m) => m.code === code), score: 0, dimensions: null, why: `no catalog metric of unit ${unit} fits: a new code` }
  }

  /** A value for each dimension the metric declares: the one whose label the clause echoes, else the total. */
  private dimensionsFor (m: CatalogMetric, clause: string): Record<string, string> | null {
    const names = Object.keys(m.dimensions)
    if (names.length === 0) return null
    const clauseTerms = new Set(terms(clause))
    const out: Record<string, string> = {}
    for (const name of names) {
      const allowed = m.dimensions[name]!
      const defs = dimension(name)?.values ?? []
      let pick = allowed.find((v) => defs.find((d) => d.value === v)?.total) ?? allowed[0]!
      let bestScore = 0
      for (const v of allowed) {
        const label = defs.find((d) => d.value === v)?.label ?? v
        const score = terms(`${label} ${v.replace(/_/g, ' ')}`).filter((t) => clauseTerms.has(t)).length
        if (score > bestScore) {
          bestScore = score
          pick = v
        }
      }
      out[name] = pick
    }
    return out
  }
}

// Categories by the words of the clause, in the order of the campaign's tasks and then the
// ordinary work.
const CATEGORY_WORDS: Array<[string, RegExp]> = [
  ['heroes', /\bhero|\bmodels?\b|advanced|英模|先进|典型|平安之星/i],
  ['discipline', /disciplin|surrender|punish|four forms|investigat|detain|retention|谈心|组织生活|违纪|违法|留置|自查|四种形态/i],
  ['education', /education|lecture|party history|study|examination|教育|学习|党课/i],
  ['open_door', /opinion|suggestion|symposium|open day|press conference|questionnaire|publicity|comments?|意见|建议|座谈|开放日|发布会|问卷|宣传/i],
  ['institutions', /system|rules?\b|regulation|mechanism|制度|机制|规定/i],
  ['services', /service|livelihood|wage|relief|masses|certificate|licen[cs]e|办实事|群众|服务|民生|救助/i],
  ['crime', /crime|criminal|fraud|gang|drug|suspect|evil|umbrella|涉黑|犯罪|诈骗|毒品/i],
  ['safety', /safety|security|traffic|risk|dispute|mediat|surveillance|camera|hazard|alarm|epidemic|安全|交通|矛盾|纠纷|调解|隐患/i],
  ['business', /enterprise|business|economic|企业|营商/i],
  ['team', /training|police|officer|cadre|post|fitness|staff|干警|民警|培训|队伍/i],
]

const MEASURE_WORDS: Array<[string, RegExp]> = [
  ['held', /\bheld|organi[sz]ed|carried out|conducted|举办|召开|开展|组织/i],
  ['selected', /select|commend|award|选树|表彰|评选/i],
  ['established', /establish|set up|formed|built|建立|出台|形成|制定/i],
  ['solved', /solv|resolv|rectif|解决|整改/i],
  ['handled', /handl|process|investigat|dealt|办理|查处/i],
  ['recovered', /recover|追回|挽回/i],
  ['participants', /participa|attend|参与|参加/i],
]

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 30) || 'figure'

/** A new metric code from the clause: its category, the noun it counts, and what was done. */
export function newCode (clause: string, noun: string | null, unit: Unit): string {
  // The campaign's own name says nothing of what a figure counts.
  const text = clause.replace(/education and rectification|educational rectification|教育整顿|政法队伍/gi, ' ')
  const category = CATEGORY_WORDS.find(([, re]) => re.test(text))?.[0] ?? 'campaign'
  const measure = MEASURE_WORDS.find(([, re]) => re.test(text))?.[0] ?? 'count'
  // The noun it counts, in English; a Chinese noun is named by its unit (the curator renames it).
  const words = /[\u3400-\u9fff]/.test(noun ?? '') ? [unit] : (noun ?? '').toLowerCase().match(/[a-z]+/g)?.filter((w) => !STOP.has(w)) ?? []
  const name = slug(words.slice(-2).join('_') || unit)
  return `${category}.${/^[a-z]/.test(name) ? name : `n_${name}`}.${measure}`
}
