// The bounds of a GraphQL request, enforced before execution: tokens (before parsing), then depth,
// aliases and cost (after validation, with the request's variables). Depth, aliases and cost are
// measured through named and inline fragments: Mercurius's own `queryDepth` does not follow named
// fragments, so a fragment could hide any depth from it.
import {
  GraphQLError, Kind, Lexer, Source, TokenKind, getNamedType, getOperationAST, getVariableValues, isListType, isNonNullType,
  isObjectType, parse, valueFromAST, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType,
  type GraphQLSchema, type GraphQLType, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql'
import { MAX_LIMIT } from '../queries/index.js'
import { GraphQLErrorCode } from '../errors.js'

export const LIMITS = {
  /** Fields nested in fields, the root field being 1. The example query (provinces → indicators → source → document) is 7. */
  depth: 12,
  /** Aliased fields, counted once per use of the fragment they are in. */
  aliases: 30,
  /** Lexical tokens of the query text (comments excluded). */
  tokens: 2000,
  /**
   * GitHub-style: each object field costs 1; a connection costs 1 + first × (1 + the cost of one of
   * its items); other lists count as a fixed number of items (LIST_SIZES). 50,000 allows a full
   * page of 1,000 items with one nested page of 25 under each.
   */
  cost: 50_000,
} as const

/** The size assumed for lists that are not connections (no `first`): their largest plausible length. */
const LIST_SIZES: Record<string, number> = {
  'Region.ancestors': 3,
  'Event.citations': 20,
  'Organ.citations': 20,
  'Document.spans': 500,
  'Query.indicatorSummary': 100,
}
const DEFAULT_LIST_SIZE = 100

/** A request refused before execution; rendered by the error formatter like a validation error. */
export class RequestRefused extends Error {
  readonly statusCode = 400
  readonly code = 'CF_REQUEST_REFUSED'
  constructor (readonly errors: GraphQLError[]) {
    super(errors.map((e) => e.message).join('; '))
  }
}

function refuse (code: string, message: string): RequestRefused {
  return new RequestRefused([new GraphQLError(message, { extensions: { code } })])
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
export function checkSyntax (source: string): void {
  try {
    parse(source, { noLocation: true })
  } catch (err) {
    if (err instanceof GraphQLError) throw new RequestRefused([err])
    throw err
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
    // Introspection (__schema, __type, __typename) is bounded by the token limit alone, so that
    // GraphiQL and code generators can read the schema.
    if (name.startsWith('__')) return { depth: 0, aliases: 0, cost: 0 }
    const def = parent.getFields()[name]
    if (!def) return { depth: 1, aliases: node.alias ? 1 : 0, cost: 0 }
    const named = getNamedType(def.type)
    const sub = node.selectionSet && isObjectType(named) ? this.selectionSet(node.selectionSet, named) : { depth: 0, aliases: 0, cost: 0 }
    return { depth: 1 + sub.depth, aliases: (node.alias ? 1 : 0) + sub.aliases, cost: this.cost(parent, def, node, sub.cost) }
  }

  private cost (parent: GraphQLObjectType, def: GraphQLField<unknown, unknown>, node: FieldNode, childCost: number): number {
    const named = getNamedType(def.type)
    if (!isObjectType(named)) return 0
    // nodes, edges, node and pageInfo only shape what their connection returns.
    if (/(Connection|Edge)$/.test(parent.name)) return childCost
    if (named.name.endsWith('Connection')) return 1 + this.first(def, node) * (1 + childCost)
    if (isList(def.type)) return 1 + (LIST_SIZES[`${parent.name}.${def.name}`] ?? DEFAULT_LIST_SIZE) * (1 + childCost)
    return 1 + childCost
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
