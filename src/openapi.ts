// The OpenAPI document's frame; paths come from the route schemas (see scripts/openapi.ts).
export function openapiDocument (): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Campaign Facts API',
      version: '1.0.0',
      description: 'Cited facts about the 2021 education-and-rectification campaign of China\'s political-legal teams: ' +
        'regions, organs, events and indicators, each traced to a verbatim quote and its character offsets in one of five source documents. ' +
        'Lists are paged with opaque keyset cursors and can be read as JSON, CSV or NDJSON. Errors are RFC 9457 problem documents. ' +
        'Each client (by address) may send 1,000 requests a minute by default (429 beyond, with Retry-After and the RateLimit-* headers of the IETF draft); ' +
        'GraphQL is limited by the cost of its operations instead. An overloaded server answers 503 with Retry-After. /health is never limited.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    // Public and read-only: no operation needs credentials.
    security: [],
    tags: [
      { name: 'dataset', description: 'Service status and dataset information' },
      { name: 'regions', description: 'China\'s administrative divisions (GB/T 2260 codes)' },
      { name: 'organs', description: 'Courts, procuratorates, public security, commissions and campaign bodies' },
      { name: 'events', description: 'The campaign, its phases, meetings, trainings and actions' },
      { name: 'metrics', description: 'The catalog of comparable measures' },
      { name: 'indicators', description: 'Every figure the documents state' },
      { name: 'documents', description: 'The five source documents' },
      { name: 'search', description: 'Search across documents, quotes, metrics, organs, events and regions' },
    ],
  }
}

interface Parameter { in: string, name: string, required?: boolean, example?: unknown, schema?: Record<string, unknown> }

/**
 * Keeps the example of an optional parameter in its schema (`examples`, JSON Schema's keyword)
 * rather than on the parameter: Swagger UI fills every parameter's `example` into "Try it out",
 * so that a list's first Execute would combine every filter's example and find nothing. A required
 * parameter keeps its example there, so that the first Execute runs as it is.
 */
export function withExamplesInSchemas (doc: Record<string, unknown>): Record<string, unknown> {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, { parameters?: Parameter[] }>>
  for (const ops of Object.values(paths)) {
    for (const op of Object.values(ops)) {
      for (const p of op.parameters ?? []) {
        if (p.required || p.example === undefined) continue
        p.schema = { ...p.schema, examples: [p.example] }
        delete p.example
      }
    }
  }
  return doc
}
