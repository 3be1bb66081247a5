// The unit of a figure, from the words after it (English: the head noun of the phrase it counts;
// Chinese: the counter, 人 or 人次, 场 or 场次, 件 or 起, 项, 元, and the noun a general counter such
// as 个 leaves to), in the units of the domain vocabulary. The lexicon below is the vocabulary of
// political-legal reporting, not of any one document.
import type { Unit } from '../../src/domain/index.js'

export type UnitStrength = 'explicit' | 'noun' | 'inherited' | 'default'

export interface UnitProposal { unit: Unit, strength: UnitStrength, why: string, noun: string | null }

// English head nouns, longest phrases first; a word matches in the singular or the plural.
const ENGLISH_PHRASES: Array<[RegExp, Unit]> = [
  [/^person[\s-]times?\b|^man[\s-]times?\b|^people[\s-]times?\b/, 'person_times'],
  [/^percentage points?\b/, 'percentage_points'],
  [/^(?:implementation opinions|normative documents)\b/, 'documents'],
  [/^opinions and suggestions\b/, 'suggestions'],
  [/^(?:electronic police|surveillance (?:points|cameras)|video probes?)\b/, 'devices'],
  [/^(?:criminal|evil|gang|underworld)[\s-](?:groups|gangs|organizations)\b/, 'organizations'],
  [/^open days?\b/, 'sessions'],
  [/^batches of\b/, 'groups'],
  [/^sets of\b/, 'devices'],
  [/^(?:types|kinds|categories|classes) of\b/, 'categories'],
  [/^pieces of\b/, 'items'],
  [/^copies of\b/, 'copies'],
]

const ENGLISH_WORDS: Array<[Unit, string[]]> = [
  ['persons', ['person', 'people', 'individual', 'officer', 'policeman', 'policemen', 'policewoman', 'police', 'cadre', 'secretary', 'secretaries', 'member', 'comrade', 'worker', 'suspect', 'model', 'student', 'lawyer', 'judge', 'prosecutor', 'name', 'volunteer', 'staff', 'personnel', 'resident', 'villager', 'citizen', 'leader', 'director', 'deputy', 'deputies', 'representative', 'juror', 'hero', 'victim', 'trainee', 'migrant', 'official', 'employee', 'child', 'children', 'minor', 'man', 'men', 'woman', 'women', 'inmate', 'prisoner', 'offender', 'detainee', 'auxiliary', 'auxiliaries']],
  ['sessions', ['session', 'lecture', 'meeting', 'conference', 'symposium', 'symposia', 'seminar', 'forum', 'report', 'activity', 'activities', 'event', 'training', 'talk', 'exhibition', 'screening', 'performance', 'class', 'classes', 'course-session']],
  ['cases', ['case', 'crime', 'accident', 'dispute', 'violation', 'incident', 'lawsuit', 'offence', 'offense', 'petition']],
  ['items', ['item', 'system', 'rule', 'regulation', 'project', 'service', 'matter', 'hazard', 'danger', 'booth', 'stall', 'factor', 'position', 'post', 'spot', 'task', 'highlight', 'achievement', 'initiative', 'practice', 'result', 'license', 'licence', 'point', 'risk', 'piece', 'thing', 'procedure', 'application']],
  ['yuan', ['yuan', 'rmb']],
  ['days', ['day']], ['months', ['month']], ['years', ['year']], ['hours', ['hour']],
  ['devices', ['device', 'equipment', 'camera', 'terminal', 'machine', 'monitor', 'probe', 'alarm', 'set']],
  ['collectives', ['collective']],
  ['organizations', ['organization', 'organisation', 'gang', 'enterprise', 'company', 'companies', 'firm']],
  ['groups', ['group']],
  ['teams', ['team', 'squad', 'brigade']],
  ['documents', ['document', 'file']],
  ['clues', ['clue', 'lead', 'tip-off']],
  ['times', ['time', 'round', 'inspection', 'examination', 'checkup', 'check-up', 'check']],
  ['visits', ['visit']],
  ['households', ['household', 'family', 'families']],
  ['messages', ['message']],
  ['columns', ['column']],
  ['vehicles', ['vehicle', 'car']],
  ['places', ['place', 'site', 'location', 'venue', 'base']],
  ['ledgers', ['ledger']],
  ['mechanisms', ['mechanism']],
  ['plans', ['plan', 'programme', 'program']],
  ['problems', ['problem']],
  ['issues', ['issue']],
  ['certificates', ['certificate']],
  ['articles', ['article', 'review', 'commentary', 'commentaries', 'comment', 'editorial', 'story', 'stories']],
  ['courses', ['course']],
  ['questionnaires', ['questionnaire', 'survey']],
  ['suggestions', ['suggestion', 'opinion', 'proposal']],
  ['units', ['unit', 'institution', 'department', 'station', 'procuratorate', 'court', 'office', 'school', 'campus', 'campuses']],
  ['categories', ['category', 'categories', 'type', 'kind']],
  ['measures', ['measure']],
  ['copies', ['copy', 'copies', 'letter', 'leaflet', 'poster', 'brochure', 'pamphlet', 'painting', 'cartoon', 'booklet', 'manual', 'flyer']],
]

