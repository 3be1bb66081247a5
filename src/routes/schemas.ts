// Response schemas of the REST contract. They drive serialization, the CSV columns and openapi.yaml;
// each resource is a named schema (components/schemas in openapi.yaml) that others refer to.
import { Type } from 'typebox'
import { DIMENSIONS, DATE_BASES, LANGUAGES, QUALIFIERS, REGION_BASES, REGION_LEVELS, VALUE_BASES } from '../domain/index.js'
import { named } from './registry.js'

const Ref = (id: string) => Type.Ref(id)
const NullableRef = (id: string, options: Record<string, unknown> = {}) => Type.Union([Type.Ref(id), Type.Null()], options)

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const literals = (values: readonly string[], options: Record<string, unknown> = {}) => Type.Union(values.map((v) => Type.Literal(v)), options)
const Precision = Type.Union([Type.Literal('year'), Type.Literal('month'), Type.Literal('day')])
const NullablePrecision = Type.Union([Precision, Type.Null()])
const IsoDate = Type.String({ description: 'ISO 8601 date of reduced precision: YYYY, YYYY-MM or YYYY-MM-DD', examples: ['2021-07-26'] })

export const RegionRef = named('RegionRef', Type.Object({
  code: Type.String({ examples: ['430700'] }), name: Type.String(), nameZh: Type.String(), level: Type.String(),
}, { additionalProperties: false, description: 'A region, by code and name' }))

export const Region = named('Region', Type.Object({
  code: Type.String({ description: 'GB/T 2260 code, or CN for the whole country', examples: ['430700'] }),
  name: Type.String({ examples: ['Changde'] }),
  nameZh: Type.String({ examples: ['常德市'] }),
  nameZhHant: Type.String({ examples: ['常德市'] }),
  level: literals(REGION_LEVELS),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  hasData: Type.Boolean({ description: 'Whether any indicator is about this region or one inside it' }),
}, { additionalProperties: false, description: 'A region of the gazetteer' }))

export const RegionDetail = named('RegionDetail', Type.Object({
  ...Region.properties,
  parent: NullableRef('Region'),
  ancestors: Type.Array(Ref('Region'), { description: 'From the country down to the parent' }),
  children: Type.Array(Ref('Region')),
  indicatorCount: Type.Integer({ description: 'Indicators about this region and the regions inside it' }),
}, { additionalProperties: false, description: 'A region with its parent, ancestors and children' }))

export const Citation = named('Citation', Type.Object({
  documentId: Type.String(), quote: Type.String(),
  start: Type.Integer({ description: 'Offset of the quote in the raw text, in UTF-16 code units' }),
  end: Type.Integer({ description: 'End offset (exclusive): text.slice(start, end) === quote' }),
}, { additionalProperties: false, description: 'A verbatim quote and where it stands in its document\'s raw text' }))

export const Organ = named('Organ', Type.Object({
  id: Type.String(), name: Type.String(), nameZh: Nullable(Type.String()), kind: Type.String(), level: Type.String(),
  region: Ref('RegionRef'), parentId: Nullable(Type.String()), inferred: Type.Boolean(), note: Nullable(Type.String()),
}, { additionalProperties: false, description: 'A political-legal organ or campaign body' }))

const OrganRef = named('OrganRef', Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }, { additionalProperties: false, description: 'An organ, by id and name' }))
named('EventRef', Type.Object({ id: Type.String(), title: Type.String() }, { additionalProperties: false, description: 'An event, by id and title' }))

export const OrganDetail = named('OrganDetail', Type.Object({
  ...Organ.properties,
  parent: NullableRef('Organ'),
  children: Type.Array(Ref('Organ')),
  events: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), role: Type.String() }, { additionalProperties: false })),
  citations: Type.Array(Ref('Citation')),
  indicatorCount: Type.Integer(),
}, { additionalProperties: false, description: 'An organ with its parent, children, events and citations' }))

