// One catalog of the errors the API returns, with stable codes. REST renders them as RFC 9457
// problem documents; GraphQL as errors with `extensions.code`.
import createError from '@fastify/error'

export const BadParameterError = createError<[string, string]>('CF_BAD_PARAMETER', 'Invalid value for parameter %s: %s', 400)
export const UnknownParameterError = createError<[string]>('CF_UNKNOWN_PARAMETER', 'Unknown query parameter %s', 400)
export const BadCursorError = createError<[string]>('CF_BAD_CURSOR', 'Invalid cursor: %s', 400)
export const NotFoundError = createError<[string, string]>('CF_NOT_FOUND', '%s %s does not exist', 404)
export const NotAcceptableError = createError<[string]>('CF_NOT_ACCEPTABLE', 'None of the accepted media types can be served: %s', 406)

/** The parameter a client error is about, for the problem document's `parameter` member. */
export function parameterOf (err: unknown): string | undefined {
  return (err as { parameter?: string }).parameter
}

export function badParameter (parameter: string, detail: string): Error {
  return Object.assign(new BadParameterError(parameter, detail), { parameter, detail })
}

export function badCursor (detail: string): Error {
  return Object.assign(new BadCursorError(detail), { parameter: 'cursor' })
}

export function unknownParameter (parameter: string): Error {
  return Object.assign(new UnknownParameterError(parameter), { parameter })
}

export function notFound (what: string, id: string): Error {
  return new NotFoundError(what, JSON.stringify(id))
}

/**
 * Codes of the GraphQL request errors: a request refused before execution (syntax, validation,
 * the limits of src/graphql/limits.ts) or failing as a whole. Errors of the query layer keep
 * their own codes above (CF_BAD_PARAMETER, CF_BAD_CURSOR, ...).
 */
export const GraphQLErrorCode = {
  syntax: 'CF_GRAPHQL_SYNTAX',
  validation: 'CF_GRAPHQL_VALIDATION',
  badRequest: 'CF_BAD_REQUEST',
  batching: 'CF_BATCHING_DISABLED',
  depth: 'CF_QUERY_TOO_DEEP',
  aliases: 'CF_TOO_MANY_ALIASES',
  tokens: 'CF_TOO_MANY_TOKENS',
  tooLarge: 'CF_QUERY_TOO_LARGE',
  methodNotAllowed: 'CF_METHOD_NOT_ALLOWED',
  rateLimited: 'CF_RATE_LIMITED',
  cost: 'CF_QUERY_TOO_COSTLY',
  internal: 'CF_INTERNAL',
} as const
