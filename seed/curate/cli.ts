// `npm run curate -- COMMAND`: the curation tools.
//   draft TEXT_FILE [--language en|zh] [--out FACTS_FILE] [--force]
//                 register the document (unless it is) and write a draft facts file, every entry
//                 pending review
//   review FACTS_FILE
//                 walk the pending entries in the terminal: accept, edit or reject each
//   measure [--verbose] [--document ID]
//                 draft each seed document as if it were new and compare with its curated facts
//   --seed DIR    the seed folder (default seed/)
import { parseArgs } from 'node:util'
import { relative, resolve } from 'node:path'
import { seedDir as defaultSeedDir, migrationsDir } from '../../src/paths.js'
import { draftDocument } from './draft.js'
import { reviewFile } from './review.js'
import { measureAll, formatMeasures, TARGETS } from './measure.js'

const USAGE = 'usage: npm run curate -- draft TEXT_FILE [--language en|zh] [--out FACTS_FILE] [--force]\n' +
  '       npm run curate -- review FACTS_FILE\n' +
  '       npm run curate -- measure [--verbose] [--document ID]\n' +
  '       (each takes --seed DIR)'

async function main (): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      language: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      seed: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      document: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  })
  const [command, file] = positionals
  // npm runs scripts in the project's folder; paths the curator typed are from where they typed them.
  const here = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p)
  const seedDir = values.seed ? here(values.seed) : defaultSeedDir
  if (values.help || !command) {
    console.log(USAGE)
    return values.help ? 0 : 2
  }
  if (command === 'draft') {
    if (!file) return usage('draft needs a text file')
    if (values.language !== undefined && values.language !== 'en' && values.language !== 'zh') return usage('--language is en or zh')
    const r = draftDocument({ seedDir, textFile: here(file), language: values.language as 'en' | 'zh' | undefined, out: values.out ? here(values.out) : undefined, force: values.force })
    const low = r.draft.indicators.filter((i) => i.confidence < 0.6).length
    console.log(`${r.registered ? `registered ${rel(r.metadataFile)} (pending review)\n` : ''}wrote ${rel(r.factsFile)}: ${r.draft.indicators.length} indicators (${low} of low confidence, below 0.6) and ${r.draft.ignores.length} ignore candidates, all pending review`)
    console.log(`next: npm run curate -- review ${rel(r.factsFile)}`)
    return 0
  }
  if (command === 'review') {
    if (!file) return usage('review needs a facts file')
    const s = await reviewFile({ seedDir, migrationsDir, factsFile: here(file) })
    return s.problems > 0 ? 1 : 0
  }
  if (command === 'measure') {
    const measures = measureAll({ seedDir, migrationsDir, documents: values.document })
    console.log(formatMeasures(measures, values.verbose))
    const failed = measures.filter((m) => m.recall < TARGETS.recall || m.unit < TARGETS.unit || m.qualifier < TARGETS.qualifier || m.region < TARGETS.region || m.loadErrors.length > 0 || m.unexplained !== 0)
    if (failed.length > 0) console.log(`below the targets: ${failed.map((m) => m.documentId).join(', ')}`)
    return failed.length > 0 ? 1 : 0
  }
  return usage(`unknown command '${command}'`)
}

function usage (message: string): number {
  console.error(`curate: ${message}\n${USAGE}`)
  return 2
}

const rel = (p: string): string => relative(process.cwd(), p) || p

main().then((code) => { process.exitCode = code }, (err: unknown) => {
  // A prompt closed by Ctrl-C or the end of input: what was decided is saved already.
  if (err instanceof Error && err.name === 'ExitPromptError') {
    console.error('\ncurate: stopped; the decisions made so far are saved')
    process.exitCode = 130
    return
  }
  console.error(`curate: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