export const Event = named('Event', Type.Object({
  id: Type.String(), title: Type.String(), titleZh: Nullable(Type.String()), kind: Type.String(),
  startDate: Type.Union([IsoDate, Type.Null()]), startPrecision: NullablePrecision,
  endDate: Type.Union([IsoDate, Type.Null()]), endPrecision: NullablePrecision,
  region: Ref('RegionRef'), parentId: Nullable(Type.String()), description: Nullable(Type.String()),
  inferred: Type.Boolean(), note: Nullable(Type.String()),
}, { additionalProperties: false, description: 'A campaign, phase, meeting, training, action or award' }))

export const EventDetail = named('EventDetail', Type.Object({
  ...Event.properties,
  parent: NullableRef('Event'),
  children: Type.Array(Ref('Event')),
  organs: Type.Array(Type.Object({ ...OrganRef.properties, role: Type.String() }, { additionalProperties: false })),
  citations: Type.Array(Ref('Citation')),
  indicatorCount: Type.Integer({ description: 'Indicators of this event and its child events' }),
}, { additionalProperties: false, description: 'An event with its parent, children, organs and citations' }))

export const MetricDimension = named('MetricDimension', Type.Object({
  name: Type.String({ examples: ['form'] }), label: Type.String(), description: Type.String(),
  values: Type.Array(Type.Object({
    value: Type.String({ examples: ['1'] }), label: Type.String(),
    total: Type.Boolean({ description: 'The value stands for all the others together; a sum over the dimension leaves it out' }),
  }, { additionalProperties: false }), { description: 'The values the metric allows, in order' }),
}, { additionalProperties: false, description: 'A dimension a metric declares, with the values it allows' }))

export const MetricCoverage = named('MetricCoverage', Type.Object({
  count: Type.Integer({ description: 'Number of indicators' }),
  firstDate: Type.Union([IsoDate, Type.Null()], { description: 'The earliest indicator date' }),
  lastDate: Type.Union([IsoDate, Type.Null()], { description: 'The latest indicator date' }),
  regions: Type.Array(Type.Object({ ...RegionRef.properties, count: Type.Integer() }, { additionalProperties: false }), { description: 'The regions the indicators are about, by code' }),
  documents: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), count: Type.Integer() }, { additionalProperties: false }), { description: 'The documents the indicators come from, by id' }),
}, { additionalProperties: false, description: 'How many indicators a metric has, over which regions, documents and dates' }))

export const Metric = named('Metric', Type.Object({
  code: Type.String({ examples: ['education.warning.participants'] }), name: Type.String(), unit: Type.String(),
  category: Type.String(), description: Type.String(), indicatorCount: Type.Integer(),
  dimensions: Type.Array(Ref('MetricDimension'), { description: 'The dimensions the metric declares: every indicator of it gives a value for each' }),
  coverage: Ref('MetricCoverage'),
}, { additionalProperties: false, description: 'A measure of the catalog, with its dimensions and coverage' }))

/** An indicator's dimension values: one optional member per dimension of the vocabulary, so CSV has a column for each. */
export const IndicatorDimensions = named('IndicatorDimensions', Type.Object(Object.fromEntries(DIMENSIONS.map((d) => [
  d.name, Type.Optional(literals(d.values.map((v) => v.value), { description: d.label })),
])), { additionalProperties: false, description: 'The value of each dimension the metric declares (see the metric\'s dimensions); {} when it declares none', examples: [{ form: '1' }] }))

const basisNote = (field: string) => Nullable(Type.String({ description: `Why the ${field} is not as stated; null when it is` }))

