// The test database: built once from the real seed data and cached by dataset version in the temp
// folder (the build is atomic, so parallel test files can share it). Apart from helper.ts so that
// tests of the query layer alone need not load the app.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { datasetVersion } from '../seed/version.js'
import { seedDir, migrationsDir } from '../src/paths.js'

export async function testDatabasePath (): Promise<string> {
  // Set by npm run test:mutation: a database built once from the code as it is, before the code is
  // instrumented with mutants (which would change the dataset version and rebuild it).
  if (process.env.CF_TEST_DATABASE) return process.env.CF_TEST_DATABASE
  const path = join(tmpdir(), `campaign-facts-test-${datasetVersion(seedDir, migrationsDir)}.db`)
  const { ensureDatabase } = await import('../seed/ensure.js')
  await ensureDatabase(path)
  return path
}
