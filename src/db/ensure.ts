// Makes sure the database exists and was built from the current seed data; rebuilds it otherwise.
import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import { datasetVersion, loadSeed } from '../../seed/loader.js'
import { buildDatabase } from '../../seed/build.js'
import { seedDir as defaultSeedDir, migrationsDir } from '../paths.js'

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

export function ensureDatabase (path: string, opts: { seedDir?: string } = {}): EnsureResult {
  const seedDir = opts.seedDir ?? defaultSeedDir
  const wanted = datasetVersion(seedDir, migrationsDir)
  if (storedVersion(path) === wanted) return { version: wanted, rebuilt: false }
  const data = loadSeed({ seedDir, migrationsDir })
  buildDatabase(data, { databasePath: path, migrationsDir })
  return { version: data.version, rebuilt: true }
}
