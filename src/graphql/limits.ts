// The bounds of a GraphQL request, enforced before execution: bytes and tokens (before parsing),
// then depth, aliases and cost (after validation, with the request's variables). Depth, aliases and cost are
// measured through named and inline fragments: Mercurius's own `queryDepth` does not follow named
// fragments, so a fragment could hide any depth from it.
import {
  GraphQLError, Kind, Lexer, SchemaMetaFieldDef, Source, TokenKind, TypeMetaFieldDef, getNamedType,
  getOperationAST, getVariableValues, isAbstractType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType,
  isObjectType, parse, valueFromAST, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType,
  type GraphQLSchema, type GraphQLType, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql'
import { MAX_LIMIT } from '../queries/index.js'
import { GraphQLErrorCode } from '../errors.js'
import { LIMITS as ALL_LIMITS } from '../limits.js'

/**
 * The bounds of one GraphQL request (values in src/limits.ts). Cost is GitHub-style: each object
 * field costs 1; a connection costs 1 + first × (1 + the cost of one of its items); other lists
 * count as a fixed number of items (LIST_SIZES). 50,000 allows a full page of 1,000 items with one
 * nested page of 25 under each. Introspection is measured like any other field, with its lists
 * sized from the schema itself, so that aliased `__schema` fields cannot multiply the response.
 */
export const LIMITS = ALL_LIMITS.graphql

/** The size assumed for lists that are not connections (no `first`): their largest plausible length. */
const LIST_SIZES: Record<string, number> = {
  'Region.ancestors': 3,
  'Event.citations': 20,
  'Organ.citations': 20,
  'Document.spans': 500,
  'IndicatorSummary.rows': 100,
}
const DEFAULT_LIST_SIZE = 100

/** A request refused before execution; rendered by the error formatter like a validation error. */
export class RequestRefused extends Error {
  readonly code = 'CF_REQUEST_REFUSED'
  constructor (readonly errors: GraphQLError[], readonly statusCode = 400) {
    super(errors.map((e) => e.message).join('; '))
  }
}

function refuse (code: string, message: string, statusCode = 400): RequestRefused {
  return new RequestRefused([new GraphQLError(message, { extensions: { code } })], statusCode)
}

/**
 * Bounds the query text in bytes, comments and whitespace included: the parse cache keys on the
 * text, so this is what one cache entry can cost, and what the token count (comments excluded)
 * cannot see.
 */
export function checkQueryBytes (source: string, max: number = LIMITS.queryBytes): void {
  // Cheap first: UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (source.length * 3 <= max) return
  const bytes = Buffer.byteLength(source, 'utf8')
  if (bytes > max) {
    throw refuse(GraphQLErrorCode.tooLarge, `The query text is ${bytes} bytes; the limit is ${max} (comments and whitespace count). Send a shorter query, and values as variables.`)
  }
}

/** Counts tokens with graphql's own lexer and stops at the limit, before anything is parsed. */
export function checkTokens (source: string, max: number = LIMITS.tokens): void {
  const lexer = new Lexer(new Source(source))
  let count = 0
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > max) {
        throw refuse(GraphQLErrorCode.tokens, `The query has more than ${max} tokens; send a shorter query (fewer fields, fragments or arguments).`)
      }
    }
  } catch (err) {
    if (err instanceof RequestRefused) throw err
    // A syntax error: left for the parser to report with its location.
  }
}

/**
 * Refuses a query that is not GraphQL, with the parser's message and location. Mercurius would
 * otherwise try to read such a query as a JSON-encoded document (so `"42"` or `"{}"` reached
 * validation as a number or an empty object, and failed as an internal error).
 */
export function checkSyntax (source: string, locations = false): DocumentNode {
  try {
    return parse(source, { noLocation: !locations })
  } catch (err) {
    if (err instanceof GraphQLError) throw new RequestRefused([err])
    throw err
  }
}

/**
 * Checks that the request names an operation that can run: one that the document has (by
 * `operationName`, or the only one), and a query when sent with GET (GraphQL over HTTP: anything
 * else is 405, to be sent with POST).
 */
