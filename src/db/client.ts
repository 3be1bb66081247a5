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
  // No memory map: pages mapped from the file count in the process's resident memory for as long
  // as they stay mapped, so a big database read through a map looked like a process that grows.
  // Reads go through SQLite's own cache (bounded above) and the operating system's.
  sqlite.pragma('mmap_size = 0')
  sqlite.pragma('temp_store = MEMORY')
  // The file cannot change under a running process (a new dataset is a new file renamed over it,
  // and a new process), so the shared lock is taken once and held: in the default mode each
  // statement takes and releases it and re-reads the header (system calls that were about 18 µs of
  // a 20 µs point lookup). A shared lock held by readers stops no other reader.
  sqlite.pragma('locking_mode = EXCLUSIVE')
  return { sqlite, close: () => sqlite.close() }
}
