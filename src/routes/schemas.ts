// Response schemas of the REST contract. They drive serialization, the CSV columns and openapi.yaml.
import { Type } from 'typebox'
import { DIMENSIONS, DATE_BASES, LANGUAGES, QUALIFIERS, REGION_BASES, REGION_LEVELS, VALUE_BASES } from '../domain/index.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const literals = (values: readonly string[], options: Record<string, unknown> = {}) => Type.Union(values.map((v) => Type.Literal(v)), options)
const Precision = Type.Union([Type.Literal('year'), Type.Literal('month'), Type.Literal('day')])
const NullablePrecision = Type.Union([Precision, Type.Null()])
const IsoDate = Type.String({ description: 'ISO 8601 date of reduced precision: YYYY, YYYY-MM or YYYY-MM-DD', examples: ['2021-07-26'] })

export const RegionRef = Type.Object({
  code: Type.String({ examples: ['430700'] }), name: Type.String(), nameZh: Type.String(), level: Type.String(),
}, { additionalProperties: false })

export const Region = Type.Object({
  code: Type.String({ description: 'GB/T 2260 code, or CN for the whole country', examples: ['430700'] }),
  name: Type.String({ examples: ['Changde'] }),
  nameZh: Type.String({ examples: ['常德市'] }),
  nameZhHant: Type.String({ examples: ['常德市'] }),
  level: literals(REGION_LEVELS),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  hasData: Type.Boolean({ description: 'Whether any indicator is about this region or one inside it' }),
}, { additionalProperties: false })

export const RegionDetail = Type.Object({
  ...Region.properties,
  parent: Type.Union([Region, Type.Null()]),
  ancestors: Type.Array(Region, { description: 'From the country down to the parent' }),
  children: Type.Array(Region),
  indicatorCount: Type.Integer({ description: 'Indicators about this region and the regions inside it' }),
}, { additionalProperties: false })

export const Citation = Type.Object({
  documentId: Type.String(), quote: Type.String(),
  start: Type.Integer({ description: 'Offset of the quote in the raw text, in UTF-16 code units' }),
  end: Type.Integer({ description: 'End offset (exclusive): text.slice(start, end) === quote' }),
}, { additionalProperties: false })

export const Organ = Type.Object({
  id: Type.String(), name: Type.String(), nameZh: Nullable(Type.String()), kind: Type.String(), level: Type.String(),
  region: RegionRef, parentId: Nullable(Type.String()), inferred: Type.Boolean(), note: Nullable(Type.String()),
}, { additionalProperties: false })

const OrganRef = Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }, { additionalProperties: false })
const EventRef = Type.Object({ id: Type.String(), title: Type.String() }, { additionalProperties: false })

export const OrganDetail = Type.Object({
  ...Organ.properties,
  parent: Type.Union([Organ, Type.Null()]),
  children: Type.Array(Organ),
  events: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), role: Type.String() }, { additionalProperties: false })),
  citations: Type.Array(Citation),
  indicatorCount: Type.Integer(),
}, { additionalProperties: false })

export const Event = Type.Object({
  id: Type.String(), title: Type.String(), titleZh: Nullable(Type.String()), kind: Type.String(),
  startDate: Type.Union([IsoDate, Type.Null()]), startPrecision: NullablePrecision,
  endDate: Type.Union([IsoDate, Type.Null()]), endPrecision: NullablePrecision,
  region: RegionRef, parentId: Nullable(Type.String()), description: Nullable(Type.String()),
  inferred: Type.Boolean(), note: Nullable(Type.String()),
}, { additionalProperties: false })

export const EventDetail = Type.Object({
  ...Event.properties,
  parent: Type.Union([Event, Type.Null()]),
  children: Type.Array(Event),
  organs: Type.Array(Type.Object({ ...OrganRef.properties, role: Type.String() }, { additionalProperties: false })),
  citations: Type.Array(Citation),
  indicatorCount: Type.Integer({ description: 'Indicators of this event and its child events' }),
}, { additionalProperties: false })

export const MetricDimension = Type.Object({
  name: Type.String({ examples: ['form'] }), label: Type.String(), description: Type.String(),
  values: Type.Array(Type.Object({
    value: Type.String({ examples: ['1'] }), label: Type.String(),
    total: Type.Boolean({ description: 'The value stands for all the others together; a sum over the dimension leaves it out' }),
  }, { additionalProperties: false }), { description: 'The values the metric allows, in order' }),
}, { additionalProperties: false })

export const MetricCoverage = Type.Object({
  count: Type.Integer({ description: 'Number of indicators' }),
  firstDate: Type.Union([IsoDate, Type.Null()], { description: 'The earliest indicator date' }),
  lastDate: Type.Union([IsoDate, Type.Null()], { description: 'The latest indicator date' }),
  regions: Type.Array(Type.Object({ ...RegionRef.properties, count: Type.Integer() }, { additionalProperties: false }), { description: 'The regions the indicators are about, by code' }),
  documents: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), count: Type.Integer() }, { additionalProperties: false }), { description: 'The documents the indicators come from, by id' }),
}, { additionalProperties: false })

