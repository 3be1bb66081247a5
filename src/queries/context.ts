// The query layer's context: the statement cache and the small catalogs held in memory (regions,
// metrics, event tree), which turn filter values into validated key lists before SQL runs.
import type Database from 'better-sqlite3'
import { StatementCache } from './core.js'
import { badParameter } from '../errors.js'
import { ORGAN_KINDS, REGION_LEVELS, dimension, dimensionValue, DIMENSION_NAMES, VALUE_BASES, DATE_BASES, REGION_BASES } from '../domain/index.js'

export interface RegionRef { code: string, name: string, nameZh: string, level: string }

interface RegionNode extends RegionRef { path: string, parentCode: string | null }

export class QueryContext {
  readonly cache: StatementCache
  readonly version: string
  private readonly regions = new Map<string, RegionNode>()
  private readonly regionPaths: RegionNode[]
  private readonly metricCodes: string[]
  private readonly categories: Set<string>
  private readonly eventPaths = new Map<string, string>()
  private readonly eventsByPath: Array<{ id: string, path: string }>
  private readonly organIds: Set<string>
  private readonly documentIds: Set<string>
  private readonly phaseIds: Set<string>
  /** Regions (codes) with at least one indicator in themselves or a descendant. */
  readonly regionsWithData: Set<string>
  /** The database's tables (a database built by an older seed may lack a precomputed one). */
  private readonly tables: Set<string>
  /** Names of what a figure refers to, by key (a few hundred rows): see namedRow in indicators.ts. */
  private readonly metricNames = new Map<string, { name: string, unit: string }>()
  private readonly organNames = new Map<string, { name: string, kind: string }>()
  private readonly eventTitles = new Map<string, string>()

  constructor (readonly sqlite: Database.Database) {
    this.cache = new StatementCache(sqlite)
    this.tables = new Set((sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name))
    this.version = (sqlite.prepare("SELECT value FROM dataset_info WHERE key = 'version'").get() as { value: string }).value
    for (const r of sqlite.prepare('SELECT code, name, name_zh AS nameZh, level, path, parent_code AS parentCode FROM regions').all() as RegionNode[]) {
      this.regions.set(r.code, r)
    }
    this.regionPaths = [...this.regions.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    this.metricCodes = (sqlite.prepare('SELECT code FROM metrics ORDER BY code').all() as Array<{ code: string }>).map((m) => m.code)
    this.categories = new Set(this.metricCodes.map((c) => c.split('.')[0]!))
    const events = sqlite.prepare('SELECT id, path FROM events ORDER BY path').all() as Array<{ id: string, path: string }>
    for (const e of events) this.eventPaths.set(e.id, e.path)
    this.eventsByPath = events
    this.organIds = new Set((sqlite.prepare('SELECT id FROM organs').all() as Array<{ id: string }>).map((o) => o.id))
    for (const m of sqlite.prepare('SELECT code, name, unit FROM metrics').all() as Array<{ code: string, name: string, unit: string }>) this.metricNames.set(m.code, m)
    for (const o of sqlite.prepare('SELECT id, name, kind FROM organs').all() as Array<{ id: string, name: string, kind: string }>) this.organNames.set(o.id, o)
    for (const e of sqlite.prepare('SELECT id, title FROM events').all() as Array<{ id: string, title: string }>) this.eventTitles.set(e.id, e.title)
    this.documentIds = new Set((sqlite.prepare('SELECT id FROM documents').all() as Array<{ id: string }>).map((d) => d.id))
    // The phases an indicator can belong to: campaign phases inside no other phase (a stage of the
    // first batch belongs to the first batch).
    const kinds = new Map((sqlite.prepare('SELECT id, kind FROM events').all() as Array<{ id: string, kind: string }>).map((e) => [e.id, e.kind]))
    this.phaseIds = new Set(events.filter((e) => kinds.get(e.id) === 'campaign_phase' &&
      e.path.split('/').slice(0, -1).every((a) => kinds.get(a) !== 'campaign_phase')).map((e) => e.id))
    this.regionsWithData = new Set()
    if (this.tables.has('indicator_counts')) {
      // Counted by the seed for each region with the regions inside it: read here, not the index
      // of a million figures at every start.
      for (const { code } of sqlite.prepare("SELECT value AS code FROM indicator_counts WHERE filter = 'region' AND n > 0").all() as Array<{ code: string }>) this.regionsWithData.add(code)
    } else {
      for (const { code } of sqlite.prepare('SELECT DISTINCT region_code AS code FROM indicators').all() as Array<{ code: string }>) {
        for (let r = this.regions.get(code); r; r = r.parentCode ? this.regions.get(r.parentCode) : undefined) this.regionsWithData.add(r.code)
      }
    }
  }

  /** A metric's name and unit. */
  metricName (code: string): { name: string, unit: string } | undefined {
    return this.metricNames.get(code)
  }

  /** An organ's name and kind. */
  organName (id: string): { name: string, kind: string } | undefined {
    return this.organNames.get(id)
  }

  /** An event's (or phase's) title. */
  eventTitle (id: string): string | undefined {
    return this.eventTitles.get(id)
  }

  hasTable (name: string): boolean {
    return this.tables.has(name)
  }

  region (code: string): RegionRef | undefined {
    return this.regions.get(code)
  }

  hasRegion (code: string): boolean {
    return this.regions.has(code)
  }

  /** The codes of the named regions and, unless `exact`, all their descendants. */
  regionCodes (codes: string[], exact: boolean, parameter = 'region'): string[] {
    const out = new Set<string>()
    for (const code of codes) {
      const r = this.regions.get(code)
      if (!r) throw badParameter(parameter, `unknown region code '${code}' (use a GB/T 2260 code such as 430000, or CN)`)
      out.add(code)
      if (exact) continue
      const prefix = `${r.path}/`
      let lo = 0
      let hi = this.regionPaths.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (this.regionPaths[mid]!.path < prefix) lo = mid + 1
        else hi = mid
      }
      for (let i = lo; i < this.regionPaths.length && this.regionPaths[i]!.path.startsWith(prefix); i++) out.add(this.regionPaths[i]!.code)
    }
    return [...out]
  }

