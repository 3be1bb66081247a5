// `npm run test:mutation [-- stryker options]`: mutation testing of the core modules with StrykerJS
// (configuration in stryker.config.json; incremental, so a rerun after a small change only tests
// the mutants it touches). The test database is built first from the code as it is and handed to
// the tests, so that no mutant run rebuilds it.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { testDatabasePath } from '../test/helper.js'
import { projectRoot } from '../src/paths.js'

const database = await testDatabasePath()
const result = spawnSync(join(projectRoot, 'node_modules', '.bin', 'stryker'), ['run', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { ...process.env, CF_TEST_DATABASE: database },
})
process.exitCode = result.status ?? 1
