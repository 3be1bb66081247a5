// Opens the embedded database read-only for serving, with pragmas tuned for reads.
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema.js'

export interface DatabaseHandle {
  sqlite: Database.Database
  db: BetterSQLite3Database<typeof schema>
  close: () => void
}

export function openDatabase (path: string): DatabaseHandle {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true })
  sqlite.pragma('query_only = ON')
  sqlite.pragma('cache_size = -32000')
  sqlite.pragma('mmap_size = 268435456')
  sqlite.pragma('temp_store = MEMORY')
  const db = drizzle(sqlite, { schema })
  return { sqlite, db, close: () => sqlite.close() }
}
