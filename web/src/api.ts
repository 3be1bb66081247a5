// The explorer's one way to the data: GET requests to the public REST API, typed from openapi.yaml
// (web/src/generated/api.ts is made from it by `npm run web:types`). Every view names the requests
// it makes, so that its "get this data" panel can show them.
import { useEffect, useState } from 'preact/hooks'
import type { components } from './generated/api'

export type Schemas = components['schemas']
export type Indicator = Schemas['Indicator']
export type Metric = Schemas['Metric']
export type Region = Schemas['Region']
export type RegionDetail = Schemas['RegionDetail']
export type RegionRef = Schemas['RegionRef']
export type Organ = Schemas['Organ']
export type OrganDetail = Schemas['OrganDetail']
export type Event = Schemas['Event']
export type EventDetail = Schemas['EventDetail']
export type DocumentDetail = Schemas['DocumentDetail']
export type Span = Schemas['Span']
export type DatasetInfo = Schemas['DatasetInfo']
export type Summary = Schemas['Summary']
export type SummaryRow = Schemas['SummaryRow']
export type Observation = Schemas['Observation']
export type Observations = Schemas['Observations']
export type ComparableSeries = Schemas['ComparableSeries']
export type SearchHit = Schemas['SearchHit']
export type SearchResults = Schemas['SearchResults']
export type Citation = Schemas['Citation']

export interface Page<T> { data: T[], page: Schemas['PageInfo'] }
export interface One<T> { data: T }

export type Params = Record<string, string | number | boolean | undefined | null>

/** A REST path with its query, parameters in the order given, empty ones left out. */
export function apiUrl (path: string, params: Params = {}): string {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
  const s = qs.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2A/g, '*')
  return s ? `${path}?${s}` : path
}

export class ApiError extends Error {
  constructor (readonly status: number, message: string) { super(message) }
}

const cache = new Map<string, Promise<unknown>>()

/** Times a request refused for load (503) or rate (429) is sent again, after the Retry-After it names. */
const RETRIES = 3

async function fetchJson<T> (url: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { headers: { accept: 'application/json' } })
    if (res.ok) return res.json() as Promise<T>
    if ((res.status === 503 || res.status === 429) && attempt < RETRIES) {
      const seconds = Math.min(Number(res.headers.get('retry-after')) || 1, 10)
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
      continue
    }
    const body = await res.json().catch(() => null) as { detail?: string } | null
    throw new ApiError(res.status, body?.detail ?? `${res.status} ${res.statusText}`)
  }
}

/** GET a URL of the API as JSON. Answers are kept for the visit: the dataset does not change under it. */
export function getJson<T> (url: string): Promise<T> {
  let p = cache.get(url) as Promise<T> | undefined
  if (!p) {
    p = fetchJson<T>(url)
    p.catch(() => cache.delete(url))
    cache.set(url, p)
  }
  return p
}

/** Every page of a list, following page.next (lists here are small: at most a few hundred rows). */
export async function getAll<T> (path: string, params: Params = {}): Promise<T[]> {
  const rows: T[] = []
  let cursor: string | null = null
  do {
    const page: Page<T> = await getJson<Page<T>>(apiUrl(path, { ...params, limit: 1000, cursor }))
    rows.push(...page.data)
    cursor = page.page.next
  } while (cursor)
  return rows
}

export type Loaded<T> = { state: 'loading' } | { state: 'error', error: ApiError | Error } | { state: 'ready', value: T }

/** Runs a loader when its key changes; the view renders what it has so far. */
export function useLoad<T> (key: string, load: () => Promise<T>): Loaded<T> {
  const [result, setResult] = useState<{ key: string, loaded: Loaded<T> }>({ key, loaded: { state: 'loading' } })
  useEffect(() => {
    let live = true
    setResult({ key, loaded: { state: 'loading' } })
    load().then(
      (value) => { if (live) setResult({ key, loaded: { state: 'ready', value } }) },
      (error: Error) => { if (live) setResult({ key, loaded: { state: 'error', error } }) },
    )
    return () => { live = false }
  }, [key])
  return result.key === key ? result.loaded : { state: 'loading' }
}

/** The dataset's name, version and counts, which every view's citations and panels use. */
export const dataset = (): Promise<DatasetInfo> => getJson<DatasetInfo>('/v1')
