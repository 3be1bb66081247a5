// Queries that differ only in their literal values share one validated document. A client that
// writes `{ indicator(id: "…") { … } }` with a new id each time sends a query text never seen
// before, and graphql-js validates each one from scratch (27 rules over the whole document, most
// of a small query's cost). Here the literals of such a text are taken out: once a text of the
// same shape has validated, a new one is sent to Mercurius as the shape's text with the literals
// as variables, which its parse-and-validate cache already holds. The client's own document (with
// its own locations, literals and error messages) is what executes; only validation is shared.
import {
  GraphQLError, Kind, Lexer, Source, TokenKind, TypeInfo, coerceInputValue, getNamedType, isScalarType, parse, validate,
  valueFromAST, visit, visitWithTypeInfo, type DocumentNode, type GraphQLInputType, type GraphQLSchema,
  type OperationDefinitionNode, type Token, type ValueNode,
} from 'graphql'
import { LRUCache } from 'lru-cache'

/** Token kinds of the literals taken out: strings and numbers (booleans, null and enums are names). */
const LITERALS = new Set<string>([TokenKind.STRING, TokenKind.BLOCK_STRING, TokenKind.INT, TokenKind.FLOAT])

/**
 * Scalars whose literal, read by the schema, is accepted back as a variable's value: the built-in
 * ones, and the schema's PartialDate (a string in, the same string out).
 */
const HOISTED_SCALARS = new Set(['String', 'ID', 'Int', 'Float', 'PartialDate'])

const VARIABLE_PREFIX = '_cf'

/** A query text's tokens with each literal replaced by its number; equal literals get one number. */
export interface Skeleton {
  /** The tokens, literals numbered: equal for texts that differ only in literal values (and layout). */
  key: string
  /** The distinct literals, in order of first appearance. */
  literals: Array<{ kind: string, value: string }>
}

/** The text a shape is validated as, and the type of each of its variables. */
interface Shape { text: string, types: GraphQLInputType[] }

/**
 * The skeleton of a query text, or null when it has no literal, does not lex, or has more than
 * `maxTokens` tokens (the request is then refused before parsing, as any other).
 */
export function skeleton (source: string, maxTokens: number): Skeleton | null {
  const lexer = new Lexer(new Source(source))
  const parts: string[] = []
  const numbers = new Map<string, number>()
  const literals: Skeleton['literals'] = []
  try {
    for (let token = lexer.advance(), count = 0; token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++count > maxTokens) return null
      if (LITERALS.has(token.kind)) {
        const id = `${token.kind}\u0001${token.value}`
        let n = numbers.get(id)
        if (n === undefined) {
          n = literals.length
          numbers.set(id, n)
          literals.push({ kind: token.kind, value: token.value })
        }
        parts.push(`\u0000${token.kind}${n}`)
      } else {
        parts.push(token.value === undefined ? token.kind : `${token.kind}\u0001${token.value}`)
      }
    }
  } catch {
    return null
  }
  return literals.length === 0 ? null : { key: parts.join(' '), literals }
}

function literalNode (literal: { kind: string, value: string }): ValueNode {
  switch (literal.kind) {
    case TokenKind.INT: return { kind: Kind.INT, value: literal.value }
    case TokenKind.FLOAT: return { kind: Kind.FLOAT, value: literal.value }
    default: return { kind: Kind.STRING, value: literal.value, block: literal.kind === TokenKind.BLOCK_STRING }
  }
}

/**
 * The shape of a document that has validated, as text with the literals as variables, or null
 * when it cannot be shared: more than one operation, a literal that is a variable's default, or
 * is of a type other than the scalars above, one literal in places of
 * two types, variable names of the form used here, or a text that does not validate (never
 * expected, checked all the same, so that what Mercurius validates always holds).
 */
