// Events: the campaign, its phases, and the meetings, trainings and actions the documents report.
import { runList, iterateList, inList, textFilter, type ListShape, type ListRequest, type Page } from './core.js'
import type { QueryContext } from './context.js'
import { checkDateRange, searchWords } from './indicators.js'
import { badParameter } from '../errors.js'
import { EVENT_KINDS } from '../domain/index.js'

export interface EventFilter {
  id?: string[], kind?: string[], region?: string[], organ?: string[], parent?: string[], from?: string, to?: string, q?: string
}

export interface Event {
  id: string, title: string, titleZh: string | null, kind: string,
  startDate: string | null, startPrecision: string | null, endDate: string | null, endPrecision: string | null,
  region: { code: string, name: string, nameZh: string, level: string }, parentId: string | null,
  description: string | null, inferred: boolean, note: string | null
}

interface EventRaw {
  id: string, title: string, title_zh: string | null, kind: string, start_date: string | null, start_precision: string | null,
  end_date: string | null, end_precision: string | null, region_code: string, region_name: string, region_name_zh: string,
  region_level: string, parent_id: string | null, description: string | null, inferred: number, note: string | null
}

const COLUMNS = `e.id, e.title, e.title_zh, e.kind, e.start_date, e.start_precision, e.end_date, e.end_precision,
  e.region_code, r.name AS region_name, r.name_zh AS region_name_zh, r.level AS region_level, e.parent_id,
  e.description, e.inferred, e.note`
const FROM = 'events e JOIN regions r ON r.code = e.region_code'
const SORTABLE = { id: { expr: 'e.id' }, start: { expr: "COALESCE(e.start_date, '')" }, title: { expr: 'e.title' }, kind: { expr: 'e.kind' } }

export function mapEvent (r: EventRaw): Event {
  return {
    id: r.id, title: r.title, titleZh: r.title_zh, kind: r.kind, startDate: r.start_date, startPrecision: r.start_precision,
    endDate: r.end_date, endPrecision: r.end_precision,
    region: { code: r.region_code, name: r.region_name, nameZh: r.region_name_zh, level: r.region_level },
    parentId: r.parent_id, description: r.description, inferred: r.inferred === 1, note: r.note,
  }
}

function shape (ctx: QueryContext, f: EventFilter): ListShape {
  const where: string[] = []
  const params: unknown[] = []
  if (f.id?.length) inList('e.id', f.id, where, params)
  if (f.kind?.length) {
    for (const k of f.kind) if (!(EVENT_KINDS as readonly string[]).includes(k)) throw badParameter('kind', `unknown event kind '${k}'; kinds: ${EVENT_KINDS.join(', ')}`)
    inList('e.kind', f.kind, where, params)
  }
  if (f.region?.length) inList('e.region_code', ctx.regionCodes(f.region, false), where, params)
  if (f.organ?.length) {
    where.push('e.id IN (SELECT eo.event_id FROM event_organs eo WHERE eo.organ_id IN (SELECT value FROM json_each(?)))')
    params.push(JSON.stringify(ctx.checkOrgans(f.organ)))
  }
  if (f.parent?.length) inList('e.parent_id', ctx.eventIds(f.parent, true, 'parent'), where, params)
  // An event overlaps [from, to]: it ends (or, without an end, starts) on or after `from`,
  // and starts on or before `to`.
  checkDateRange(f)
  if (f.from !== undefined) {
    where.push("COALESCE(e.end_date, e.start_date) || '\uffff' >= ?")
    params.push(f.from)
  }
  if (f.to !== undefined) {
    where.push('e.start_date <= ?')
    params.push(`${f.to}\uffff`)
  }
  if (f.q !== undefined) textFilter('e.search_text', searchWords(f.q), where, params)
  return { resource: 'events', columns: COLUMNS, from: FROM, where, params, sortable: SORTABLE, defaultSort: 'id', tiebreak: SORTABLE.id }
}

export function listEvents (ctx: QueryContext, f: EventFilter, req: ListRequest): Page<Event> {
  return runList(ctx.cache, shape(ctx, f), req, mapEvent)
}

export function iterateEvents (ctx: QueryContext, f: EventFilter, req: ListRequest): Generator<Event> {
  return iterateList(ctx.cache, shape(ctx, f), req, mapEvent)
}

export function getEvents (ctx: QueryContext, ids: readonly string[]): Event[] {
  return ctx.cache.all<EventRaw>(`SELECT ${COLUMNS} FROM ${FROM} WHERE e.id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]).map(mapEvent)
}

export function eventChildren (ctx: QueryContext, ids: readonly string[]): Event[] {
  return ctx.cache.all<EventRaw>(`SELECT ${COLUMNS} FROM ${FROM} WHERE e.parent_id IN (SELECT value FROM json_each(?)) ORDER BY COALESCE(e.start_date, ''), e.id`, [JSON.stringify(ids)]).map(mapEvent)
}

export interface EventOrgan { eventId: string, organId: string, name: string, kind: string, role: string }

export function eventOrgans (ctx: QueryContext, eventIds: readonly string[]): EventOrgan[] {
  return ctx.cache.all<EventOrgan>(`SELECT eo.event_id AS eventId, eo.organ_id AS organId, o.name, o.kind, eo.role
    FROM event_organs eo JOIN organs o ON o.id = eo.organ_id
    WHERE eo.event_id IN (SELECT value FROM json_each(?)) ORDER BY eo.event_id, eo.organ_id, eo.role`, [JSON.stringify(eventIds)])
}

export function organEvents (ctx: QueryContext, organIds: readonly string[]): Array<{ organId: string, eventId: string, role: string }> {
  return ctx.cache.all(`SELECT organ_id AS organId, event_id AS eventId, role FROM event_organs
    WHERE organ_id IN (SELECT value FROM json_each(?)) ORDER BY organ_id, event_id, role`, [JSON.stringify(organIds)])
}

/** The list shape REST pages through, for the batched reads in batched.ts. */
export function eventListShape (ctx: QueryContext, f: EventFilter): ListShape {
  return shape(ctx, f)
}
