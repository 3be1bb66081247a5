// Every bound on what a request can make the server hold or do, in one place. A cache, map or
// queue that a request can add to takes its size from here; so does every input that shapes work.
// Limits that operators tune per deployment (rate limits, load shedding) are read from the
// environment in config.ts, with their defaults documented there and in the README.
export const LIMITS = {
  /** Items per page of a list (REST `limit`, GraphQL `first`). */
  pageSize: 1000,
  /** Items of a comma list (REST) or a list filter (GraphQL). */
  listItems: 100,
  /** Fields in one `sort` / `orderBy`: bounds the number of distinct query shapes. */
  sortKeys: 3,
  /** Rows of one indicator summary; a request that would make more is refused (narrow the filter). */
  summaryRows: 5000,
  /** Indicator ids listed per summary row and per omission (its `count` says how many there are). */
  summaryIds: 100,
  /** Figures one observations table may hold (long rows; a wide table is built from as many). */
  observations: 10_000,
  search: {
    /** Characters of a search query. */
    queryChars: 200,
    /** Words and runs of Chinese characters in a query: each is one term of the FTS5 query. */
    terms: 16,
    /** Hits per page (REST `limit`, GraphQL `first`). */
    pageSize: 100,
  },
  /**
   * Prepared statements kept per database handle (LRU), keyed by SQL text. An executed statement
   * keeps its working memory, some 0.4 MB for a sorted join, so the bound is what memory allows;
   * the hot shapes of real traffic are a few dozen.
   */
  statementCache: 128,
  /** Length of a path segment such as an id; longer ones are a 414 from the router. */
  pathSegment: 500,
  /** Bytes of a request body (GraphQL POST). */
  bodyBytes: 256 * 1024,
  http: {
    /** A request must be answered within this time; a client must send its headers within it. */
    requestTimeoutMs: 30_000,
    /** An idle connection is closed after this. */
    connectionTimeoutMs: 30_000,
    keepAliveTimeoutMs: 10_000,
    /** Bytes of the request line and headers together (Node's default is 16 KiB). */
    headerBytes: 16 * 1024,
  },
  /** SIGTERM to exit: in-flight requests are answered and kept-alive sockets drained within it. */
  shutdownMs: 10_000,
  /** How long an idle kept-alive socket is left open during shutdown for a request already on its way. */
  shutdownIdleGraceMs: 1_500,
  graphql: {
    /** Bytes of the query text, comments included: what the parse cache can be made to hold per entry. */
    queryBytes: 16 * 1024,
    /** Parsed and validated documents kept (Mercurius's LRU `cache`). */
    parseCache: 256,
    /**
     * Fields nested in fields, the root field being 1. The example query is 7 deep; the standard
     * introspection query (graphql-js, GraphiQL, code generators) is 14.
     */
    depth: 15,
    /** Aliased fields, counted once per use of the fragment they are in. */
    aliases: 30,
    /** Lexical tokens of the query text (comments excluded). */
    tokens: 2000,
    /** Cost of one operation: see src/graphql/limits.ts. */
    cost: 50_000,
  },
  /**
   * Answers kept to be sent again (LRU, by bytes): successful GETs by URL and Accept, each with its
   * compressed forms. The dataset cannot change under a running process, so nothing goes stale.
   */
  responseCache: { bytes: 64 * 1024 * 1024, entryBytes: 8 * 1024 * 1024 },
  /**
   * Summaries and observation tables (src/queries/heavy.ts): at most this many wait for a worker
   * thread (beyond: 503), each has this long to finish (beyond: stopped, 503), and a thread's heap
   * is at most this big (beyond: the request fails with 503 and the thread is replaced).
   */
  heavy: { queue: 16, timeoutMs: 15_000, heapMb: 256 },
  /** Clients the rate limiters track at once (LRU); a client pushed out starts afresh. */
  rateLimitClients: 10_000,
} as const