export const Metric = Type.Object({
  code: Type.String({ examples: ['education.warning.participants'] }), name: Type.String(), unit: Type.String(),
  category: Type.String(), description: Type.String(), indicatorCount: Type.Integer(),
  dimensions: Type.Array(MetricDimension, { description: 'The dimensions the metric declares: every indicator of it gives a value for each' }),
  coverage: MetricCoverage,
}, { additionalProperties: false })

/** An indicator's dimension values: one optional member per dimension of the vocabulary, so CSV has a column for each. */
const IndicatorDimensions = Type.Object(Object.fromEntries(DIMENSIONS.map((d) => [
  d.name, Type.Optional(literals(d.values.map((v) => v.value), { description: d.label })),
])), { additionalProperties: false, description: 'The value of each dimension the metric declares (see the metric\'s dimensions); {} when it declares none', examples: [{ form: '1' }] })

const basisNote = (field: string) => Nullable(Type.String({ description: `Why the ${field} is not as stated; null when it is` }))

export const Indicator = Type.Object({
  id: Type.String(),
  metric: Type.Object({ code: Type.String(), name: Type.String(), unit: Type.String(), category: Type.String() }, { additionalProperties: false }),
  value: Type.Number({ description: 'Normalized number: "2.07 million" → 2070000, "5700余" → 5700' }),
  valueText: Type.String({ description: 'The number exactly as written' }),
  unit: Type.String(),
  qualifier: literals(QUALIFIERS),
  dimensions: IndicatorDimensions,
  date: Type.String({ description: 'When the figure holds: the end of its reference period (YYYY, YYYY-MM or YYYY-MM-DD)', examples: ['2021-07-26'] }),
  datePrecision: Precision,
  periodStart: Type.Union([IsoDate, Type.Null()], { description: 'Start of the reference period periodStart..date, when the text gives one' }),
  periodStartPrecision: NullablePrecision,
  region: RegionRef,
  organ: Type.Union([OrganRef, Type.Null()]),
  event: Type.Union([EventRef, Type.Null()], { description: 'The campaign phase, action or activity the figure belongs to' }),
  phase: Type.Union([EventRef, Type.Null()], { description: 'The campaign phase of the event (first batch, "looking back", second batch): figures of one phase are comparable' }),
  source: Citation,
  valueBasis: literals(VALUE_BASES, { description: 'stated; corrected (a garbled number read by the curator); derived (computed from stated figures)' }),
  valueNote: basisNote('value'),
  dateBasis: literals(DATE_BASES, { description: 'How the reference period was obtained: stated; context (the document\'s framing gives it); inferred (reasoned by the curator)' }),
  dateNote: basisNote('reference period'),
  regionBasis: literals(REGION_BASES, { description: 'stated, or inferred by the curator' }),
  regionNote: basisNote('region'),
  inferred: Type.Boolean({ description: 'True when some field was reasoned by the curator: valueBasis other than stated, or dateBasis or regionBasis inferred' }),
  note: Nullable(Type.String({ description: 'How the figure was read, when that needs saying' })),
}, { additionalProperties: false })

export const SummaryRow = Type.Object({
  key: Type.String(), label: Type.String(), count: Type.Integer(), sum: Type.Number(), min: Type.Number(), max: Type.Number(),
  documents: Type.Integer({ description: 'Number of distinct documents' }),
}, { additionalProperties: false })

export const Document = Type.Object({
  id: Type.String(), fileName: Type.String(), sha256: Type.String(), title: Type.String({ description: 'Title in English' }),
  titleOriginal: Nullable(Type.String({ description: 'The headline as the document gives it (in Chinese, or the machine translation)' })),
  language: literals(LANGUAGES), publisher: Nullable(Type.String({ description: 'The original publisher, when known' })),
  provenance: Type.String({ description: 'What this copy is and where it comes from (a mirror site, a content farm, ...)' }),
  publishedAt: Type.Union([IsoDate, Type.Null()]),
  publishedAtPrecision: NullablePrecision, regionCode: Nullable(Type.String()), inferred: Type.Boolean(),
  note: Nullable(Type.String()), charCount: Type.Integer({ description: 'Length of the raw text in UTF-16 code units' }),
}, { additionalProperties: false })

export const Span = Type.Object({
  type: Type.Union([Type.Literal('indicator'), Type.Literal('event'), Type.Literal('organ')]),
  id: Type.String(), start: Type.Integer(), end: Type.Integer(), quote: Type.String(),
}, { additionalProperties: false })

export const DocumentDetail = Type.Object({
  ...Document.properties,
  text: Type.String({ description: 'The raw text as stored; offsets refer to it' }),
  normalizedText: Type.String({ description: 'Text without page chrome and scraper pinyin, for reading and search' }),
  spans: Type.Array(Span),
}, { additionalProperties: false })

export const DatasetInfo = Type.Object({
  name: Type.String(),
  version: Type.String({ description: 'Hash of the seed data the database was built from' }),
  counts: Type.Record(Type.String(), Type.Integer()),
  documents: Type.Array(Type.Object({
    id: Type.String(), fileName: Type.String(), sha256: Type.String(), title: Type.String(), language: Type.String(),
  }, { additionalProperties: false })),
  links: Type.Record(Type.String(), Type.String()),
}, { additionalProperties: false })
