// Every relation of the GraphQL schema as a Mercurius loader: Mercurius collects the calls of one
// field across all the parents of a level, and each loader answers them with one call into the
// query layer (one SQL statement per distinct set of arguments). So a request costs statements in
// proportion to the depth of its query, never to the length of its lists.
import type { MercuriusLoaders } from 'mercurius'
import type { FastifyInstance } from 'fastify'
import * as Q from '../queries/index.js'
import { Connection, LISTS, queriesOf, toFilter, toPageRequest, type ConnectionArgs, type CountSpec, type ListName } from './lists.js'

interface Ctx { app: FastifyInstance }
interface Call<O, P = Record<string, unknown>> { obj: O, params: P }

const unique = (keys: Array<string | null | undefined>): string[] => [...new Set(keys.filter((k): k is string => typeof k === 'string'))]

/** One-to-one relations (and root lookups by id): one statement for all the distinct keys of a level. */
function lookup<O, T> (fetch: (q: Q.QueryContext, keys: string[]) => T[], idOf: (t: T) => string, keyOf: (obj: O, params: Record<string, unknown>) => string | null | undefined) {
  return async (calls: Array<Call<O>>, ctx: Ctx): Promise<Array<T | null>> => {
    const keys = calls.map((c) => keyOf(c.obj, c.params) ?? null)
    const wanted = unique(keys)
    // Keyed by string or null, so that a null key finds nothing, as an unknown one does.
    const found = new Map<string | null, T>()
    if (wanted.length > 0) for (const t of fetch(queriesOf(ctx), wanted)) found.set(idOf(t), t)
    return keys.map((k) => found.get(k) ?? null)
  }
}

/** Lists owned by a parent without paging (ancestors, citations, spans): one statement per level. */
function grouped<O, T> (fetch: (q: Q.QueryContext, keys: string[]) => Map<string, T[]>, keyOf: (obj: O) => string) {
  return async (calls: Array<Call<O>>, ctx: Ctx): Promise<T[][]> => {
    const keys = calls.map((c) => keyOf(c.obj))
    const found = fetch(queriesOf(ctx), unique(keys))
    return keys.map((k) => found.get(k) ?? [])
  }
}

interface RelationDef {
  list: ListName
  /** Which rows of the list each parent owns, given the (validated) filter of the call. */
  membership: (q: Q.QueryContext, parents: readonly string[], filter: Record<string, unknown>) => Q.Membership
  /**
   * The parent as a filter of the list (a region's indicators are `region: [code]`), for lists too
   * big to page every parent in one statement: each parent's page is then the very query REST runs
   * for that filter, one indexed LIMIT, and its count a lookup in indicator_counts.
   */
  asFilter?: { name: string, value: (key: string) => unknown }
}

/** Parent → list relations, by `Type.field`. Their meaning follows the REST filters of the same name. */
export const RELATIONS: Record<string, RelationDef> = {
  'Region.children': { list: 'regions', membership: (_q, keys) => Q.byKey('g.parent_code', keys) },
  'Region.organs': { list: 'organs', membership: (q, keys) => Q.byRegionTree(q, 'o.region_code', keys, false) },
  'Region.events': { list: 'events', membership: (q, keys) => Q.byRegionTree(q, 'e.region_code', keys, false) },
  'Region.indicators': { list: 'indicators', membership: (q, keys, f) => Q.byRegionTree(q, 'i.region_code', keys, f.regionScope === 'exact'), asFilter: { name: 'region', value: (k) => [k] } },
  'Organ.children': { list: 'organs', membership: (_q, keys) => Q.byKey('o.parent_id', keys) },
  'Organ.events': { list: 'events', membership: (_q, keys) => Q.organEventLinks(keys) },
  'Organ.indicators': { list: 'indicators', membership: (_q, keys) => Q.byKey('i.organ_id', keys), asFilter: { name: 'organ', value: (k) => [k] } },
  'Event.children': { list: 'events', membership: (_q, keys) => Q.byKey('e.parent_id', keys) },
  'Event.organs': { list: 'organs', membership: (_q, keys) => Q.eventOrganLinks(keys) },
  'Event.indicators': { list: 'indicators', membership: (q, keys) => Q.byEventTree(q, 'i.event_id', keys), asFilter: { name: 'event', value: (k) => [k] } },
  'Metric.indicators': { list: 'indicators', membership: (_q, keys) => Q.byKey('i.metric_code', keys), asFilter: { name: 'metric', value: (k) => [k] } },
  'Document.indicators': { list: 'indicators', membership: (_q, keys) => Q.byKey('i.document_id', keys), asFilter: { name: 'document', value: (k) => [k] } },
  'Document.events': { list: 'events', membership: (_q, keys) => Q.documentEventLinks(keys) },
}

