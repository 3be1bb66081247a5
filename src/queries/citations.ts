// Citations of organs and events: the sentences each one is traced to.
import type { QueryContext } from './context.js'

export interface Citation { subjectType: 'organ' | 'event', subjectId: string, documentId: string, quote: string, start: number, end: number }

export function citationsOf (ctx: QueryContext, subjectType: 'organ' | 'event', ids: readonly string[]): Citation[] {
  return ctx.cache.all<Citation>(`SELECT subject_type AS subjectType, subject_id AS subjectId, document_id AS documentId, quote,
    start_offset AS start, end_offset AS "end" FROM citations
    WHERE subject_type = ? AND subject_id IN (SELECT value FROM json_each(?)) ORDER BY subject_id, document_id, start_offset`,
  [subjectType, JSON.stringify(ids)])
}
