// Regions: the gazetteer, with parents, children and ancestors.
import { runList, iterateList, inList, textFilter, type ListShape, type ListRequest, type Page } from './core.js'
import type { QueryContext } from './context.js'
import { searchWords } from './indicators.js'
import { badParameter } from '../errors.js'
import { REGION_LEVELS } from '../domain/index.js'

export interface RegionFilter { code?: string[], level?: string[], parent?: string[], q?: string, hasData?: boolean }

export interface Region {
  code: string, name: string, nameZh: string, nameZhHant: string, level: string, parentCode: string | null, hasData: boolean
}

interface RegionRaw { code: string, name: string, name_zh: string, name_zh_hant: string, level: string, parent_code: string | null }

const COLUMNS = 'g.code, g.name, g.name_zh, g.name_zh_hant, g.level, g.parent_code'
const SORTABLE = { code: { expr: 'g.code' }, name: { expr: 'g.name' }, level: { expr: 'g.depth' } }

export function mapRegion (ctx: QueryContext): (r: RegionRaw) => Region {
  return (r) => ({
    code: r.code, name: r.name, nameZh: r.name_zh, nameZhHant: r.name_zh_hant, level: r.level,
    parentCode: r.parent_code, hasData: ctx.regionsWithData.has(r.code),
  })
}

function shape (ctx: QueryContext, f: RegionFilter): ListShape {
  const where: string[] = []
  const params: unknown[] = []
  if (f.code?.length) inList('g.code', f.code, where, params)
  if (f.level?.length) {
    for (const l of f.level) {
      if (!(REGION_LEVELS as readonly string[]).includes(l)) throw badParameter('level', `unknown level '${l}'; levels: ${REGION_LEVELS.join(', ')}`)
    }
    inList('g.level', f.level, where, params)
  }
  if (f.parent?.length) {
    for (const p of f.parent) if (!ctx.hasRegion(p)) throw badParameter('parent', `unknown region code '${p}'`)
    inList('g.parent_code', f.parent, where, params)
  }
  if (f.q !== undefined) textFilter('g.search_text', searchWords(f.q), where, params)
  if (f.hasData !== undefined) {
    where.push(`g.code ${f.hasData ? '' : 'NOT '}IN (SELECT value FROM json_each(?))`)
    params.push(JSON.stringify([...ctx.regionsWithData]))
  }
  return { resource: 'regions', columns: COLUMNS, from: 'regions g', where, params, sortable: SORTABLE, defaultSort: 'code', tiebreak: SORTABLE.code }
}

export function listRegions (ctx: QueryContext, f: RegionFilter, req: ListRequest): Page<Region> {
  return runList(ctx.cache, shape(ctx, f), req, mapRegion(ctx))
}

export function iterateRegions (ctx: QueryContext, f: RegionFilter, req: ListRequest): Generator<Region> {
  return iterateList(ctx.cache, shape(ctx, f), req, mapRegion(ctx))
}

export function getRegions (ctx: QueryContext, codes: readonly string[]): Region[] {
  return ctx.cache.all<RegionRaw>(`SELECT ${COLUMNS} FROM regions g WHERE g.code IN (SELECT value FROM json_each(?))`, [JSON.stringify(codes)]).map(mapRegion(ctx))
}

export function getRegion (ctx: QueryContext, code: string): Region | null {
  return getRegions(ctx, [code])[0] ?? null
}

/** Children of many regions in one statement, ordered by code. */
export function regionChildren (ctx: QueryContext, codes: readonly string[]): Region[] {
  return ctx.cache.all<RegionRaw>(`SELECT ${COLUMNS} FROM regions g WHERE g.parent_code IN (SELECT value FROM json_each(?)) ORDER BY g.code`, [JSON.stringify(codes)]).map(mapRegion(ctx))
}

/** Ancestors of one region, from the country down to its parent. */
export function regionAncestors (ctx: QueryContext, code: string): Region[] {
  const row = ctx.cache.one<{ path: string }>('SELECT path FROM regions WHERE code = ?', [code])
  if (!row) return []
  const chain = row.path.split('/').slice(0, -1)
  const byCode = new Map(getRegions(ctx, chain).map((r) => [r.code, r]))
  // Stryker disable next-line MethodExpression: every code of a path is a region (a path is its parent's path and its own code)
  return chain.map((c) => byCode.get(c)!).filter(Boolean)
}

/** The list shape REST pages through, for the batched reads in batched.ts. */
export function regionListShape (ctx: QueryContext, f: RegionFilter): ListShape {
  return shape(ctx, f)
}
