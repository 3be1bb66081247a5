// Locates the project's own folders whether running from src/ (tsx) or dist/src/ (compiled).
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot (from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir
    if (dirname(dir) === dir) throw new Error(`cannot find the project root above ${from}`)
  }
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)))
export const seedDir = join(projectRoot, 'seed')
export const migrationsDir = join(projectRoot, 'migrations')
export const defaultDatabasePath = join(projectRoot, 'data', 'campaign-facts.db')
export const resolveFromRoot = (p: string): string => resolve(projectRoot, p)
