// `npm run test:mutation [-- module ...] [-- --force]` (`-- --scores`: only the table): mutation testing of the core modules with
// StrykerJS, one module at a time (stryker.config.json is the shared configuration; each module
// names the files it mutates and the focused test files that run against its mutants). Each
// module keeps its own incremental file in reports/stryker-incremental/, so a rerun after a small
// change tests only the mutants and tests it touches, and a run stopped part-way keeps the modules
// it finished. The test database is built first from the code as it is and handed to the tests, so
// that no mutant run rebuilds it. At the end: the score of every module, from its last report.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { testDatabasePath } from '../test/database.js'
import { projectRoot } from '../src/paths.js'

interface Module { mutate: string[], testFiles: string[] }

/**
 * The modules and the tests that judge them: the focused files that exercise each module directly
 * and take a few seconds. The fuzzers and the whole-dataset tests reach the same code, but at
 * tens of seconds per mutant; a mutant these files let live is one to kill here.
 */
const MODULES: Record<string, Module> = {
  numbers: {
    mutate: ['seed/numbers.ts'],
    testFiles: ['test/seed/numbers.test.ts', 'test/seed/checks.test.ts'],
  },
  coverage: {
    mutate: ['seed/coverage.ts'],
    testFiles: ['test/seed/coverage.test.ts', 'test/seed/checks.test.ts'],
  },
  // The loader in two parts (a run of the whole file takes most of an hour here): its helpers (the
  // value and date checks, dimensions, coverage, cycles, chrome spans) and the body of
  // loadSeedUnchecked (every check of every entry). Line ranges: keep them on the function bounds.
  'loader-helpers': {
    mutate: ['seed/loader.ts:1-208', 'seed/loader.ts:719-900'],
    // The loader's own tests first: they reach every check, so a mutant is most often killed by
    // the first file run.
    testFiles: ['test/seed/loader-errors.test.ts', 'test/seed/loader.test.ts', 'test/seed/checks.test.ts'],
  },
  'loader-checks': {
    mutate: ['seed/loader.ts:209-718'],
    testFiles: ['test/seed/loader-errors.test.ts', 'test/seed/loader.test.ts', 'test/seed/checks.test.ts'],
  },
  // The query layer in four parts, each with the tests that reach it: the lists' core and the
  // figures, the other entities, summaries and observation tables, search.
  queries: {
    mutate: ['src/queries/context.ts', 'src/queries/core.ts', 'src/queries/batched.ts', 'src/queries/indicators.ts'],
    testFiles: ['test/queries/queries.test.ts', 'test/routes/rest.test.ts', 'test/routes/edges.test.ts', 'test/graphql/loaders.test.ts'],
  },
  'queries-entities': {
    mutate: ['src/queries/citations.ts', 'src/queries/details.ts', 'src/queries/documents.ts', 'src/queries/events.ts', 'src/queries/metrics.ts', 'src/queries/organs.ts', 'src/queries/regions.ts'],
    testFiles: ['test/queries/queries.test.ts', 'test/routes/rest.test.ts', 'test/routes/edges.test.ts', 'test/graphql/loaders.test.ts'],
  },
  'queries-summary': {
    mutate: ['src/queries/summary.ts', 'src/queries/observations.ts', 'src/queries/heavy.ts', 'src/queries/worker.ts'],
    testFiles: ['test/queries/summary.test.ts', 'test/queries/heavy.test.ts', 'test/routes/dashboard.test.ts', 'test/graphql/dashboard.test.ts', 'test/routes/summary-answers.test.ts'],
  },
  'queries-search': {
    mutate: ['src/queries/search.ts'],
    testFiles: ['test/queries/search.test.ts', 'test/routes/search.test.ts'],
  },
  http: {
    mutate: ['src/routes/http.ts', 'src/plugins/http.ts'],
    // The fast file first: a mutant it kills costs no more.
    testFiles: ['test/routes/http.test.ts', 'test/routes/http-answers.test.ts', 'test/routes/edges.test.ts', 'test/routes/cache.test.ts', 'test/reliability/hardening.test.ts', 'test/routes/negotiation.test.ts', 'test/routes/openapi.test.ts'],
  },
  'graphql-limits': {
    mutate: ['src/graphql/limits.ts'],
    testFiles: ['test/graphql/limits.test.ts', 'test/graphql/cost.test.ts'],
  },
  'graphql-loaders': {
    mutate: ['src/graphql/loaders.ts'],
    testFiles: ['test/graphql/loaders.test.ts', 'test/graphql/parity.test.ts', 'test/graphql/resolvers.test.ts'],
  },
}

interface MutantResult {
  status: string, mutatorName: string, replacement?: string,
  location: { start: { line: number, column: number }, end: { line: number, column: number } },
}
interface Report { files: Record<string, { source: string, mutants: MutantResult[] }> }

const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])

/** Detected ÷ (detected + undetected), as Stryker counts it: compile errors and ignored mutants are left out. */
function scoreOf (mutants: MutantResult[]): { detected: number, undetected: number, ignored: number, invalid: number, score: number | null } {
  let detected = 0
  let undetected = 0
  let ignored = 0
  let invalid = 0
  for (const m of mutants) {
    if (DETECTED.has(m.status)) detected++
    else if (UNDETECTED.has(m.status)) undetected++
    else if (m.status === 'Ignored') ignored++
    else invalid++
  }
  const valid = detected + undetected
  return { detected, undetected, ignored, invalid, score: valid === 0 ? null : (100 * detected) / valid }
}

