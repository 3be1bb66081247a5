// The domain's vocabulary and text normalization, in one place for the seed, the query layer,
// REST and GraphQL.
export * from './vocabulary.js'
export * from './dimensions.js'
export * from './text.js'
export * from './search.js'
export * from './dates.js'