export function shapeOf (schema: GraphQLSchema, source: string, document: DocumentNode): Shape | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  if (operations.length !== 1 || !document.loc) return null
  const op = operations[0]!
  if (op.variableDefinitions?.some((v) => v.variable.name.value.startsWith(VARIABLE_PREFIX))) return null
  // Each literal token, numbered as skeleton() numbers them.
  const tokens: Array<{ token: Token, n: number }> = []
  const numbers = new Map<string, number>()
  for (let token: Token | null = document.loc.startToken; token !== null && token.kind !== TokenKind.EOF; token = token.next) {
    if (!LITERALS.has(token.kind)) continue
    const id = `${token.kind}\u0001${token.value}`
    if (!numbers.has(id)) numbers.set(id, numbers.size)
    tokens.push({ token, n: numbers.get(id)! })
  }
  if (tokens.length === 0) return null
  // The input type at each literal (an argument's, or a list's or input object's within one).
  const typeAt = new Map<number, GraphQLInputType>()
  let unshareable = false
  const info = new TypeInfo(schema)
  // A variable's default must be a constant: its literals stay.
  let inDefault = 0
  const literal = (node: ValueNode): void => {
    const type = info.getInputType()
    const named = type ? getNamedType(type) : null
    if (inDefault > 0 || !type || !named || !isScalarType(named) || !HOISTED_SCALARS.has(named.name) || !node.loc) {
      unshareable = true
      return
    }
    typeAt.set(node.loc.start, type)
  }
  visit(document, visitWithTypeInfo(info, {
    VariableDefinition: { enter: () => { inDefault++ }, leave: () => { inDefault-- } },
    StringValue: literal,
    IntValue: literal,
    FloatValue: literal,
  }))
  if (unshareable) return null
  const types: GraphQLInputType[] = []
  for (const { token, n } of tokens) {
    const type = typeAt.get(token.start)
    if (!type) return null
    if (types[n] === undefined) types[n] = type
    else if (String(types[n]) !== String(type)) return null
  }
  // The text: each literal replaced by its variable, the variables declared on the operation.
  const declarations = types.map((t, n) => `$${VARIABLE_PREFIX}${n}: ${String(t)}`).join(' ')
  const edits: Array<{ start: number, end: number, text: string }> = tokens.map(({ token, n }) => ({ start: token.start, end: token.end, text: `$${VARIABLE_PREFIX}${n}` }))
  if (op.variableDefinitions && op.variableDefinitions.length > 0) {
    const first = op.variableDefinitions[0]!.loc!.start
    edits.push({ start: first, end: first, text: `${declarations} ` })
  } else if (op.name) {
    edits.push({ start: op.name.loc!.end, end: op.name.loc!.end, text: `(${declarations})` })
  } else if (op.loc!.startToken.kind === TokenKind.BRACE_L) {
    edits.push({ start: op.loc!.start, end: op.loc!.start, text: `query (${declarations}) ` })
  } else {
    // `query { … }` or `query @directive { … }`: the variables come right after the keyword.
    const keyword = op.loc!.startToken
    edits.push({ start: keyword.end, end: keyword.end, text: ` (${declarations})` })
  }
  edits.sort((a, b) => a.start - b.start)
  let text = ''
  let at = 0
  for (const e of edits) {
    text += source.slice(at, e.start) + e.text
    at = e.end
  }
  text += source.slice(at)
  try {
    if (validate(schema, parse(text)).length > 0) return null
  } catch (err) {
    if (err instanceof GraphQLError) return null
    throw err
  }
  return { text, types }
}

/** A request to run as its shape: the text to validate, and the literals' values as variables. */
export interface Hoisted { text: string, variables: Record<string, unknown> }

/**
 * The shapes seen, bounded in count (and each in bytes by the query's own limit). A shape is built
 * the second time its skeleton is seen, so that a text sent once costs nothing more than before.
 */
export class Shapes {
  private readonly shapes: LRUCache<string, Shape | 'seen' | 'unshareable'>
  constructor (readonly max: number) {
    this.shapes = new LRUCache({ max })
  }

  /** The shape's text and variables for these literals, or null: send the text as it is. */
  hoist (s: Skeleton): Hoisted | null {
    const shape = this.shapes.get(s.key)
    if (shape === undefined || typeof shape === 'string') return null
    const variables: Record<string, unknown> = {}
    for (let n = 0; n < s.literals.length; n++) {
      // A literal its type does not accept is left in its text, to be reported as graphql-js
      // reports it; so is one it reads as a value it would not take as a variable's (`1e400` is
      // a Float literal, read as Infinity, which no variable may be).
      const type = shape.types[n]!
      const value = valueFromAST(literalNode(s.literals[n]!), type)
      if (value === undefined) return null
      let accepted = true
      coerceInputValue(value, type, () => { accepted = false })
      if (!accepted) return null
      variables[`${VARIABLE_PREFIX}${n}`] = value
    }
    return { text: shape.text, variables }
  }

  /** Called for a text that has validated and was not hoisted: records its skeleton, or its shape. */
  validated (schema: GraphQLSchema, s: Skeleton, source: string, document: DocumentNode): void {
    const known = this.shapes.get(s.key)
    if (known === undefined) {
      this.shapes.set(s.key, 'seen')
    } else if (known === 'seen') {
      this.shapes.set(s.key, shapeOf(schema, source, document) ?? 'unshareable')
    }
  }

  get size (): number { return this.shapes.size }
}