/** Whether a relation pages each parent on its own: when the parent is a filter the call does not also give. */
function perParent (def: RelationDef, filter: Record<string, unknown>): boolean {
  return def.asFilter !== undefined && filter[def.asFilter.name] === undefined
}

/** The key a parent is known by in its relations. */
const PARENT_KEYS: Record<string, (obj: Record<string, unknown>) => string> = {
  Region: (r) => r.code as string,
  Organ: (o) => o.id as string,
  Event: (e) => e.id as string,
  Metric: (m) => m.code as string,
  Document: (d) => d.id as string,
}

/**
 * A paged relation: calls are grouped by their arguments, and each group is one statement that
 * pages every parent's list at once. A bad argument fails its own group only.
 */
function relation (name: string) {
  const def = RELATIONS[name]!
  const keyOf = PARENT_KEYS[name.split('.')[0]!]!
  const list = LISTS[def.list]
  return async (calls: Array<Call<Record<string, unknown>, ConnectionArgs>>, ctx: Ctx): Promise<Array<Connection<unknown> | Error>> => {
    const q = queriesOf(ctx)
    const groups = new Map<string, number[]>()
    calls.forEach((c, i) => {
      const key = JSON.stringify(c.params)
      const g = groups.get(key)
      if (g) g.push(i)
      else groups.set(key, [i])
    })
    // Stryker disable next-line ArrayDeclaration: every index is assigned below; the length is only a hint
    const out: Array<Connection<unknown> | Error> = new Array(calls.length)
    for (const indexes of groups.values()) {
      const args = calls[indexes[0]!]!.params
      try {
        const filter = toFilter(args.filter)
        const req = toPageRequest(args)
        const parents = unique(indexes.map((i) => keyOf(calls[i]!.obj)))
        const pages = perParent(def, filter)
          ? new Map(parents.map((p) => [p, Q.pageOf(q.cache, list.shape(q, { ...filter, [def.asFilter!.name]: def.asFilter!.value(p) }), req, list.map(q))]))
          : Q.pagesByParent(q.cache, list.shape(q, filter), def.membership(q, parents, filter), parents, req, list.map(q))
        const filterKey = JSON.stringify(filter)
        for (const i of indexes) {
          const parent = keyOf(calls[i]!.obj)
          out[i] = new Connection(pages.get(parent)!, { list: def.list, relation: name, filter, filterKey, parent })
        }
      } catch (err) {
        for (const i of indexes) out[i] = err as Error
      }
    }
    return out
  }
}