export function checkOperation (document: DocumentNode, operationName: string | undefined, method: string | undefined): void {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  if (operations.length === 0) return // validation reports a document without operations
  const names = operations.map((o) => o.name?.value).filter((n): n is string => n !== undefined)
  let op: OperationDefinitionNode | undefined
  if (operationName !== undefined) {
    op = operations.find((o) => o.name?.value === operationName)
    if (!op) {
      throw refuse(GraphQLErrorCode.badRequest, `operationName ${JSON.stringify(operationName)} is not an operation of the document${names.length ? `; its operations: ${names.join(', ')}` : ' (its operation has no name)'}.`)
    }
  } else if (operations.length > 1) {
    throw refuse(GraphQLErrorCode.badRequest, `The document has ${operations.length} operations; say which one to run with operationName${names.length ? ` (${names.join(', ')})` : ''}.`)
  } else {
    op = operations[0]!
  }
  if (method === 'GET' && op.operation !== 'query') {
    throw refuse(GraphQLErrorCode.methodNotAllowed, `A ${op.operation} cannot be sent with GET; send it with POST.`, 405)
  }
}

export interface Measure { depth: number, aliases: number, cost: number }

class Measurer {
  private readonly fragments = new Map<string, FragmentDefinitionNode>()
  private readonly memo = new Map<string, Measure>()
  private readonly visiting = new Set<string>()

  constructor (private readonly schema: GraphQLSchema, document: DocumentNode, private readonly variables: Record<string, unknown>) {
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d)
  }

  selectionSet (set: SelectionSetNode, parent: GraphQLObjectType): Measure {
    const total: Measure = { depth: 0, aliases: 0, cost: 0 }
    const add = (m: Measure): void => {
      total.depth = Math.max(total.depth, m.depth)
      total.aliases += m.aliases
      total.cost += m.cost
    }
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        add(this.field(sel, parent))
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? this.schema.getType(sel.typeCondition.name.value) : parent
        if (isObjectType(type)) add(this.selectionSet(sel.selectionSet, type))
      } else {
        add(this.fragment(sel.name.value))
      }
    }
    return total
  }

  private fragment (name: string): Measure {
    const known = this.memo.get(name)
    if (known) return known
    const def = this.fragments.get(name)
    const type = def && this.schema.getType(def.typeCondition.name.value)
    // Validation refuses fragment cycles before this runs; the guard keeps the walk finite anyway.
    if (!def || !isObjectType(type) || this.visiting.has(name)) return { depth: 0, aliases: 0, cost: 0 }
    this.visiting.add(name)
    const m = this.selectionSet(def.selectionSet, type)
    this.visiting.delete(name)
    this.memo.set(name, m)
    return m
  }

  private field (node: FieldNode, parent: GraphQLObjectType): Measure {
    const name = node.name.value
    const def = this.fieldDef(parent, name)
    if (!def) return { depth: 1, aliases: node.alias ? 1 : 0, cost: 0 }
    const named = getNamedType(def.type)
    const sub = node.selectionSet && isObjectType(named) ? this.selectionSet(node.selectionSet, named) : { depth: 0, aliases: 0, cost: 0 }
    return { depth: 1 + sub.depth, aliases: (node.alias ? 1 : 0) + sub.aliases, cost: this.cost(parent, def, node, sub.cost) }
  }

  /**
   * A field of a type, the root's introspection fields (`__schema`, `__type`) included. `__typename`
   * is a scalar, which measures as a name that does not resolve does: one level, no cost.
   */
  private fieldDef (parent: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (name === SchemaMetaFieldDef.name && parent === this.schema.getQueryType()) return SchemaMetaFieldDef
    if (name === TypeMetaFieldDef.name && parent === this.schema.getQueryType()) return TypeMetaFieldDef
    return Object.hasOwn(parent.getFields(), name) ? parent.getFields()[name] : undefined
  }

  private cost (parent: GraphQLObjectType, def: GraphQLField<unknown, unknown>, node: FieldNode, childCost: number): number {
    const named = getNamedType(def.type)
    if (!isObjectType(named)) return 0
    // nodes, edges, node and pageInfo only shape what their connection returns.
    if (/(Connection|Edge)$/.test(parent.name)) return childCost
    if (named.name.endsWith('Connection')) return 1 + this.first(def, node) * (1 + childCost)
    if (isList(def.type)) return 1 + this.listSize(`${parent.name}.${def.name}`) * (1 + childCost)
    return 1 + childCost
  }

  private listSize (key: string): number {
    if (Object.hasOwn(LIST_SIZES, key)) return LIST_SIZES[key]!
    const introspection = introspectionListSizes(this.schema)
    return introspection.has(key) ? introspection.get(key)! : DEFAULT_LIST_SIZE
  }

  /** The page size a connection field asks for, clamped to what the resolvers accept. */
  private first (def: GraphQLField<unknown, unknown>, node: FieldNode): number {
    const arg = def.args.find((a) => a.name === 'first')
    const given = node.arguments?.find((a) => a.name.value === 'first')
    let value: unknown = arg?.defaultValue ?? MAX_LIMIT
    if (arg && given) {
      const v = valueFromAST(given.value, arg.type, this.variables)
      if (v !== undefined && v !== null) value = v
    }
    // Out-of-range values are refused by the resolver with a message about `first` itself.
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), 1), MAX_LIMIT) : MAX_LIMIT
  }
}

