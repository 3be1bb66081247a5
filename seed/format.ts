// The shapes of the curated seed files. Every object is closed (additionalProperties: false), so a
// misspelt field is an error rather than a silently dropped value.
import { Type, type Static } from 'typebox'

export const ORGAN_KINDS = [
  'political_legal_committee', 'party_committee', 'court', 'procuratorate', 'public_security',
  'justice', 'prison', 'drug_rehabilitation', 'discipline_inspection', 'campaign_body',
  'police_station', 'other',
] as const
export const ORGAN_LEVELS = ['central', 'provincial', 'prefecture', 'county', 'grassroots'] as const
export const EVENT_KINDS = [
  'campaign', 'campaign_phase', 'meeting', 'training', 'action', 'activity', 'award',
  'press_conference', 'other',
] as const
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

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 120 })
const Code = Type.Union([Type.String({ minLength: 1 }), Type.Integer()])
const IsoDate = Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' })
const NonEmpty = Type.String({ minLength: 1 })
const closed = { additionalProperties: false } as const

export const ChromeEntry = Type.Object({
  start: NonEmpty,
  end: Type.Optional(NonEmpty),
  toEnd: Type.Optional(Type.Boolean()),
  all: Type.Optional(Type.Boolean()),
  reason: NonEmpty,
}, closed)

export const DocumentEntry = Type.Object({
  id: Slug,
  fileName: NonEmpty,
  title: NonEmpty,
  titleOriginal: Type.Optional(NonEmpty),
  language: Type.Union([Type.Literal('en'), Type.Literal('zh-Hant'), Type.Literal('zh-Hans')]),
  publisher: Type.Optional(NonEmpty),
  publishedAt: Type.Optional(IsoDate),
  publishedAtPrecision: Type.Optional(Type.Union(PRECISIONS.map((p) => Type.Literal(p)))),
  region: Type.Optional(Code),
  inferred: Type.Optional(Type.Boolean()),
  note: Type.Optional(NonEmpty),
  stripPinyin: Type.Optional(Type.Boolean()),
  chrome: Type.Optional(Type.Array(ChromeEntry)),
}, closed)

export const MetricEntry = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$' }),
  name: NonEmpty,
  unit: Type.Union(UNITS.map((u) => Type.Literal(u))),
  description: NonEmpty,
}, closed)

export const OrganEntry = Type.Object({
  id: Slug,
  name: NonEmpty,
  nameZh: Type.Optional(NonEmpty),
  kind: Type.Union(ORGAN_KINDS.map((k) => Type.Literal(k))),
  level: Type.Union(ORGAN_LEVELS.map((k) => Type.Literal(k))),
  region: Code,
  parent: Type.Optional(Slug),
  inferred: Type.Optional(Type.Boolean()),
  note: Type.Optional(NonEmpty),
}, closed)

export const EventOrganEntry = Type.Object({ organ: Slug, role: NonEmpty }, closed)

export const EventEntry = Type.Object({
  id: Slug,
  title: NonEmpty,
  titleZh: Type.Optional(NonEmpty),
  kind: Type.Union(EVENT_KINDS.map((k) => Type.Literal(k))),
  start: Type.Optional(IsoDate),
  startPrecision: Type.Optional(Type.Union(PRECISIONS.map((p) => Type.Literal(p)))),
  end: Type.Optional(IsoDate),
  endPrecision: Type.Optional(Type.Union(PRECISIONS.map((p) => Type.Literal(p)))),
  region: Code,
  parent: Type.Optional(Slug),
  organs: Type.Optional(Type.Array(EventOrganEntry)),
  description: Type.Optional(NonEmpty),
  inferred: Type.Optional(Type.Boolean()),
  note: Type.Optional(NonEmpty),
}, closed)

// Where a quote stands: unique in the document, or made unique by a longer `anchor` that contains
// it, or picked by `occurrence` (1-based) when the same words stand several times.
const Locator = {
  quote: NonEmpty,
  anchor: Type.Optional(NonEmpty),
  occurrence: Type.Optional(Type.Integer({ minimum: 1 })),
}

export const IndicatorEntry = Type.Object({
  id: Slug,
  metric: NonEmpty,
  value: Type.Number(),
  valueText: NonEmpty,
  unit: Type.Optional(NonEmpty),
  qualifier: Type.Union(QUALIFIERS.map((q) => Type.Literal(q))),
  date: IsoDate,
  datePrecision: Type.Optional(Type.Union(PRECISIONS.map((p) => Type.Literal(p)))),
  periodStart: Type.Optional(IsoDate),
  region: Code,
  organ: Type.Optional(Type.Union([Slug, Type.Null()])),
  event: Type.Optional(Type.Union([Slug, Type.Null()])),
  ...Locator,
  inferred: Type.Optional(Type.Boolean()),
  corrected: Type.Optional(Type.Boolean()),
  note: Type.Optional(NonEmpty),
}, closed)

export const CitationEntry = Type.Object({
  organ: Type.Optional(Slug),
  event: Type.Optional(Slug),
  ...Locator,
}, closed)

export const IgnoreEntry = Type.Object({
  ...Locator,
  all: Type.Optional(Type.Boolean()),
  reason: NonEmpty,
}, closed)

export const FactsFile = Type.Object({
  document: Slug,
  indicators: Type.Optional(Type.Array(Type.Unknown())),
  citations: Type.Optional(Type.Array(Type.Unknown())),
  ignore: Type.Optional(Type.Array(Type.Unknown())),
}, closed)

export type DocumentEntry = Static<typeof DocumentEntry>
export type MetricEntry = Static<typeof MetricEntry>
export type OrganEntry = Static<typeof OrganEntry>
export type EventEntry = Static<typeof EventEntry>
export type IndicatorEntry = Static<typeof IndicatorEntry>
export type CitationEntry = Static<typeof CitationEntry>
export type IgnoreEntry = Static<typeof IgnoreEntry>
export type ChromeEntry = Static<typeof ChromeEntry>
