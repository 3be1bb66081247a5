// The query layer: the one place that reads the database. REST routes and GraphQL resolvers call
// only these functions.
export { QueryContext } from './context.js'
export * from './core.js'
export * from './indicators.js'
export * from './regions.js'
export * from './metrics.js'
export * from './organs.js'
export * from './events.js'
export * from './documents.js'
export * from './citations.js'
export * from './batched.js'
export * from './details.js'
