// Folders in the OS temp folder for one test file, removed when the file's tests end (a process
// killed part-way, as a mutation run stops a failing test, leaves its folders behind).
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A new, empty folder named `prefix` and six random characters, removed at the end of the test file. */
export function tempDir (prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