/** totalCount of any connection: one count statement per relation and filter, for all its parents. */
async function totalCount (calls: Array<Call<Connection<unknown>>>, ctx: Ctx): Promise<Array<number | Error>> {
  const q = queriesOf(ctx)
  const groups = new Map<string, Array<{ i: number, spec: CountSpec }>>()
  calls.forEach((c, i) => {
    const spec = c.obj.count
    const key = `${spec.relation ?? `Query.${spec.list}`}\0${spec.filterKey}`
    const g = groups.get(key)
    if (g) g.push({ i, spec })
    else groups.set(key, [{ i, spec }])
  })
  // Stryker disable next-line ArrayDeclaration: every index is assigned below; the length is only a hint
  const out: Array<number | Error> = new Array(calls.length)
  for (const members of groups.values()) {
    const { list, relation: rel, filter } = members[0]!.spec
    try {
      const shape = LISTS[list].shape(q, filter)
      if (rel === null) {
        const n = Q.countOf(q.cache, shape)
        for (const { i } of members) out[i] = n
      } else {
        const parents = unique(members.map((m) => m.spec.parent))
        const def = RELATIONS[rel]!
        const counts = perParent(def, filter)
          ? new Map(parents.map((p) => [p, Q.countOf(q.cache, LISTS[list].shape(q, { ...filter, [def.asFilter!.name]: def.asFilter!.value(p) }))]))
          : Q.countsByParent(q.cache, shape, def.membership(q, parents, filter), parents)
        for (const { i, spec } of members) out[i] = counts.get(spec.parent!) ?? 0
      }
    } catch (err) {
      for (const { i } of members) out[i] = err as Error
    }
  }
  return out
}

type Row = Record<string, unknown>
/** The key of an embedded reference, such as an indicator's `metric.code` or `organ.id` (null when absent). */
const ref = (field: string, key: 'code' | 'id') => (obj: Row): string | null => ((obj[field] as Row | null)?.[key] as string | undefined) ?? null

const citationsOf = (type: 'organ' | 'event') => (q: Q.QueryContext, ids: string[]): Map<string, Array<Omit<Q.Citation, 'subjectType' | 'subjectId'>>> => {
  const out = new Map<string, Array<Omit<Q.Citation, 'subjectType' | 'subjectId'>>>()
  for (const { subjectId, subjectType: _t, ...c } of Q.citationsOf(q, type, ids)) {
    const list = out.get(subjectId)
    if (list) list.push(c)
    else out.set(subjectId, [c])
  }
  return out
}

const texts = (field: keyof Q.DocumentText) => async (calls: Array<Call<Row>>, ctx: Ctx): Promise<string[]> => {
  const ids = calls.map((c) => c.obj.id as string)
  const found = Q.documentTexts(queriesOf(ctx), unique(ids))
  return ids.map((id) => found.get(id)![field])
}

/** Lists of ids held by the parent (a summary row's indicators): one statement for all the ids of a level. */
function lookupList<T> (fetch: (q: Q.QueryContext, keys: string[]) => T[], idOf: (t: T) => string, idsOf: (obj: Row) => string[]) {
  return async (calls: Array<Call<Row>>, ctx: Ctx): Promise<T[][]> => {
    const lists = calls.map((c) => idsOf(c.obj))
    const wanted = unique(lists.flat())
    const found = new Map<string, T>()
    if (wanted.length > 0) for (const t of fetch(queriesOf(ctx), wanted)) found.set(idOf(t), t)
    return lists.map((ids) => ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : [])))
  }
}

const region = (keyOf: (obj: Row, params: Row) => string | null | undefined) => lookup<Row, Q.Region>(Q.getRegions, (r) => r.code, keyOf)
const organ = (keyOf: (obj: Row, params: Row) => string | null | undefined) => lookup<Row, Q.Organ>(Q.getOrgans, (o) => o.id, keyOf)
const event = (keyOf: (obj: Row, params: Row) => string | null | undefined) => lookup<Row, Q.Event>(Q.getEvents, (e) => e.id, keyOf)
const metric = (keyOf: (obj: Row, params: Row) => string | null | undefined) => lookup<Row, Q.Metric>(Q.getMetricRefs, (m) => m.code, keyOf)

/**
 * The regions or documents of a metric's coverage: already there for a metric of a list, else
 * (a metric as a reference) read for all the metrics of the level in one statement.
 */
