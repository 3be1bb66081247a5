// Dates of reduced precision (2021, 2021-07, 2021-07-26) are ranges: 2021-07-15 lies inside 2021-07,
// neither before nor after it. Two such dates are ordered at the coarser of their precisions.

/**
 * Orders two reduced ISO dates at the coarser precision of the two: negative when `a` is before
 * `b`, positive when after, 0 when one lies inside the other (or they are equal).
 */
export function compareReducedDates (a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  const x = a.slice(0, n)
  const y = b.slice(0, n)
  return x < y ? -1 : x > y ? 1 : 0
}