export const Indicator = named('Indicator', Type.Object({
  id: Type.String(),
  metric: Type.Object({ code: Type.String(), name: Type.String(), unit: Type.String(), category: Type.String() }, { additionalProperties: false }),
  value: Type.Number({ description: 'Normalized number: "2.07 million" → 2070000, "5700余" → 5700' }),
  valueText: Type.String({ description: 'The number exactly as written' }),
  unit: Type.String(),
  qualifier: literals(QUALIFIERS),
  dimensions: Ref('IndicatorDimensions'),
  date: Type.String({ description: 'When the figure holds: the end of its reference period (YYYY, YYYY-MM or YYYY-MM-DD)', examples: ['2021-07-26'] }),
  datePrecision: Precision,
  periodStart: Type.Union([IsoDate, Type.Null()], { description: 'Start of the reference period periodStart..date, when the text gives one' }),
  periodStartPrecision: NullablePrecision,
  region: Ref('RegionRef'),
  organ: NullableRef('OrganRef'),
  event: NullableRef('EventRef', { description: 'The campaign phase, action or activity the figure belongs to' }),
  phase: NullableRef('EventRef', { description: 'The campaign phase of the event (first batch, "looking back", second batch): figures of one phase are comparable' }),
  source: Ref('Citation'),
  valueBasis: literals(VALUE_BASES, { description: 'stated; corrected (a garbled number read by the curator); derived (computed from stated figures)' }),
  valueNote: basisNote('value'),
  dateBasis: literals(DATE_BASES, { description: 'How the reference period was obtained: stated; context (the document\'s framing gives it); inferred (reasoned by the curator)' }),
  dateNote: basisNote('reference period'),
  regionBasis: literals(REGION_BASES, { description: 'stated, or inferred by the curator' }),
  regionNote: basisNote('region'),
  inferred: Type.Boolean({ description: 'True when some field was reasoned by the curator: valueBasis other than stated, or dateBasis or regionBasis inferred' }),
  note: Nullable(Type.String({ description: 'How the figure was read, when that needs saying' })),
}, { additionalProperties: false, description: 'A figure a document states, with its metric, region, period and cited source' }))

export const Document = named('Document', Type.Object({
  id: Type.String(), fileName: Type.String(), sha256: Type.String(), title: Type.String({ description: 'Title in English' }),
  titleOriginal: Nullable(Type.String({ description: 'The headline as the document gives it (in Chinese, or the machine translation)' })),
  language: literals(LANGUAGES), publisher: Nullable(Type.String({ description: 'The original publisher, when known' })),
  provenance: Type.String({ description: 'What this copy is and where it comes from (a mirror site, a content farm, ...)' }),
  publishedAt: Type.Union([IsoDate, Type.Null()]),
  publishedAtPrecision: NullablePrecision, regionCode: Nullable(Type.String()), inferred: Type.Boolean(),
  note: Nullable(Type.String()), charCount: Type.Integer({ description: 'Length of the raw text in UTF-16 code units' }),
}, { additionalProperties: false, description: 'A source document' }))

export const Span = named('Span', Type.Object({
  type: Type.Union([Type.Literal('indicator'), Type.Literal('event'), Type.Literal('organ')]),
  id: Type.String(), start: Type.Integer(), end: Type.Integer(), quote: Type.String(),
}, { additionalProperties: false, description: 'A cited span of a document: what it is the source of, and where' }))

export const DocumentDetail = named('DocumentDetail', Type.Object({
  ...Document.properties,
  text: Type.String({ description: 'The raw text as stored; offsets refer to it' }),
  normalizedText: Type.String({ description: 'Text without page chrome and scraper pinyin, for reading and search' }),
  spans: Type.Array(Ref('Span')),
}, { additionalProperties: false, description: 'A source document with its text and cited spans' }))

export const DatasetInfo = named('DatasetInfo', Type.Object({
  name: Type.String(),
  version: Type.String({ description: 'Hash of the seed data the database was built from' }),
  counts: Type.Record(Type.String(), Type.Integer()),
  documents: Type.Array(Type.Object({
    id: Type.String(), fileName: Type.String(), sha256: Type.String(), title: Type.String(), language: Type.String(),
  }, { additionalProperties: false })),
  links: Type.Record(Type.String(), Type.String()),
}, { additionalProperties: false, description: 'The dataset: its version, counts, documents and the API\'s entry points' }))

const dimensionValues = (nullable: boolean) => Object.fromEntries(DIMENSIONS.map((d) => {
  const values = literals(d.values.map((v) => v.value), { description: d.label })
  return [d.name, Type.Optional(nullable ? Type.Union([values, Type.Null()], { description: d.label }) : values)]
}))

