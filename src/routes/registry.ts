// The named schemas of the REST contract: each is registered with Fastify under its $id (so that
// responses refer to it, and openapi.yaml lists it under components/schemas by that name), and
// is what a `$ref` in another schema resolves to (for validation in tests and for CSV columns).
import type { TSchema } from 'typebox'

const registry = new Map<string, TSchema>()

/** A schema under a name: `$id` is the component's name in openapi.yaml. */
export function named<T extends TSchema> (id: string, schema: T): T {
  if (registry.has(id)) throw new Error(`schema ${id} is named twice`)
  const out = { ...schema, $id: id } as T
  registry.set(id, out)
  return out
}

/** Every named schema, for fastify.addSchema and for validators. */
export function namedSchemas (): TSchema[] {
  return [...registry.values()]
}

/** The schema a `$ref` names, or the schema itself. */
export function resolveRef (schema: TSchema): TSchema {
  const ref = (schema as { $ref?: string }).$ref
  if (ref === undefined) return schema
  const found = registry.get(ref.replace(/^#\/components\/schemas\//, ''))
  if (!found) throw new Error(`no schema named ${ref}`)
  return found
}
