// Locating quotes in a document's raw text. Text normalization (search folding, pinyin
// stripping) is part of the domain vocabulary in src/domain/text.ts.
/** All start offsets of `needle` in `haystack`, in UTF-16 code units. */
export function occurrences (haystack: string, needle: string): number[] {
  const out: number[] = []
  if (needle.length === 0) return out
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) out.push(i)
  return out
}

export interface Span { start: number, end: number }

export interface Locator { quote: string, anchor?: string | undefined, occurrence?: number | undefined }

/**
 * Finds where a quote stands in a text. Returns the span, or a message saying why it cannot be
 * placed: not found, or found more than once with nothing to tell which.
 */
export function locate (text: string, loc: Locator): Span | string {
  const show = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s)
  if (loc.anchor !== undefined) {
    const anchors = occurrences(text, loc.anchor)
    if (anchors.length === 0) return `anchor ${show(loc.anchor)} is not in the document`
    if (anchors.length > 1) return `anchor ${show(loc.anchor)} is found ${anchors.length} times in the document`
    const inAnchor = occurrences(loc.anchor, loc.quote)
    if (inAnchor.length === 0) return `quote ${show(loc.quote)} is not inside its anchor`
    const index = (loc.occurrence ?? 1) - 1
    if (inAnchor.length > 1 && loc.occurrence === undefined) return `quote ${show(loc.quote)} is found ${inAnchor.length} times inside its anchor; add an occurrence`
    if (index >= inAnchor.length) return `quote ${show(loc.quote)} has no occurrence ${loc.occurrence} inside its anchor`
    const start = anchors[0]! + inAnchor[index]!
    return { start, end: start + loc.quote.length }
  }
  const found = occurrences(text, loc.quote)
  if (found.length === 0) return `quote ${show(loc.quote)} is not in the document`
  if (loc.occurrence !== undefined) {
    if (loc.occurrence > found.length) return `quote ${show(loc.quote)} is found ${found.length} times, so there is no occurrence ${loc.occurrence}`
    const start = found[loc.occurrence - 1]!
    return { start, end: start + loc.quote.length }
  }
  if (found.length > 1) return `quote ${show(loc.quote)} is found ${found.length} times in the document; add an anchor or an occurrence`
  return { start: found[0]!, end: found[0]! + loc.quote.length }
}