const introspectionSizes = new WeakMap<GraphQLSchema, Map<string, number>>()

/**
 * The lengths of the introspection lists in this schema: the number of types and directives, and
 * per type (or field, or directive) the mean number of fields, arguments, enum values, input
 * fields and interfaces, rounded up. A full introspection query is then costed at about the size
 * of its answer (some 17,000 here), and 30 aliased copies of it are refused. Lists of enum values
 * (a directive's locations) cost nothing, as scalars do, so they need no size.
 */
function introspectionListSizes (schema: GraphQLSchema): Map<string, number> {
  let sizes = introspectionSizes.get(schema)
  if (sizes) return sizes
  const types = Object.values(schema.getTypeMap())
  const mean = (total: number, of: number): number => Math.max(1, Math.ceil(total / Math.max(1, of)))
  let fields = 0
  let args = 0
  let enumValues = 0
  let inputFields = 0
  let interfaces = 0
  let possible = 0
  for (const t of types) {
    if (isObjectType(t) || isInterfaceType(t)) {
      const f = Object.values(t.getFields())
      fields += f.length
      args += f.reduce((n, x) => n + x.args.length, 0)
      interfaces += t.getInterfaces().length
    }
    if (isEnumType(t)) enumValues += t.getValues().length
    if (isInputObjectType(t)) inputFields += Object.keys(t.getFields()).length
    if (isAbstractType(t)) possible += schema.getPossibleTypes(t).length
  }
  const directives = schema.getDirectives()
  sizes = new Map([
    ['__Schema.types', types.length],
    ['__Schema.directives', directives.length],
    ['__Type.fields', mean(fields, types.length)],
    ['__Type.interfaces', mean(interfaces, types.length)],
    ['__Type.possibleTypes', mean(possible, types.length)],
    ['__Type.enumValues', mean(enumValues, types.length)],
    ['__Type.inputFields', mean(inputFields, types.length)],
    ['__Field.args', mean(args, fields)],
    ['__Directive.args', mean(directives.reduce((n, d) => n + d.args.length, 0), directives.length)],
  ])
  introspectionSizes.set(schema, sizes)
  return sizes
}

function isList (type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type)
}

/** Depth, aliases and cost of the operation that will run (of every operation, when it is not known yet). */
export function measure (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): Measure {
  const selected = getOperationAST(document, operationName ?? undefined)
  const operations = selected
    ? [selected]
    : document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  const total: Measure = { depth: 0, aliases: 0, cost: 0 }
  for (const op of operations) {
    // Variables as execution sees them: defaults applied, values coerced.
    const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables ?? {})
    const root = op.operation === 'query' ? schema.getQueryType() : op.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType()
    if (!root) continue
    const m = new Measurer(schema, document, coerced.coerced ?? {}).selectionSet(op.selectionSet, root)
    total.depth = Math.max(total.depth, m.depth)
    total.aliases = Math.max(total.aliases, m.aliases)
    total.cost = Math.max(total.cost, m.cost)
  }
  return total
}

/** Refuses an operation over any limit, with one error per limit exceeded. */
export function checkLimits (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null, limits: { depth: number, aliases: number, cost: number } = LIMITS): Measure {
  const m = measure(schema, document, variables, operationName)
  const errors: GraphQLError[] = []
  if (m.depth > limits.depth) {
    errors.push(new GraphQLError(`The query is ${m.depth} levels deep (counted through fragments); the limit is ${limits.depth}. Ask for fewer nested levels, or follow up with a second query.`, { extensions: { code: GraphQLErrorCode.depth, depth: m.depth, limit: limits.depth } }))
  }
  if (m.aliases > limits.aliases) {
    errors.push(new GraphQLError(`The query uses ${m.aliases} aliases (counted once per use of a fragment); the limit is ${limits.aliases}. Use a list field with a filter instead of many aliased single fields.`, { extensions: { code: GraphQLErrorCode.aliases, aliases: m.aliases, limit: limits.aliases } }))
  }
  if (m.cost > limits.cost) {
    errors.push(new GraphQLError(`The query could cost up to ${m.cost} (a connection costs first × the cost of one item, plus 1); the limit is ${limits.cost}. Ask for smaller pages with first, or fewer nested lists.`, { extensions: { code: GraphQLErrorCode.cost, cost: m.cost, limit: limits.cost } }))
  }
  if (errors.length > 0) throw new RequestRefused(errors)
  return m
}
