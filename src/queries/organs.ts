// Organs: courts, procuratorates, bureaus, commissions and the campaign's own bodies.
import { runList, iterateList, inList, textFilter, type ListShape, type ListRequest, type Page } from './core.js'
import type { QueryContext } from './context.js'
import { searchWords } from './indicators.js'
import { badParameter } from '../errors.js'
import { ORGAN_LEVELS } from '../domain/index.js'

export interface OrganFilter { id?: string[], kind?: string[], level?: string[], region?: string[], parent?: string[], q?: string }

export interface Organ {
  id: string, name: string, nameZh: string | null, kind: string, level: string,
  region: { code: string, name: string, nameZh: string, level: string }, parentId: string | null,
  inferred: boolean, note: string | null
}

interface OrganRaw {
  id: string, name: string, name_zh: string | null, kind: string, level: string, region_code: string,
  region_name: string, region_name_zh: string, region_level: string, parent_id: string | null, inferred: number, note: string | null
}

const COLUMNS = 'o.id, o.name, o.name_zh, o.kind, o.level, o.region_code, r.name AS region_name, r.name_zh AS region_name_zh, r.level AS region_level, o.parent_id, o.inferred, o.note'
const FROM = 'organs o JOIN regions r ON r.code = o.region_code'
const SORTABLE = { id: { expr: 'o.id' }, name: { expr: 'o.name' }, kind: { expr: 'o.kind' }, region: { expr: 'o.region_code' } }

export function mapOrgan (r: OrganRaw): Organ {
  return {
    id: r.id, name: r.name, nameZh: r.name_zh, kind: r.kind, level: r.level,
    region: { code: r.region_code, name: r.region_name, nameZh: r.region_name_zh, level: r.region_level },
    parentId: r.parent_id, inferred: r.inferred === 1, note: r.note,
  }
}

function shape (ctx: QueryContext, f: OrganFilter): ListShape {
  const where: string[] = []
  const params: unknown[] = []
  if (f.id?.length) inList('o.id', f.id, where, params)
  if (f.kind?.length) inList('o.kind', ctx.checkOrganKinds(f.kind, 'kind'), where, params)
  if (f.level?.length) {
    for (const l of f.level) if (!(ORGAN_LEVELS as readonly string[]).includes(l)) throw badParameter('level', `unknown level '${l}'; levels: ${ORGAN_LEVELS.join(', ')}`)
    inList('o.level', f.level, where, params)
  }
  if (f.region?.length) inList('o.region_code', ctx.regionCodes(f.region, false), where, params)
  if (f.parent?.length) inList('o.parent_id', ctx.checkOrgans(f.parent, 'parent'), where, params)
  if (f.q !== undefined) textFilter('o.search_text', searchWords(f.q), where, params)
  return { resource: 'organs', columns: COLUMNS, from: FROM, where, params, sortable: SORTABLE, defaultSort: 'id', tiebreak: SORTABLE.id }
}

export function listOrgans (ctx: QueryContext, f: OrganFilter, req: ListRequest): Page<Organ> {
  return runList(ctx.cache, shape(ctx, f), req, mapOrgan)
}

export function iterateOrgans (ctx: QueryContext, f: OrganFilter, req: ListRequest): Generator<Organ> {
  return iterateList(ctx.cache, shape(ctx, f), req, mapOrgan)
}

export function getOrgans (ctx: QueryContext, ids: readonly string[]): Organ[] {
  return ctx.cache.all<OrganRaw>(`SELECT ${COLUMNS} FROM ${FROM} WHERE o.id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]).map(mapOrgan)
}

export function organChildren (ctx: QueryContext, ids: readonly string[]): Organ[] {
  return ctx.cache.all<OrganRaw>(`SELECT ${COLUMNS} FROM ${FROM} WHERE o.parent_id IN (SELECT value FROM json_each(?)) ORDER BY o.id`, [JSON.stringify(ids)]).map(mapOrgan)
}

/** The list shape REST pages through, for the batched reads in batched.ts. */
export function organListShape (ctx: QueryContext, f: OrganFilter): ListShape {
  return shape(ctx, f)
}
