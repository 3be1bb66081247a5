// The domain's vocabulary: the closed lists every layer speaks (kinds, levels, units, qualifiers,
// bases, categories). The seed loader validates against them, the query layer checks filters
// against them, and the REST schemas and the GraphQL enums are written from them.

export const ORGAN_KINDS = [
  'political_legal_commission', 'party_committee', 'court', 'procuratorate', 'public_security',
  'justice', 'prison', 'drug_rehabilitation', 'discipline_inspection', 'campaign_body',
  'police_station', 'other',
] as const

/**
 * Levels of an organ in the hierarchy of the state and the Party. `other` is for bodies that stand
 * outside it (a university, a people's congress's deputies invited as such, ...).
 */
export const ORGAN_LEVELS = ['central', 'provincial', 'prefecture', 'county', 'grassroots', 'other'] as const

export const EVENT_KINDS = [
  'campaign', 'campaign_phase', 'meeting', 'training', 'action', 'activity', 'award',
  'press_conference', 'other',
] as const

export const REGION_LEVELS = ['country', 'province', 'prefecture', 'county'] as const

export const LANGUAGES = ['en', 'zh-Hant', 'zh-Hans'] as const

export const QUALIFIERS = ['exact', 'more_than', 'at_least', 'nearly', 'approximately'] as const

export const PRECISIONS = ['year', 'month', 'day'] as const

// The units a metric may have. A closed list keeps "person" and "persons" from becoming two units.
export const UNITS = [
  'persons', 'person_times', 'sessions', 'items', 'cases', 'yuan', 'percent', 'percentage_points',
  'points', 'days', 'months', 'years', 'hours', 'devices', 'collectives', 'organizations', 'groups',
  'documents', 'issues', 'clues', 'times', 'households', 'messages', 'columns', 'vehicles', 'places',
  'ledgers', 'mechanisms', 'plans', 'problems', 'certificates', 'articles', 'courses', 'teams',
  'questionnaires', 'suggestions', 'visits', 'units', 'categories', 'measures', 'rank', 'copies',
] as const

/**
 * Units whose figures do not add up across figures: ratios, scores, ranks and durations. A
 * summary gives the sum of figures in these units only when it has one figure.
 */
export const NON_ADDITIVE_UNITS = ['percent', 'percentage_points', 'points', 'rank', 'years', 'months', 'days', 'hours'] as const satisfies readonly (typeof UNITS[number])[]

/**
 * How an indicator's value was obtained: `stated` as the text writes it; `corrected` when the
 * text's number is garbled and the value is the curator's reading of it; `derived` when the value
 * is computed from figures the text states.
 */
export const VALUE_BASES = ['stated', 'corrected', 'derived'] as const

/**
 * How an indicator's reference period (periodStart..date) was obtained: `stated` by the text;
 * `context` when the document's framing gives it (a year-end summary, "as of July 26" in an article
 * about 2021, the publication date for "at present"); `inferred` when the curator reasoned it.
 */
export const DATE_BASES = ['stated', 'context', 'inferred'] as const

/** How an indicator's region was obtained: `stated` by the text, or `inferred` by the curator. */
export const REGION_BASES = ['stated', 'inferred'] as const

export type OrganKind = typeof ORGAN_KINDS[number]
export type OrganLevel = typeof ORGAN_LEVELS[number]
export type EventKind = typeof EVENT_KINDS[number]
export type RegionLevel = typeof REGION_LEVELS[number]
export type Language = typeof LANGUAGES[number]
export type Qualifier = typeof QUALIFIERS[number]
export type Precision = typeof PRECISIONS[number]
export type Unit = typeof UNITS[number]
export type ValueBasis = typeof VALUE_BASES[number]
export type DateBasis = typeof DATE_BASES[number]
export type RegionBasis = typeof REGION_BASES[number]

/** `inferred` means some field was reasoned by the curator: a value not as stated, an inferred date or region. */
export function isInferred (b: { valueBasis: ValueBasis, dateBasis: DateBasis, regionBasis: RegionBasis }): boolean {
  return b.valueBasis !== 'stated' || b.dateBasis === 'inferred' || b.regionBasis === 'inferred'
}

export interface Category { code: string, label: string, description: string }

/**
 * Metric categories, the first segment of a metric code. They follow the campaign's own structure
 * (its four tasks, of which the documents give figures for three: political education, removing
 * bad actors, heroes and models; open-door rectification, institution building, "doing practical
 * things"), then the ordinary outcomes of political-legal work. The kind of organ is not a
 * category: it is on the organ.
 */
export const CATEGORIES: readonly Category[] = [
  { code: 'campaign', label: 'Organization of the campaign', description: 'Plans, ledgers, working mechanisms, steering and supervision groups, and the officers taking part.' },
  { code: 'education', label: 'Political education', description: 'The first task, building political loyalty: political, Party-history and warning education.' },
  { code: 'discipline', label: 'Removing bad actors', description: 'The second task: talks, self-surrender, investigations, the four forms, key cases, internal supervision.' },
  { code: 'heroes', label: 'Heroes and models', description: 'The fourth task, promoting the spirit of heroes and models: selections, hero education, publicity.' },
  { code: 'open_door', label: 'Open-door rectification', description: 'Hearing and answering the public: open days, symposiums, opinions solicited and rectified, press conferences, publicity.' },
  { code: 'institutions', label: 'Institution building', description: 'Rules, systems and mechanisms established or planned (建章立制).' },
  { code: 'services', label: 'Doing practical things for the masses', description: 'Services for the public and the grassroots: government services, livelihood cases, wages recovered, judicial relief.' },
  { code: 'team', label: 'Team building', description: 'Training, personnel reform, standardized case handling and care for officers.' },
  { code: 'crime', label: 'Crime and gangs', description: 'Ordinary outcomes: crimes solved, the struggle against gangs and evil forces, anti-drug work.' },
  { code: 'safety', label: 'Security, stability and social governance', description: 'Ordinary outcomes: the sense of security, risks, traffic and school safety, video surveillance, mediation.' },
  { code: 'business', label: 'Business environment', description: 'Ordinary outcomes: legal services for enterprises and the business environment.' },
]

export const CATEGORY_CODES = CATEGORIES.map((c) => c.code)