  /** Metric codes, or category prefixes written `education.*`, expanded to codes. */
  metricCodesFor (specs: string[], parameter = 'metric'): string[] {
    const out = new Set<string>()
    for (const spec of specs) {
      if (spec.endsWith('.*')) {
        const prefix = spec.slice(0, -1)
        const matched = this.metricCodes.filter((c) => c.startsWith(prefix))
        if (matched.length === 0) throw badParameter(parameter, `no metric code starts with '${prefix}'`)
        matched.forEach((c) => out.add(c))
      } else if (this.metricCodes.includes(spec)) {
        out.add(spec)
      } else {
        throw badParameter(parameter, `unknown metric code '${spec}' (see /v1/metrics; a category prefix is written like education.*)`)
      }
    }
    return [...out]
  }

  checkCategories (values: string[], parameter = 'category'): string[] {
    for (const v of values) {
      if (!this.categories.has(v)) throw badParameter(parameter, `unknown category '${v}'; categories: ${[...this.categories].sort().join(', ')}`)
    }
    return values
  }

  /** Event ids and, unless `exact`, all their descendants. */
  eventIds (ids: string[], exact: boolean, parameter = 'event'): string[] {
    const out = new Set<string>()
    for (const id of ids) {
      const path = this.eventPaths.get(id)
      if (path === undefined) throw badParameter(parameter, `unknown event id '${id}'`)
      out.add(id)
      if (exact) continue
      for (const e of this.eventsByPath) if (e.path.startsWith(`${path}/`)) out.add(e.id)
    }
    return [...out]
  }

  checkOrgans (ids: string[], parameter = 'organ'): string[] {
    for (const id of ids) if (!this.organIds.has(id)) throw badParameter(parameter, `unknown organ id '${id}'`)
    return ids
  }

  checkOrganKinds (kinds: string[], parameter = 'organKind'): string[] {
    for (const k of kinds) {
      if (!(ORGAN_KINDS as readonly string[]).includes(k)) throw badParameter(parameter, `unknown organ kind '${k}'; kinds: ${ORGAN_KINDS.join(', ')}`)
    }
    return kinds
  }

  /**
   * `name:value` pairs as a map from dimension to its wanted values: an indicator matches when, for
   * every dimension named, its value is one of those given.
   */
  dimensionFilter (specs: string[], parameter = 'dimension'): Map<string, string[]> {
    const out = new Map<string, string[]>()
    for (const spec of specs) {
      const at = spec.indexOf(':')
      if (at <= 0 || at === spec.length - 1) throw badParameter(parameter, `'${spec}' is not name:value (e.g. form:1)`)
      const name = spec.slice(0, at)
      const value = spec.slice(at + 1)
      const def = dimension(name)
      if (!def) throw badParameter(parameter, `unknown dimension '${name}'; dimensions: ${DIMENSION_NAMES.join(', ')}`)
      if (!dimensionValue(name, value)) throw badParameter(parameter, `dimension '${name}' has no value '${value}'; values: ${def.values.map((v) => v.value).join(', ')}`)
      const values = out.get(name) ?? []
      if (!values.includes(value)) values.push(value)
      out.set(name, values)
    }
    return out
  }

  checkDimensionNames (names: string[], parameter = 'dimension'): string[] {
    for (const n of names) if (!dimension(n)) throw badParameter(parameter, `unknown dimension '${n}'; dimensions: ${DIMENSION_NAMES.join(', ')}`)
    return names
  }

  checkBases (values: string[], parameter: 'valueBasis' | 'dateBasis' | 'regionBasis'): string[] {
    const allowed: readonly string[] = parameter === 'valueBasis' ? VALUE_BASES : parameter === 'dateBasis' ? DATE_BASES : REGION_BASES
    for (const v of values) if (!allowed.includes(v)) throw badParameter(parameter, `unknown basis '${v}'; ${parameter} is one of ${allowed.join(', ')}`)
    return values
  }

  /** Campaign phases by id: the outermost events of kind campaign_phase. */
  checkPhases (ids: string[], parameter = 'phase'): string[] {
    for (const id of ids) {
      if (!this.phaseIds.has(id)) throw badParameter(parameter, `'${id}' is not a campaign phase; phases: ${[...this.phaseIds].sort().join(', ')}`)
    }
    return ids
  }

  checkRegionLevels (levels: string[], parameter = 'regionLevel'): string[] {
    for (const l of levels) {
      if (!(REGION_LEVELS as readonly string[]).includes(l)) throw badParameter(parameter, `unknown level '${l}'; levels: ${REGION_LEVELS.join(', ')}`)
    }
    return levels
  }

  checkDocuments (ids: string[], parameter = 'document'): string[] {
    for (const id of ids) if (!this.documentIds.has(id)) throw badParameter(parameter, `unknown document id '${id}'`)
    return ids
  }
}