function run (): void {
  const args = process.argv.slice(2)
  if (args.includes('--scores')) return printScores()
  if (args.includes('--survivors')) return printSurvivors(args.filter((a) => Object.hasOwn(MODULES, a)))
  // Module names choose the modules; everything else goes to Stryker (`--concurrency 1`, `--force`).
  const names = args.filter((a) => Object.hasOwn(MODULES, a))
  const strykerArgs = args.filter((a) => !Object.hasOwn(MODULES, a) && a !== '--')
  const chosen = names.length > 0 ? names : Object.keys(MODULES)
  const base = JSON.parse(readFileSync(join(projectRoot, 'stryker.config.json'), 'utf8')) as Record<string, any>
  const configDir = join(projectRoot, 'reports', 'stryker-config')
  mkdirSync(configDir, { recursive: true })
  return void (async () => {
    const database = await testDatabasePath()
    let status = 0
    for (const name of chosen) {
      const mod = MODULES[name]!
      const config: Record<string, unknown> = {
        ...base,
        $schema: undefined,
        _comment: undefined,
        mutate: mod.mutate,
        tap: { ...base.tap, testFiles: mod.testFiles.filter((f) => existsSync(join(projectRoot, f))) },
        incrementalFile: `reports/stryker-incremental/${name}.json`,
        htmlReporter: { fileName: `reports/mutation/${name}.html` },
        jsonReporter: { fileName: `reports/mutation/${name}.json` },
      }
      // The type checker reads the mutated files and what they import, not the files that import
      // them: a mutant that breaks a caller's types is then run, not skipped, which only costs time.
      // Checking the whole project for each of a file's mutants took seconds a mutant.
      const tsconfig = join(configDir, `${name}.tsconfig.json`)
      writeFileSync(tsconfig, JSON.stringify({ extends: '../../tsconfig.json', include: [...new Set(mod.mutate.filter((m) => !m.startsWith('!')).map((m) => `../../${m.replace(/:\d+-\d+$/, '')}`))] }, null, 2))
      config.tsconfigFile = relative(projectRoot, tsconfig)
      const file = join(configDir, `${name}.json`)
      writeFileSync(file, JSON.stringify(config, null, 2))
      console.log(`\n== ${name}: ${mod.mutate.join(', ')}`)
      const result = spawnSync(join(projectRoot, 'node_modules', '.bin', 'stryker'), ['run', file, ...strykerArgs], {
        cwd: projectRoot,
        stdio: 'inherit',
        // tap's own timeout (30 s a file) would fail a test file on a loaded machine; Stryker's
        // timeout (timeoutMS in stryker.config.json) is the one that judges a mutant that hangs.
        env: { ...process.env, CF_TEST_DATABASE: database, TAP_TIMEOUT: '600' },
      })
      if (result.status !== 0) status = result.status ?? 1
    }
    printScores()
    process.exitCode = status
  })()
}

/** The score of every module from its last report, as a Markdown table. */
function printScores (): void {
  const rows = ['| module | score | killed | survived | equivalent (ignored) | not valid TypeScript |', '|---|---|---|---|---|---|']
  for (const name of Object.keys(MODULES)) {
    const path = join(projectRoot, 'reports', 'mutation', `${name}.json`)
    if (!existsSync(path)) {
      rows.push(`| ${name} | not run | | | | |`)
      continue
    }
    const report = JSON.parse(readFileSync(path, 'utf8')) as Report
    const s = scoreOf(Object.values(report.files).flatMap((f) => f.mutants))
    rows.push(`| ${name} | ${s.score === null ? 'n/a' : `${s.score.toFixed(1)}%`} | ${s.detected} | ${s.undetected} | ${s.ignored} | ${s.invalid} |`)
  }
  console.log(`\n${rows.join('\n')}`)
}

/** The mutants each module's last run let live: where, what the code was, what it became. */
function printSurvivors (names: string[]): void {
  for (const name of names.length > 0 ? names : Object.keys(MODULES)) {
    const path = join(projectRoot, 'reports', 'mutation', `${name}.json`)
    if (!existsSync(path)) continue
    const report = JSON.parse(readFileSync(path, 'utf8')) as Report
    for (const [file, { source, mutants }] of Object.entries(report.files)) {
      const lines = source.split('\n')
      for (const m of mutants.filter((x) => UNDETECTED.has(x.status)).sort((a, b) => a.location.start.line - b.location.start.line)) {
        const { start, end } = m.location
        const original = start.line === end.line
          ? lines[start.line - 1]!.slice(start.column - 1, end.column - 1)
          : `${lines[start.line - 1]!.slice(start.column - 1)} …`
        console.log(`${file}:${start.line}:${start.column} ${m.status} ${m.mutatorName}: ${JSON.stringify(original.slice(0, 120))} → ${JSON.stringify((m.replacement ?? '').slice(0, 120))}`)
      }
    }
  }
}

run()
