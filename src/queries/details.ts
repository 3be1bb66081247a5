// One resource with its relations, as the REST item routes return it.
import type { QueryContext } from './context.js'
import { getRegion, regionAncestors, regionChildren } from './regions.js'
import { getOrgans, organChildren } from './organs.js'
import { getEvents, eventChildren, eventOrgans, organEvents } from './events.js'
import { getDocuments, documentText, documentSpans } from './documents.js'
import { listIndicators, type IndicatorFilter } from './indicators.js'
import { citationsOf } from './citations.js'

function countIndicators (ctx: QueryContext, filter: IndicatorFilter): number {
  return listIndicators(ctx, filter, { limit: 1, count: true }).total!
}

function citationRefs (ctx: QueryContext, type: 'organ' | 'event', id: string): Array<{ documentId: string, quote: string, start: number, end: number }> {
  return citationsOf(ctx, type, [id]).map(({ documentId, quote, start, end }) => ({ documentId, quote, start, end }))
}

export function regionDetail (ctx: QueryContext, code: string) {
  const region = getRegion(ctx, code)
  if (!region) return null
  const ancestors = regionAncestors(ctx, code)
  return {
    ...region,
    parent: ancestors[ancestors.length - 1] ?? null,
    ancestors,
    children: regionChildren(ctx, [code]),
    indicatorCount: countIndicators(ctx, { region: [code] }),
  }
}

export function organDetail (ctx: QueryContext, id: string) {
  const organ = getOrgans(ctx, [id])[0]
  if (!organ) return null
  const links = organEvents(ctx, [id])
  const titles = new Map(getEvents(ctx, links.map((l) => l.eventId)).map((e) => [e.id, e.title]))
  return {
    ...organ,
    parent: organ.parentId ? getOrgans(ctx, [organ.parentId])[0] ?? null : null,
    children: organChildren(ctx, [id]),
    events: links.map((l) => ({ id: l.eventId, title: titles.get(l.eventId)!, role: l.role })),
    citations: citationRefs(ctx, 'organ', id),
    indicatorCount: countIndicators(ctx, { organ: [id] }),
  }
}

export function eventDetail (ctx: QueryContext, id: string) {
  const event = getEvents(ctx, [id])[0]
  if (!event) return null
  return {
    ...event,
    parent: event.parentId ? getEvents(ctx, [event.parentId])[0] ?? null : null,
    children: eventChildren(ctx, [id]),
    organs: eventOrgans(ctx, [id]).map((o) => ({ id: o.organId, name: o.name, kind: o.kind, role: o.role })),
    citations: citationRefs(ctx, 'event', id),
    indicatorCount: countIndicators(ctx, { event: [id] }),
  }
}

export function documentDetail (ctx: QueryContext, id: string) {
  const doc = getDocuments(ctx, [id])[0]
  if (!doc) return null
  const text = documentText(ctx, id)!
  return { ...doc, text: text.rawText, normalizedText: text.normalizedText, spans: documentSpans(ctx, id) }
}