export const SummaryRow = named('SummaryRow', Type.Object({
  key: Type.String({ description: 'The metric and the group\'s keys, joined with |: unique within a summary', examples: ['education.warning.participants|440000'] }),
  metric: Type.Object({ code: Type.String(), name: Type.String(), category: Type.String() }, { additionalProperties: false }),
  unit: Type.String({ description: 'The unit of every figure of the row: rows never mix units' }),
  region: Type.Optional(Ref('RegionRef')),
  category: Type.Optional(Type.String()),
  organ: Type.Optional(Type.Union([Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false }), Type.Null()])),
  organKind: Type.Optional(Nullable(Type.String())),
  document: Type.Optional(Type.Object({ id: Type.String(), title: Type.String() }, { additionalProperties: false })),
  year: Type.Optional(Type.String()),
  month: Type.Optional(Nullable(Type.String({ description: 'YYYY-MM; null for figures dated to the year' }))),
  phase: Type.Optional(NullableRef('EventRef', { description: 'The campaign phase; null for figures outside the phases' })),
  dimensions: Type.Optional(Type.Object(dimensionValues(true), { additionalProperties: false, description: 'The values of the dimensions grouped by; null where the metric does not declare the dimension' })),
  count: Type.Integer({ description: 'Figures in the group' }),
  summed: Type.Integer({ description: 'Figures added up in sum: those that no other figure of the group contains (a figure for a province contains its prefectures\' and counties\'; activity "all" contains the single activities; a region-wide figure contains its organs\')' }),
  sum: Type.Union([Type.Number(), Type.Null()], { description: 'The sum of the summed figures; null when they may overlap or their unit does not add up (see sumNote)' }),
  sumNote: Nullable(Type.String({ description: 'Why sum is null' })),
  min: Type.Number(),
  max: Type.Number(),
  basis: Type.Union([literals(['stated', 'parts', 'mixed']), Type.Null()], {
    description: 'With region in groupBy: stated when the sum is of figures stated for the region itself (its parts are then not added), parts when it adds up figures of regions inside it, mixed when both (for different dimension values or organs); null without region',
  }),
  documents: Type.Array(Type.String(), { description: 'The ids of the documents the figures come from' }),
  indicators: Type.Array(Type.String(), { description: 'The ids of the figures (the first 100; count says how many)' }),
}, { additionalProperties: false, description: 'One group of an indicator summary: one metric, one unit' }))

export const SummaryOmission = named('SummaryOmission', Type.Object({
  reason: literals(['above_level', 'no_region_at_level']),
  detail: Type.String(),
  count: Type.Integer(),
  indicators: Type.Array(Type.String(), { description: 'The ids of the figures left out (the first 100)' }),
}, { additionalProperties: false, description: 'Figures a roll-up leaves out, and why' }))

export const Summary = named('Summary', Type.Object({
  data: Type.Array(Ref('SummaryRow')),
  groupBy: Type.Array(Type.String()),
  rollup: Type.Union([literals(['province', 'prefecture', 'county']), Type.Null()]),
  omitted: Type.Array(Ref('SummaryOmission'), { description: 'With rollup: the figures that belong to no region of the level' }),
}, { additionalProperties: false, description: 'Groups of indicators, ordered by metric and then by the keys' }))

const observationCore = {
  region: Type.String({ description: 'Region code' }), regionName: Type.String(), regionLevel: literals(REGION_LEVELS),
  organ: Nullable(Type.String({ description: 'Organ id, when the figure is one organ\'s' })),
  phase: Nullable(Type.String({ description: 'Campaign phase id; null outside the phases' })),
  periodStart: Type.Union([IsoDate, Type.Null()], { description: 'Start of the reference period' }),
  date: IsoDate,
}

export const Observation = named('Observation', Type.Object({
  ...observationCore,
  datePrecision: Precision,
  metric: Type.String(), metricName: Type.String(), unit: Type.String(),
  ...dimensionValues(false),
  value: Type.Number(), valueText: Type.String(), qualifier: literals(QUALIFIERS),
  indicator: Type.String({ description: 'Indicator id' }), document: Type.String({ description: 'Document id' }),
}, { additionalProperties: false, description: 'One figure as a flat row of a tidy table: a field for each dimension its metric declares' }))

