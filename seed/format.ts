// The shapes of the curated seed files. Every object is closed (additionalProperties: false), so a
// misspelt field is an error rather than a silently dropped value. The closed lists they use
// (kinds, levels, units, bases) are the domain vocabulary in src/domain.
import { Type, type Static } from 'typebox'
import {
  ORGAN_KINDS, ORGAN_LEVELS, EVENT_KINDS, QUALIFIERS, PRECISIONS, UNITS, LANGUAGES, VALUE_BASES, DATE_BASES,
  REGION_BASES,
} from '../src/domain/index.js'

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)))

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 120 })
const Code = Type.Union([Type.String({ minLength: 1 }), Type.Integer()])
const IsoDate = Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' })
const NonEmpty = Type.String({ minLength: 1 })
const closed = { additionalProperties: false } as const
// An entry a curation draft proposed and nobody has reviewed yet: the loader refuses it unless told
// to load drafts (`--allow-drafts`), and `npm run curate -- review` settles it.
const Review = Type.Optional(Type.Literal('pending'))

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
  // SHA-256 of the text file's bytes, when recorded: the loader checks that the file is unchanged.
  sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  title: NonEmpty,
  titleOriginal: Type.Optional(NonEmpty),
  language: literals(LANGUAGES),
  publisher: Type.Optional(NonEmpty),
  provenance: NonEmpty,
  publishedAt: Type.Optional(IsoDate),
  publishedAtPrecision: Type.Optional(literals(PRECISIONS)),
  region: Type.Optional(Code),
  inferred: Type.Optional(Type.Boolean()),
  note: Type.Optional(NonEmpty),
  stripPinyin: Type.Optional(Type.Boolean()),
  chrome: Type.Optional(Type.Array(ChromeEntry)),
  review: Review,
}, closed)

// A revision of the catalog: the codes a metric replaces, and why.
export const MetricRevision = Type.Object({
  change: literals(['merge', 'split', 'rename']),
  codes: Type.Array(NonEmpty, { minItems: 1 }),
  argument: NonEmpty,
}, closed)

export const MetricEntry = Type.Object({
  // category.subject.measure, exactly three segments.
  code: Type.String({ pattern: '^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$' }),
  name: NonEmpty,
  unit: literals(UNITS),
  description: NonEmpty,
  // Declared dimensions, each with the values the metric allows, in order.
  dimensions: Type.Optional(Type.Record(Type.String(), Type.Array(NonEmpty, { minItems: 1 }))),
  replaces: Type.Optional(MetricRevision),
}, closed)

export const OrganEntry = Type.Object({
  id: Slug,
  name: NonEmpty,
  nameZh: Type.Optional(NonEmpty),
  kind: literals(ORGAN_KINDS),
  level: literals(ORGAN_LEVELS),
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
  kind: literals(EVENT_KINDS),
  start: Type.Optional(IsoDate),
  startPrecision: Type.Optional(literals(PRECISIONS)),
  end: Type.Optional(IsoDate),
  endPrecision: Type.Optional(literals(PRECISIONS)),
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
  qualifier: literals(QUALIFIERS),
  dimensions: Type.Optional(Type.Record(Type.String(), NonEmpty)),
  date: IsoDate,
  datePrecision: Type.Optional(literals(PRECISIONS)),
  periodStart: Type.Optional(IsoDate),
  region: Code,
  organ: Type.Optional(Type.Union([Slug, Type.Null()])),
  event: Type.Optional(Type.Union([Slug, Type.Null()])),
  ...Locator,
  // How value, reference period and region were obtained; `stated` when left out. Every other
  // basis needs its note.
  valueBasis: Type.Optional(literals(VALUE_BASES)),
  valueNote: Type.Optional(NonEmpty),
  dateBasis: Type.Optional(literals(DATE_BASES)),
  dateNote: Type.Optional(NonEmpty),
  regionBasis: Type.Optional(literals(REGION_BASES)),
  regionNote: Type.Optional(NonEmpty),
  note: Type.Optional(NonEmpty),
  review: Review,
  // How sure the draft was of its proposal (0 to 1), and how it read each field: only on pending entries.
  confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  reasons: Type.Optional(NonEmpty),
}, closed)

// An indicator taken out of the dataset: its id stays reserved, with the reason.
export const DroppedEntry = Type.Object({ id: Slug, reason: NonEmpty }, closed)

export const CitationEntry = Type.Object({
  organ: Type.Optional(Slug),
  event: Type.Optional(Slug),
  ...Locator,
}, closed)

export const IgnoreEntry = Type.Object({
  ...Locator,
  all: Type.Optional(Type.Boolean()),
  reason: NonEmpty,
  review: Review,
}, closed)

export const FactsFile = Type.Object({
  document: Slug,
  indicators: Type.Optional(Type.Array(Type.Unknown())),
  citations: Type.Optional(Type.Array(Type.Unknown())),
  ignore: Type.Optional(Type.Array(Type.Unknown())),
  dropped: Type.Optional(Type.Array(Type.Unknown())),
}, closed)

export type DocumentEntry = Static<typeof DocumentEntry>
export type MetricEntry = Static<typeof MetricEntry>
export type OrganEntry = Static<typeof OrganEntry>
export type EventEntry = Static<typeof EventEntry>
export type IndicatorEntry = Static<typeof IndicatorEntry>
export type CitationEntry = Static<typeof CitationEntry>
export type IgnoreEntry = Static<typeof IgnoreEntry>
export type DroppedEntry = Static<typeof DroppedEntry>
export type MetricRevision = Static<typeof MetricRevision>
export type ChromeEntry = Static<typeof ChromeEntry>
