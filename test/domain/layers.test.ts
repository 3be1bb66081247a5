// The layers import downwards only: the vocabulary in src/domain imports no other layer, and
// nothing under src/ imports seed/ but the process entry, which loads the rebuild step on start.
import t from 'tap'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { projectRoot } from '../../src/paths.js'

function sources (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : []
  })
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!)

t.test('nothing under src/ imports seed/, except the process entry', async (t) => {
  const offenders: string[] = []
  for (const file of sources(join(projectRoot, 'src'))) {
    const rel = relative(projectRoot, file)
    for (const spec of importsOf(file)) {
      if (/(^|\/)seed\//.test(spec) && rel !== 'src/server.ts') offenders.push(`${rel} imports ${spec}`)
    }
  }
  t.same(offenders, [])
  t.ok(importsOf(join(projectRoot, 'src', 'server.ts')).includes('../seed/ensure.js'), 'the process entry wires the rebuild step')
})

t.test('src/domain imports no other layer of the project', async (t) => {
  const files = sources(join(projectRoot, 'src', 'domain'))
  t.ok(files.length >= 3)
  const offenders = files.flatMap((f) => importsOf(f).filter((s) => s.startsWith('.') && !s.startsWith('./')).map((s) => `${relative(projectRoot, f)} imports ${s}`))
  t.same(offenders, [])
})

t.test('the query layer, REST and GraphQL take the vocabulary from src/domain', async (t) => {
  for (const dir of ['queries', 'routes', 'graphql']) {
    const uses = sources(join(projectRoot, 'src', dir)).some((f) => importsOf(f).includes('../domain/index.js'))
    t.ok(uses, `src/${dir} imports src/domain`)
  }
  t.ok(importsOf(join(projectRoot, 'seed', 'format.ts')).includes('../src/domain/index.js'), 'the seed format too')
})
