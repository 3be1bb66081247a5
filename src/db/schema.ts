// The dataset's tables, defined once. camelCase in TypeScript, snake_case in SQL.
// Every fact row carries its citation (document, verbatim quote, UTF-16 offsets into the raw text).
import { sqliteTable, text, integer, real, index, primaryKey, uniqueIndex, foreignKey } from 'drizzle-orm/sqlite-core'

export const datasetInfo = sqliteTable('dataset_info', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

export const documents = sqliteTable('documents', {
  id: text('id').primaryKey(),
  fileName: text('file_name').notNull().unique(),
  sha256: text('sha256').notNull(),
  title: text('title').notNull(),
  titleOriginal: text('title_original'),
  language: text('language').notNull(),
  publisher: text('publisher'),
  // What the copy is and where it comes from (a mirror site, a content farm, an essay site, ...).
  // The seed requires it; the default only lets the column be added to an existing table.
  provenance: text('provenance').notNull().default(''),
  publishedAt: text('published_at'),
  publishedAtPrecision: text('published_at_precision'),
  regionCode: text('region_code').references(() => regions.code),
  inferred: integer('inferred', { mode: 'boolean' }).notNull().default(false),
  note: text('note'),
  rawText: text('raw_text').notNull(),
  normalizedText: text('normalized_text').notNull(),
  // Lower-cased, Simplified-Chinese fold of the normalized text, for `q` searches.
  searchText: text('search_text').notNull(),
  // Where the normalized text stands in the raw text: JSON runs [normalizedOffset, rawOffset],
  // each continuing until the next; search maps what it finds back to raw offsets with them.
  normalizedOffsets: text('normalized_offsets').notNull().default('[]'),
  charCount: integer('char_count').notNull(),
}, (t) => [index('documents_language_idx').on(t.language, t.id)])

export const regions = sqliteTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameZh: text('name_zh').notNull(),
  nameZhHant: text('name_zh_hant').notNull(),
  level: text('level', { enum: ['country', 'province', 'prefecture', 'county'] }).notNull(),
  parentCode: text('parent_code'),
  // Slash-joined ancestor chain ending in the code itself ("CN/430000/430700"): a descendant
  // query is one range scan over this column.
  path: text('path').notNull(),
  depth: integer('depth').notNull(),
  // Lower-cased English, Simplified and Traditional names, for `q`.
  searchText: text('search_text').notNull(),
}, (t) => [
  index('regions_parent_idx').on(t.parentCode, t.code),
  index('regions_level_idx').on(t.level, t.code),
  uniqueIndex('regions_path_idx').on(t.path),
])

export const organs = sqliteTable('organs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameZh: text('name_zh'),
  kind: text('kind').notNull(),
  level: text('level').notNull(),
  regionCode: text('region_code').notNull().references(() => regions.code),
  parentId: text('parent_id'),
  inferred: integer('inferred', { mode: 'boolean' }).notNull().default(false),
  note: text('note'),
  searchText: text('search_text').notNull(),
}, (t) => [
  index('organs_kind_idx').on(t.kind, t.id),
  index('organs_level_idx').on(t.level, t.id),
  index('organs_region_idx').on(t.regionCode, t.id),
  index('organs_parent_idx').on(t.parentId, t.id),
])

export const events = sqliteTable('events', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  titleZh: text('title_zh'),
  kind: text('kind').notNull(),
  startDate: text('start_date'),
  startPrecision: text('start_precision'),
  endDate: text('end_date'),
  endPrecision: text('end_precision'),
  regionCode: text('region_code').notNull().references(() => regions.code),
  parentId: text('parent_id'),
  // Slash-joined ancestor chain ending in the id itself, for "this event and its children".
  path: text('path').notNull(),
  description: text('description'),
  inferred: integer('inferred', { mode: 'boolean' }).notNull().default(false),
  note: text('note'),
  searchText: text('search_text').notNull(),
}, (t) => [
  index('events_kind_idx').on(t.kind, t.id),
  index('events_region_idx').on(t.regionCode, t.id),
  index('events_parent_idx').on(t.parentId, t.id),
  index('events_start_idx').on(t.startDate, t.id),
  uniqueIndex('events_path_idx').on(t.path),
])

