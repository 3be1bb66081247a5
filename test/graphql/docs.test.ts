// The GraphQL examples of the README, run against the app: a developer who copies one gets data.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from '../helper.js'
import { projectRoot } from '../../src/paths.js'

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8')
const doc = readme.slice(readme.indexOf('## GraphQL'), readme.indexOf('\n## ', readme.indexOf('## GraphQL') + 1))
// `cat <<'EOF' | curl ... -d @-` blocks: the JSON body between the heredoc markers.
const bodies = [...doc.matchAll(/<<'EOF' \| curl -s http:\/\/127\.0\.0\.1:3000\/graphql [^\n]*\n([\s\S]*?)\nEOF\n/g)].map((m) => m[1]!)
const gets = doc.split('\n').filter((l) => l.startsWith('curl ')).map((l) => /'http:\/\/127\.0\.0\.1:3000([^']+)'/.exec(l)?.[1])

t.test('every POST example answers with data', async (t) => {
  t.ok(bodies.length >= 2, `${bodies.length} POST examples`)
  const app = await build(t)
  for (const body of bodies) {
    const res = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: body })
    t.equal(res.statusCode, 200, body.slice(0, 80))
    const json = res.json()
    t.notOk(json.errors, 'no errors')
    t.ok(JSON.stringify(json.data).length > 200, 'real content')
  }
  const provinces = JSON.parse((await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: bodies[0]! })).body).data.regions
  t.equal(provinces.totalCount, 34)
})

t.test('every GET example answers with data', async (t) => {
  t.ok(gets.length >= 1)
  const app = await build(t)
  for (const url of gets) {
    t.ok(url?.startsWith('/graphql?query='), `${url} is a GraphQL GET`)
    const res = await app.inject(url!)
    t.equal(res.statusCode, 200)
    t.ok(res.body.length > 100 && !res.json().errors, 'real content')
  }
})