export const WideObservation = named('WideObservation', Type.Object({
  ...observationCore,
  indicators: Type.Array(Type.String(), { description: 'The figures in the row' }),
}, {
  additionalProperties: Type.Union([Type.Number(), Type.Null()]),
  description: 'One region, organ, period and phase, with a value (or null) for each column of the table: a metric code, followed by |name=value,... for dimension values',
}))

export const ObservationColumn = named('ObservationColumn', Type.Object({
  name: Type.String({ examples: ['discipline.four_forms.share|form=1'] }), metric: Type.String(), metricName: Type.String(), unit: Type.String(),
  dimensions: Ref('IndicatorDimensions'),
}, { additionalProperties: false, description: 'A value column of the wide table' }))

export const ComparableSeries = named('ComparableSeries', Type.Object({
  metric: Type.String(), dimensions: Ref('IndicatorDimensions'),
  phase: Nullable(Type.String()), periodStart: Type.Union([IsoDate, Type.Null()]), date: IsoDate,
  regions: Type.Integer({ description: 'Regions with a figure of this period and phase' }),
  excluded: Type.Integer({ description: 'Figures of the series left out: other periods or phases' }),
}, { additionalProperties: false, description: 'The period and phase a series keeps in comparable mode' }))

export const Observations = named('Observations', Type.Object({
  shape: literals(['long', 'wide']),
  data: Type.Array(Type.Union([Ref('Observation'), Ref('WideObservation')])),
  columns: Type.Array(Ref('ObservationColumn'), { description: 'The value columns of the wide shape; [] for the long one' }),
  dimensions: Type.Array(Type.String(), { description: 'The dimension fields the long rows carry' }),
  comparable: Type.Union([Type.Array(Ref('ComparableSeries')), Type.Null()], { description: 'With comparable=true, what each series kept; null otherwise' }),
}, { additionalProperties: false, description: 'A tidy table of figures: long (one row per figure) or wide (one column per metric)' }))

export const SearchHit = named('SearchHit', Type.Object({
  type: literals(['document', 'indicator', 'citation', 'metric', 'organ', 'event', 'region']),
  id: Type.String({ description: 'Document, indicator, metric code, organ, event or region code; for a citation its number' }),
  label: Type.String(),
  score: Type.Number({ description: 'bm25: lower is better' }),
  field: Type.String({ description: 'The field the snippet is from: text, quote, name, nameZh, nameZhHant, pinyin, title, titleZh, description, code, metric, region, organ, dimension, subject' }),
  snippet: Type.String({ description: 'An excerpt of the field, HTML-escaped, with the matches in <mark>…</mark>' }),
  source: Type.Union([Type.Object({
    documentId: Type.String(),
    start: Type.Integer({ description: 'Raw offset of the first match (UTF-16 code units)' }),
    end: Type.Integer(),
    matches: Type.Array(Type.Object({ start: Type.Integer(), end: Type.Integer() }, { additionalProperties: false }), { description: 'Raw offsets of every match in the field' }),
  }, { additionalProperties: false }), Type.Null()], { description: 'For a passage of a document or a quote: where the matches stand in the raw text (text.slice(start, end)); null otherwise' }),
  subject: Type.Union([Type.Object({ type: literals(['organ', 'event']), id: Type.String() }, { additionalProperties: false }), Type.Null()], { description: 'What a citation cites' }),
}, { additionalProperties: false, description: 'One search hit' }))

export const SearchResults = named('SearchResults', Type.Object({
  data: Type.Array(Ref('SearchHit')),
  page: Ref('PageInfo'),
  total: Type.Integer({ description: 'Hits in all' }),
}, { additionalProperties: false, description: 'A page of search hits, best first' }))

export const Landing = named('Landing', Type.Object({
  name: Type.String(),
  description: Type.String(),
  version: Type.String({ description: 'The dataset version' }),
  links: Type.Object({
    api: Type.String(), docs: Type.String(), openapi: Type.String(), graphql: Type.String(), graphiql: Type.String(),
  }, { additionalProperties: false }),
}, { additionalProperties: false, description: 'What this server is, and where to go next' }))