export const eventOrgans = sqliteTable('event_organs', {
  eventId: text('event_id').notNull().references(() => events.id),
  organId: text('organ_id').notNull().references(() => organs.id),
  role: text('role').notNull(),
}, (t) => [
  primaryKey({ columns: [t.eventId, t.organId, t.role] }),
  index('event_organs_organ_idx').on(t.organId, t.eventId),
])

export const metrics = sqliteTable('metrics', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  unit: text('unit').notNull(),
  category: text('category').notNull(),
  description: text('description').notNull(),
  // Coverage, computed at build time (the dataset does not change between builds); the regions
  // and documents are in metric_regions and metric_documents.
  indicatorCount: integer('indicator_count').notNull().default(0),
  firstDate: text('first_date'),
  lastDate: text('last_date'),
  searchText: text('search_text').notNull(),
}, (t) => [index('metrics_category_idx').on(t.category, t.code)])

// The dimension vocabulary (src/domain/dimensions.ts), as used by the metrics.
export const dimensions = sqliteTable('dimensions', {
  name: text('name').primaryKey(),
  label: text('label').notNull(),
  description: text('description').notNull(),
})

export const dimensionValues = sqliteTable('dimension_values', {
  dimension: text('dimension').notNull().references(() => dimensions.name),
  value: text('value').notNull(),
  label: text('label').notNull(),
  // Stands for the whole of the dimension (all forms together); a sum over the dimension leaves it out.
  total: integer('total', { mode: 'boolean' }).notNull().default(false),
  position: integer('position').notNull(),
}, (t) => [primaryKey({ columns: [t.dimension, t.value] })])

// The dimensions each metric declares and the values it allows.
export const metricDimensions = sqliteTable('metric_dimensions', {
  metricCode: text('metric_code').notNull().references(() => metrics.code),
  dimension: text('dimension').notNull().references(() => dimensions.name),
  position: integer('position').notNull(),
}, (t) => [primaryKey({ columns: [t.metricCode, t.dimension] }), index('metric_dimensions_dimension_idx').on(t.dimension, t.metricCode)])

export const metricDimensionValues = sqliteTable('metric_dimension_values', {
  metricCode: text('metric_code').notNull().references(() => metrics.code),
  dimension: text('dimension').notNull(),
  value: text('value').notNull(),
  position: integer('position').notNull(),
}, (t) => [
  primaryKey({ columns: [t.metricCode, t.dimension, t.value] }),
  foreignKey({ columns: [t.dimension, t.value], foreignColumns: [dimensionValues.dimension, dimensionValues.value] }),
])

// Metric coverage: the regions and documents a metric's indicators come from.
export const metricRegions = sqliteTable('metric_regions', {
  metricCode: text('metric_code').notNull().references(() => metrics.code),
  regionCode: text('region_code').notNull().references(() => regions.code),
  indicatorCount: integer('indicator_count').notNull(),
}, (t) => [primaryKey({ columns: [t.metricCode, t.regionCode] })])

export const metricDocuments = sqliteTable('metric_documents', {
  metricCode: text('metric_code').notNull().references(() => metrics.code),
  documentId: text('document_id').notNull().references(() => documents.id),
  indicatorCount: integer('indicator_count').notNull(),
}, (t) => [primaryKey({ columns: [t.metricCode, t.documentId] })])

