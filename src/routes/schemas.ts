// Response schemas of the REST contract. They drive serialization, the CSV columns and openapi.yaml.
import { Type } from 'typebox'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
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
  level: Type.Union([Type.Literal('country'), Type.Literal('province'), Type.Literal('prefecture'), Type.Literal('county')]),
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

export const Metric = Type.Object({
  code: Type.String({ examples: ['education.warning.participants'] }), name: Type.String(), unit: Type.String(),
  category: Type.String(), description: Type.String(), indicatorCount: Type.Integer(),
}, { additionalProperties: false })

export const Indicator = Type.Object({
  id: Type.String(),
  metric: Type.Object({ code: Type.String(), name: Type.String(), unit: Type.String(), category: Type.String() }, { additionalProperties: false }),
  value: Type.Number({ description: 'Normalized number: "2.07 million" → 2070000, "5700余" → 5700' }),
  valueText: Type.String({ description: 'The number exactly as written' }),
  unit: Type.String(),
  qualifier: Type.Union(['exact', 'more_than', 'at_least', 'nearly', 'approximately'].map((q) => Type.Literal(q))),
  date: IsoDate,
  datePrecision: Precision,
  periodStart: Type.Union([IsoDate, Type.Null()]),
  periodStartPrecision: NullablePrecision,
  region: RegionRef,
  organ: Type.Union([OrganRef, Type.Null()]),
  event: Type.Union([Type.Object({ id: Type.String(), title: Type.String() }, { additionalProperties: false }), Type.Null()]),
  source: Citation,
  inferred: Type.Boolean({ description: 'True when region, date or value was inferred rather than stated; see note' }),
  note: Nullable(Type.String()),
}, { additionalProperties: false })

export const SummaryRow = Type.Object({
  key: Type.String(), label: Type.String(), count: Type.Integer(), sum: Type.Number(), min: Type.Number(), max: Type.Number(),
  documents: Type.Integer({ description: 'Number of distinct documents' }),
}, { additionalProperties: false })

export const Document = Type.Object({
  id: Type.String(), fileName: Type.String(), sha256: Type.String(), title: Type.String(), titleOriginal: Nullable(Type.String()),
  language: Type.String(), publisher: Nullable(Type.String()), publishedAt: Type.Union([IsoDate, Type.Null()]),
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
