// Makes sure the database exists and was built from the current seed data; rebuilds it otherwise.
// Called by the process entry (src/server.ts) and the test helper, never from src/db or the query
// layer: serving needs only the built database.
import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import { datasetVersion } from './version.js'
import { removeStaleTemporaries } from './temporaries.js'
import { seedDir as defaultSeedDir, migrationsDir } from '../src/paths.js'

export function storedVersion (path: string): string | null {
  if (!existsSync(path)) return null
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true })
    try {
      const row = db.prepare("SELECT value FROM dataset_info WHERE key = 'version'").get() as { value: string } | undefined
      return row?.value ?? null
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}

export interface EnsureResult { version: string, rebuilt: boolean }

export async function ensureDatabase (path: string, opts: { seedDir?: string } = {}): Promise<EnsureResult> {
  const seedDir = opts.seedDir ?? defaultSeedDir
  const wanted = datasetVersion(seedDir, migrationsDir)
  removeStaleTemporaries(path)
  if (storedVersion(path) === wanted) return { version: wanted, rebuilt: false }
  // The loader and builder (gazetteer, pinyin, YAML) are loaded only when a rebuild is needed.
  const { loadSeed } = await import('./loader.js')
  const { buildDatabase } = await import('./build.js')
  const data = loadSeed({ seedDir, migrationsDir })
  buildDatabase(data, { databasePath: path, migrationsDir })
  return { version: data.version, rebuilt: true }
}