export const indicators = sqliteTable('indicators', {
  id: text('id').primaryKey(),
  metricCode: text('metric_code').notNull().references(() => metrics.code),
  category: text('category').notNull(),
  value: real('value').notNull(),
  valueText: text('value_text').notNull(),
  unit: text('unit').notNull(),
  qualifier: text('qualifier', { enum: ['exact', 'more_than', 'at_least', 'nearly', 'approximately'] }).notNull(),
  // The value of each dimension the metric declares, as a JSON object with keys in the
  // vocabulary's order ('{}' when it declares none): a group key as it stands. The same values,
  // one row each, are in indicator_dimensions for filters.
  dimensions: text('dimensions').notNull().default('{}'),
  date: text('date').notNull(),
  datePrecision: text('date_precision', { enum: ['year', 'month', 'day'] }).notNull(),
  periodStart: text('period_start'),
  periodStartPrecision: text('period_start_precision'),
  regionCode: text('region_code').notNull().references(() => regions.code),
  // The region's level and its ancestors at each level (null above the region's own level, and
  // for a level the gazetteer skips, such as a county directly under its province): the keys a
  // roll-up groups by, so that it is a GROUP BY over indexed columns.
  regionLevel: text('region_level', { enum: ['country', 'province', 'prefecture', 'county'] }).notNull().default('country'),
  provinceCode: text('province_code'),
  prefectureCode: text('prefecture_code'),
  countyCode: text('county_code'),
  organId: text('organ_id').references(() => organs.id),
  organKind: text('organ_kind'),
  eventId: text('event_id').references(() => events.id),
  // The outermost campaign phase of the event (first batch, "looking back", second batch).
  phaseId: text('phase_id').references(() => events.id),
  documentId: text('document_id').notNull().references(() => documents.id),
  quote: text('quote').notNull(),
  startOffset: integer('start_offset').notNull(),
  endOffset: integer('end_offset').notNull(),
  // How the value, the reference period and the region were obtained (src/domain/vocabulary.ts),
  // each with its note when it is not `stated`.
  valueBasis: text('value_basis', { enum: ['stated', 'corrected', 'derived'] }).notNull().default('stated'),
  valueNote: text('value_note'),
  dateBasis: text('date_basis', { enum: ['stated', 'context', 'inferred'] }).notNull().default('stated'),
  dateNote: text('date_note'),
  regionBasis: text('region_basis', { enum: ['stated', 'inferred'] }).notNull().default('stated'),
  regionNote: text('region_note'),
  // Derived from the bases: some field was inferred by the curator.
  inferred: integer('inferred', { mode: 'boolean' }).notNull().default(false),
  note: text('note'),
  // Lower-cased, Simplified fold of the quote and the metric name, for `q`.
  searchText: text('search_text').notNull(),
}, (t) => [
  index('indicators_region_idx').on(t.regionCode, t.id),
  index('indicators_metric_idx').on(t.metricCode, t.id),
  index('indicators_category_idx').on(t.category, t.id),
  index('indicators_date_idx').on(t.date, t.id),
  index('indicators_document_idx').on(t.documentId, t.startOffset),
  index('indicators_organ_idx').on(t.organId, t.id),
  index('indicators_organ_kind_idx').on(t.organKind, t.id),
  index('indicators_event_idx').on(t.eventId, t.id),
  index('indicators_value_idx').on(t.value, t.id),
  index('indicators_phase_idx').on(t.phaseId, t.id),
  index('indicators_inferred_idx').on(t.inferred, t.id),
  index('indicators_region_level_idx').on(t.regionLevel, t.id),
  index('indicators_metric_province_idx').on(t.metricCode, t.provinceCode, t.prefectureCode, t.countyCode),
  // A region's figures with those of the regions inside it are one range of the ancestor's column:
  // pages in the default order and the latest first (GraphQL's "every province, its latest
  // figures") are each one index range, at any size.
  index('indicators_province_idx').on(t.provinceCode, t.id),
  index('indicators_prefecture_idx').on(t.prefectureCode, t.id),
  index('indicators_province_date_idx').on(t.provinceCode, t.date, t.id),
  index('indicators_prefecture_date_idx').on(t.prefectureCode, t.date, t.id),
  index('indicators_region_date_idx').on(t.regionCode, t.date, t.id),
  index('indicators_metric_date_idx').on(t.metricCode, t.date, t.id),
])