function coverageList (part: 'regions' | 'documents') {
  return async (calls: Array<Call<Row>>, ctx: Ctx): Promise<unknown[][]> => {
    const missing = unique(calls.filter((c) => !Array.isArray(c.obj[part])).map((c) => c.obj.metricCode as string))
    const found: Map<string, unknown[]> = missing.length > 0 ? Q.metricCoverageLists(queriesOf(ctx), missing, part) : new Map()
    // Stryker disable next-line ArrayDeclaration: metricCoverageLists answers every code it is asked for ([] for one it has nothing of)
    return calls.map((c) => (Array.isArray(c.obj[part]) ? c.obj[part] as unknown[] : found.get(c.obj.metricCode as string) ?? []))
  }
}
const document = (keyOf: (obj: Row, params: Row) => string | null | undefined) => lookup<Row, Q.DocumentSummary>(Q.getDocuments, (d) => d.id, keyOf)

export const loaders: MercuriusLoaders = {
  MetricCoverage: {
    regions: coverageList('regions'),
    documents: coverageList('documents'),
  },
  Query: {
    region: region((_o, p) => p.code as string),
    organ: organ((_o, p) => p.id as string),
    event: event((_o, p) => p.id as string),
    metric: metric((_o, p) => p.code as string),
    indicator: lookup<Row, Q.Indicator>(Q.getIndicators, (i) => i.id, (_o, p) => p.id as string),
    document: document((_o, p) => p.id as string),
  },
  Region: {
    parent: region((r) => r.parentCode as string | null),
    ancestors: grouped<Row, Q.Region>(Q.regionAncestorsOf, (r) => r.code as string),
    children: relation('Region.children'),
    organs: relation('Region.organs'),
    events: relation('Region.events'),
    indicators: relation('Region.indicators'),
  },
  Organ: {
    region: region(ref('region', 'code')),
    parent: organ((o) => o.parentId as string | null),
    children: relation('Organ.children'),
    events: relation('Organ.events'),
    indicators: relation('Organ.indicators'),
    citations: grouped<Row, unknown>(citationsOf('organ'), (o) => o.id as string),
  },
  Event: {
    region: region(ref('region', 'code')),
    parent: event((e) => e.parentId as string | null),
    children: relation('Event.children'),
    organs: relation('Event.organs'),
    indicators: relation('Event.indicators'),
    citations: grouped<Row, unknown>(citationsOf('event'), (e) => e.id as string),
  },
  Metric: {
    indicators: relation('Metric.indicators'),
  },
  Indicator: {
    metric: metric(ref('metric', 'code')),
    region: region(ref('region', 'code')),
    organ: organ(ref('organ', 'id')),
    event: event(ref('event', 'id')),
    phase: event(ref('phase', 'id')),
  },
  Citation: {
    document: document((c) => c.documentId as string),
  },
  SummaryRow: {
    metric: metric(ref('metric', 'code')),
    region: region(ref('region', 'code')),
    organ: organ(ref('organ', 'id')),
    document: document(ref('document', 'id')),
    phase: event(ref('phase', 'id')),
    documents: lookupList<Q.DocumentSummary>(Q.getDocuments, (d) => d.id, (r) => r.documents as string[]),
    indicators: lookupList<Q.Indicator>(Q.getIndicators, (i) => i.id, (r) => r.indicators as string[]),
  },
  SearchSource: {
    document: document((s) => s.documentId as string),
  },
  Document: {
    region: region((d) => d.regionCode as string | null),
    text: texts('rawText'),
    normalizedText: texts('normalizedText'),
    spans: grouped<Row, Q.Span>(Q.documentSpansOf, (d) => d.id as string),
    indicators: relation('Document.indicators'),
    events: relation('Document.events'),
  },
  RegionConnection: { totalCount },
  OrganConnection: { totalCount },
  EventConnection: { totalCount },
  MetricConnection: { totalCount },
  IndicatorConnection: { totalCount },
  DocumentConnection: { totalCount },
}
