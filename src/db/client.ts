// Opens the embedded database read-only for serving, with pragmas tuned for reads. Drizzle owns
// the schema and the migrations (seed time); serving reads through the query layer's prepared
// statements on better-sqlite3 directly, so Drizzle is not loaded at start.
import Database from 'better-sqlite3'

export interface DatabaseHandle {
  sqlite: Database.Database
  close: () => void
}

export function openDatabase (path: string): DatabaseHandle {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true })
  sqlite.pragma('query_only = ON')
  sqlite.pragma('cache_size = -32000')
  sqlite.pragma('mmap_size = 268435456')
  sqlite.pragma('temp_store = MEMORY')
  return { sqlite, close: () => sqlite.close() }
}