// The number of indicators per value of each filter a count is often asked for (a region with the
// regions inside it, a metric, a category, a document, an event with its child events, an organ,
// a phase), and in all (filter '' and value ''): written by the seed, so that `count=true` and
// `totalCount` with no filter or one such filter are a lookup at any size.
export const indicatorCounts = sqliteTable('indicator_counts', {
  filter: text('filter').notNull(),
  value: text('value').notNull(),
  n: integer('n').notNull(),
}, (t) => [primaryKey({ columns: [t.filter, t.value] })])

// The answers of the summaries with no filter and one key (and, with region, each roll-up), as
// the query layer computes them (src/queries/summary.ts), written by the seed: the requests that
// read every figure are a lookup at any size. `answer` is the summary, or the refusal, as JSON.
export const summaryAnswers = sqliteTable('summary_answers', {
  groupBy: text('group_by').notNull(),
  rollup: text('rollup').notNull(),
  answer: text('answer').notNull(),
}, (t) => [primaryKey({ columns: [t.groupBy, t.rollup] })])

// An indicator's dimension values, one row each, for filters on a dimension.
export const indicatorDimensions = sqliteTable('indicator_dimensions', {
  indicatorId: text('indicator_id').notNull().references(() => indicators.id),
  dimension: text('dimension').notNull(),
  value: text('value').notNull(),
}, (t) => [
  primaryKey({ columns: [t.indicatorId, t.dimension] }),
  index('indicator_dimensions_value_idx').on(t.dimension, t.value, t.indicatorId),
  foreignKey({ columns: [t.dimension, t.value], foreignColumns: [dimensionValues.dimension, dimensionValues.value] }),
])

// Citations of organs and events (an indicator's single source lives on its own row).
export const citations = sqliteTable('citations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  subjectType: text('subject_type', { enum: ['organ', 'event'] }).notNull(),
  subjectId: text('subject_id').notNull(),
  documentId: text('document_id').notNull().references(() => documents.id),
  quote: text('quote').notNull(),
  startOffset: integer('start_offset').notNull(),
  endOffset: integer('end_offset').notNull(),
}, (t) => [
  index('citations_subject_idx').on(t.subjectType, t.subjectId, t.documentId, t.startOffset),
  index('citations_document_idx').on(t.documentId, t.startOffset),
])

// What search finds: one row per region, organ, event, metric, indicator, citation and passage of
// a document's normalized text, with the fields shown for a hit. Its tokens are in the FTS5 table
// search_index (rowid = id; created by a migration of its own, as drizzle-kit has no virtual
// tables), in three columns: the entry's own text or name, its other names, and its context.
export const searchEntries = sqliteTable('search_entries', {
  id: integer('id').primaryKey(),
  type: text('type', { enum: ['document', 'indicator', 'citation', 'metric', 'organ', 'event', 'region'] }).notNull(),
  refId: text('ref_id').notNull(),
  label: text('label').notNull(),
  // JSON [{ name, text, column, documentId?, offsets? }]: offsets are runs [textOffset, rawOffset]
  // into the document's raw text, for the fields that stand in a document (quotes, passages).
  fields: text('fields').notNull(),
}, (t) => [index('search_entries_ref_idx').on(t.type, t.refId)])

export type DocumentRow = typeof documents.$inferSelect
export type RegionRow = typeof regions.$inferSelect
export type OrganRow = typeof organs.$inferSelect
export type EventRow = typeof events.$inferSelect
export type MetricRow = typeof metrics.$inferSelect
export type IndicatorRow = typeof indicators.$inferSelect
export type CitationRow = typeof citations.$inferSelect
export type DimensionRow = typeof dimensions.$inferSelect