const ENGLISH_WORD_UNIT = new Map<string, Unit>()
for (const [unit, words] of ENGLISH_WORDS) for (const w of words) ENGLISH_WORD_UNIT.set(w, unit)

function englishWordUnit (word: string): Unit | undefined {
  const w = word.toLowerCase().replace(/[’']s$/, '')
  return ENGLISH_WORD_UNIT.get(w) ?? (w.endsWith('ies') ? ENGLISH_WORD_UNIT.get(`${w.slice(0, -3)}y`) : undefined) ??
    (w.endsWith('es') ? ENGLISH_WORD_UNIT.get(w.slice(0, -2)) : undefined) ?? (w.endsWith('s') ? ENGLISH_WORD_UNIT.get(w.slice(0, -1)) : undefined)
}

// Words that end the noun phrase after a number: verbs, and the prepositions and conjunctions
// that start the next phrase.
const PHRASE_END = new Set([
  'were', 'was', 'is', 'are', 'be', 'been', 'have', 'has', 'had', 'will', 'would', 'can', 'could', 'which', 'that',
  'who', 'whose', 'with', 'for', 'to', 'from', 'by', 'on', 'at', 'into', 'than', 'such', 'including', 'in', 'during',
  'per', 'a', 'each', 'every', 'over', 'after', 'before', 'since', 'until', 'through', 'involving', 'concerning',
  'regarding', 'about', 'covering', 'among', 'within', 'or',
])

// Chinese counters that say the unit themselves, longest first.
const CHINESE_COUNTERS: Array<[string, Unit]> = [
  ['人次', 'person_times'], ['场次', 'sessions'], ['个月', 'months'], ['万元', 'yuan'], ['亿元', 'yuan'],
  ['人', 'persons'], ['名', 'persons'], ['位', 'persons'], ['场', 'sessions'], ['期', 'sessions'], ['次', 'times'],
  ['项', 'items'], ['件', 'cases'], ['起', 'cases'], ['宗', 'cases'], ['类', 'categories'], ['种', 'categories'],
  ['条', 'items'], ['篇', 'articles'], ['份', 'copies'], ['张', 'copies'], ['册', 'copies'], ['户', 'households'],
  ['台', 'devices'], ['套', 'devices'], ['元', 'yuan'], ['天', 'days'], ['日', 'days'], ['年', 'years'],
  ['小时', 'hours'], ['批', 'groups'], ['支', 'teams'], ['处', 'places'], ['辆', 'vehicles'], ['%', 'percent'], ['％', 'percent'],
]
// General counters that leave the unit to the noun: 个, 家, 所, 大 (as in 九大机制).
const CHINESE_GENERAL = /^[个家所座大]/

// Chinese nouns, matched at the end of the noun before the number or at the start after the counter.
const CHINESE_NOUNS: Array<[RegExp, Unit]> = [
  [/方案|规划|计划/, 'plans'], [/台账/, 'ledgers'], [/机制/, 'mechanisms'], [/制度|规定|措施|项目|事项/, 'items'],
  [/集体/, 'collectives'], [/个人|干警|民警|警察|人员|群众|学生|律师|法官|检察官|党员|干部|代表/, 'persons'],
  [/专栏|栏目/, 'columns'], [/问题|难题/, 'problems'], [/院|法庭|单位|派出所|机关|部门/, 'units'],
  [/组织|团伙|企业/, 'organizations'], [/案件|案/, 'cases'], [/线索/, 'clues'], [/意见|建议/, 'suggestions'],
  [/车辆/, 'vehicles'], [/摄像|设备|探头|终端/, 'devices'], [/工作组|督导组|小组/, 'groups'], [/队/, 'teams'],
  [/文件/, 'documents'], [/证书|证件|证照/, 'certificates'], [/课程/, 'courses'], [/会|讲座|活动|培训/, 'sessions'],
  [/信息|条目/, 'items'],
]

export interface UnitContext {
  /** The view text after the figure, to the end of its clause (English) or sentence (Chinese). */
  after: string
  /** The view text before the figure, back to the start of its clause. */
  before: string
  chinese: boolean
  /** Units of the figures before it in the same sentence, nearest last. */
  previous: Array<{ unit: Unit, strength: UnitStrength }>
  /** The figure's value was written with a percent sign or "percent". */
  percent: boolean
}

const lastOf = <T>(a: T[]): T | undefined => a[a.length - 1]

const NUMBER_WORD = /^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand)$/

// Units of counts, which a part of a whole may take from it; measures (percent, money, rank,
// points, lengths of time) are never inherited that way.
const COUNT_UNITS = new Set<Unit>(['persons', 'person_times', 'sessions', 'items', 'cases', 'devices', 'collectives', 'organizations', 'groups', 'documents', 'issues', 'clues', 'times', 'households', 'messages', 'columns', 'vehicles', 'places', 'ledgers', 'mechanisms', 'plans', 'problems', 'certificates', 'articles', 'courses', 'teams', 'questionnaires', 'suggestions', 'visits', 'units', 'categories', 'measures', 'copies'])

export function proposeUnit (ctx: UnitContext): UnitProposal {
  if (ctx.percent) return { unit: 'percent', strength: 'explicit', why: 'a percentage', noun: null }
  const prev = lastOf(ctx.previous)
  const part = /(?:\b(?:including|of which|among them|among which)|其中)\s*$/i.test(ctx.before)
  const own = ctx.chinese ? chineseUnit(ctx) : englishUnit(ctx)
  // A part of a whole ("10 posts, including two deputy directors") has the whole's unit, unless
  // its own is written out.
  if (part && prev && own.strength !== 'explicit' && COUNT_UNITS.has(prev.unit) && (own.strength !== 'noun' || COUNT_UNITS.has(own.unit))) {
    return { unit: prev.unit, strength: 'inherited', why: 'a part of the figure before it, in its unit', noun: own.noun }
  }
  if (own.strength === 'default' && prev) {
    return { unit: prev.unit, strength: 'inherited', why: 'no noun of its own: the unit of the figure before it in the sentence', noun: own.noun }
  }
  // Participants of sessions counted together are attendances (人次), not distinct persons.
  if (/^(?:participants?|participating|attendees?|attending|took part)\b/i.test(own.noun ?? '') || /\bparticipat\w*$/i.test(own.noun ?? '')) {
    if (ctx.previous.some((p) => p.unit === 'sessions')) {
      return { unit: 'person_times', strength: 'noun', why: 'participants of the sessions counted before it: attendances (person-times)', noun: own.noun }
    }
    return { unit: 'persons', strength: 'noun', why: 'participants', noun: own.noun }
  }
  return own
}

function englishUnit (ctx: UnitContext): UnitProposal {
  const after = ctx.after.replace(/^\s*(?:hundred|thousand|million|billion)\b/i, '').replace(/[“”"]/g, ' ').trim()
  if (/^(?:%|percent\b|per cent\b)/i.test(after)) return { unit: 'percent', strength: 'explicit', why: 'a percentage', noun: null }
  if (/^(?:yuan|rmb)\b/i.test(after)) return { unit: 'yuan', strength: 'explicit', why: '"yuan"', noun: 'yuan' }
  if (/^points?\b/i.test(after) && (/\d\.\d/.test(ctx.before.slice(-12)) || /\b(?:score|increase|decrease|rose|fell|up|down)\b/i.test(ctx.before))) {
    return { unit: 'points', strength: 'explicit', why: 'a score in points', noun: 'points' }
  }
  if (/^in\s*$/i.test(ctx.before.slice(-3)) && /^batch(?:es)?\b/i.test(after)) return { unit: 'times', strength: 'noun', why: '"in N batches": times', noun: 'batches' }
  const words = after.split(/\s+/).filter(Boolean)
  // The head of an English noun phrase is its last noun: "35000 model conferences" counts
  // conferences. A counting phrase ("types of", "batches of") decides at once.
  let hit: UnitProposal | null = null
  let participants: string | null = null
  for (let i = 0; i < words.length && i < 9; i++) {
    const rest = words.slice(i).join(' ').toLowerCase()
    const word = words[i]!.replace(/[^A-Za-z’'-]/g, '')
    const lower = word.toLowerCase()
    if (i > 0 && PHRASE_END.has(lower)) break
    // Another number starts another phrase.
    if (i > 0 && (/^\d/.test(words[i]!) || NUMBER_WORD.test(lower))) break
    if (lower === 'and' && /^(?:other|so|the like)/i.test(words[i + 1] ?? '')) break
    let phrase = false
    for (const [re, unit] of ENGLISH_PHRASES) {
      const m = re.exec(rest)
      if (!m) continue
      const found: UnitProposal = { unit, strength: unit === 'person_times' ? 'explicit' : 'noun', why: `"${m[0]}"`, noun: m[0] }
      if (/ of$/.test(m[0]) || unit === 'person_times') return found
      hit = found
      i += m[0].split(/\s+/).length - 1
      phrase = true
      break
    }
    if (!phrase) {
      if (/^(?:participants?|participating|attendees?)$/i.test(word)) {
        participants = word
        break
      }
      const unit = englishWordUnit(word)
      if (unit) {
        if (unit === 'copies' && /^(?:copy|copies)$/i.test(word) && !/^of$/i.test(words[i + 1] ?? '') && lastOf(ctx.previous)) {
          return { unit: lastOf(ctx.previous)!.unit, strength: 'inherited', why: '"copies" of what the figure before it counts', noun: word }
        }
        hit = { unit, strength: 'noun', why: `"${word}"`, noun: word }
      }
    }
    if (/[,.;:!?]$/.test(words[i]!)) break
  }
  if (hit) {
    // "... officers participating": the participants rule decides persons or person-times.
    if (hit.unit === 'persons' && (participants !== null || /\bparticipat/i.test(words.slice(0, 9).join(' ')))) {
      return { ...hit, noun: `${hit.noun} participating` }
    }
    if (/^such$/i.test(words.find((w, i) => i > 0 && PHRASE_END.has(w.toLowerCase())) ?? '') && hit.unit === 'items') {
      return { unit: 'categories', strength: 'noun', why: `"N ${hit.noun} such as ...": kinds of ${hit.noun}`, noun: hit.noun }
    }
    return hit
  }
  if (participants) return { unit: 'persons', strength: 'noun', why: `"${participants}"`, noun: participants }
  const noun = words.slice(0, 3).join(' ') || null
  if (words.some((w, i) => i < 4 && /^such$/i.test(w))) return { unit: 'categories', strength: 'noun', why: '"N ... such as ...": kinds', noun }
  return { unit: 'items', strength: 'default', why: 'no known noun after it: items', noun }
}

function chineseUnit (ctx: UnitContext): UnitProposal {
  const after = ctx.after.replace(/^[余多]/, '').replace(/^[万亿](?!元)/, '').replace(/^[余多]/, '')
  for (const [counter, unit] of CHINESE_COUNTERS) {
    if (after.startsWith(counter)) {
      // 余/多 may follow the counter too ("80场次余" is rare; "100人以上").
      return { unit, strength: 'explicit', why: `counter ${counter}`, noun: counter }
    }
  }
  const general = CHINESE_GENERAL.exec(after)
  const nounAfter = general ? after.slice(1).split(/[,，、;；。:：（(）)“”"\s的]/)[0] ?? '' : ''
  const nounBefore = /[\u3400-\u9fff]{1,8}$/.exec(ctx.before)?.[0] ?? ''
  for (const [noun, source] of [[nounAfter, 'after'], [nounBefore, 'before']] as const) {
    if (!noun) continue
    for (const [re, unit] of CHINESE_NOUNS) {
      const m = source === 'before' ? new RegExp(`(?:${re.source})$`).exec(noun) : re.exec(noun)
      if (m) return { unit, strength: 'noun', why: `"${noun}"`, noun }
    }
  }
  if (general) return { unit: 'items', strength: 'default', why: `counter ${general[0]} with no known noun: items`, noun: nounAfter || nounBefore || null }
  return { unit: 'items', strength: 'default', why: 'no counter after it: items', noun: nounBefore || null }
}
