// deploy/ can't be run here (no container engine), so its files are checked as far as can be
// without one: valid YAML, valid against the Compose specification's schema and the Kubernetes
// API's schemas, and consistent with the app and with each other. scripts/proxy-test.sh runs the
// nginx configuration itself.
import t from 'tap'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { Ajv } from 'ajv'
import { Deployment } from 'kubernetes-models/apps/v1'
import { Service } from 'kubernetes-models/v1'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1'
import { projectRoot } from '../src/paths.js'
import { LIMITS } from '../src/limits.js'

const deployDir = join(projectRoot, 'deploy')
const k8sDir = join(deployDir, 'k8s')

/** Every document of a YAML file, failing on any parse error or warning (duplicate keys included). */
function readYaml (path: string): any[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { uniqueKeys: true, prettyErrors: true })
  for (const d of docs) {
    if (d.errors.length > 0 || d.warnings.length > 0) throw new Error(`${path}: ${[...d.errors, ...d.warnings].map((e) => e.message).join('; ')}`)
  }
  return docs.map((d) => d.toJS())
}

t.test('compose.yaml is valid against the Compose specification', async (t) => {
  const compose = readYaml(join(deployDir, 'compose.yaml'))[0]
  // The schema of compose-spec/compose-spec (schema/compose-spec.json, Apache-2.0), as committed
  // upstream; its $schema names draft-07 by an address Ajv does not know, hence the delete.
  const schema = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'deploy', 'compose-spec.json'), 'utf8'))
  delete schema.$schema
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema)
  t.ok(validate(compose), JSON.stringify(validate.errors, null, 2))

  const { app, proxy } = compose.services
  t.equal(app.deploy.replicas, 3)
  t.equal(app.build.dockerfile, 'Dockerfile')
  t.ok(existsSync(join(deployDir, app.build.context, app.build.dockerfile)), 'the build context holds the Dockerfile')
  t.notOk(app.ports, 'the replicas publish no port: only the proxy reaches them')
  t.equal(app.environment.TRUST_PROXY, 'true')
  t.match(app.healthcheck.test.join(' '), /\/ready/)
  t.same(proxy.depends_on, { app: { condition: 'service_healthy' } })
  for (const v of proxy.volumes.filter((v: unknown) => typeof v === 'string')) {
    const source = (v as string).split(':')[0]!
    t.ok(existsSync(join(deployDir, source)), `${source} exists`)
  }
})

t.test('the nginx configuration includes what Compose mounts beside it', async (t) => {
  const conf = readFileSync(join(deployDir, 'nginx', 'nginx.conf'), 'utf8')
  const includes = [...conf.matchAll(/^\s*include\s+([^;]+);/gm)].map((m) => m[1]!)
  t.same(includes.sort(), ['listen.conf', 'servers.conf'])
  const compose = readYaml(join(deployDir, 'compose.yaml'))[0]
  const mounted = compose.services.proxy.volumes.filter((v: unknown) => typeof v === 'string').map((v: string) => v.split(':')[1])
  for (const name of includes) t.ok(mounted.includes(`/etc/nginx/campaign-facts/${name}`), `${name} is mounted beside nginx.conf`)
  t.ok(existsSync(join(deployDir, 'nginx', 'compose', 'servers.conf')))
  t.match(conf, /proxy_cache_key\s+"[^"]*\$http_accept/, 'the cache key includes Accept')
  t.match(conf, /proxy_cache_revalidate on;/)
})

const models: Record<string, new (data: any) => { validate: () => void }> = {
  Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget,
}

t.test('the Kubernetes manifests are valid against the API schemas', async (t) => {
  const kustomization = readYaml(join(k8sDir, 'kustomization.yaml'))[0]
  const files = readdirSync(k8sDir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort()
  t.same([...kustomization.resources].sort(), files, 'kustomization.yaml lists every manifest')
  const byKind: Record<string, any> = {}
  for (const file of files) {
    for (const doc of readYaml(join(k8sDir, file))) {
      const Model = models[doc.kind]
      t.ok(Model, `${file}: ${doc.kind} is a known kind`)
      if (!Model) continue
      t.doesNotThrow(() => new Model(doc).validate(), `${file}: ${doc.kind} validates`)
      byKind[doc.kind] = doc
    }
  }
  const deployment = byKind.Deployment
  const pod = deployment.spec.template.spec
  const container = pod.containers[0]
  t.same(kustomization.images.map((i: any) => i.name), [container.image], 'kustomization.yaml sets the container image')
  t.equal(container.readinessProbe.httpGet.path, '/ready')
  t.equal(container.livenessProbe.httpGet.path, '/health')
  t.equal(pod.securityContext.runAsNonRoot, true)
  t.equal(container.securityContext.readOnlyRootFilesystem, true)
  t.ok(container.resources.requests.cpu && container.resources.limits.memory)
  t.notOk('replicas' in deployment.spec, 'the autoscaler owns the replica count')
  t.same(container.env.find((e: any) => e.name === 'TRUST_PROXY'), { name: 'TRUST_PROXY', value: 'true' })
  const preStop = Number(container.lifecycle.preStop.exec.command[1])
  t.ok(pod.terminationGracePeriodSeconds > preStop + 10, 'the grace period covers the preStop sleep and the app\'s 10 s shutdown')
  t.ok(pod.terminationGracePeriodSeconds > preStop + LIMITS.shutdownMs / 1000, `the grace period covers the app's ${LIMITS.shutdownMs / 1000} s shutdown bound (src/limits.ts)`)

  const selector = deployment.spec.selector.matchLabels
  t.same(byKind.Service.spec.selector, selector)
  t.same(byKind.PodDisruptionBudget.spec.selector.matchLabels, selector)
  t.same(byKind.HorizontalPodAutoscaler.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name })
  t.equal(byKind.Service.spec.ports[0].targetPort, container.ports[0].name)
})

/** The build stage of the Dockerfile: its lines up to the second FROM. */
function buildStage (): string[] {
  const lines = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8').split('\n')
  const froms = lines.flatMap((l, i) => /^FROM\s/.test(l) ? [i] : [])
  return lines.slice(froms[0], froms[1])
}

t.test('the image\'s build stage copies every file and folder that npm run build reads', async (t) => {
  const copied = new Set(buildStage().filter((l) => l.startsWith('COPY ') && !l.includes('--from'))
    .flatMap((l) => l.split(/\s+/).slice(1, -1)).map((p) => p.replace(/^\.\//, '').split('/')[0]!))
  const scripts = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  // The build and the scripts it runs (npm run NAME), and what each names in the project.
  const names = ['build']
  for (let i = 0; i < names.length; i++) {
    for (const m of scripts[names[i]!]!.matchAll(/npm run (?:-s )?(\S+)/g)) if (!names.includes(m[1]!)) names.push(m[1]!)
  }
  t.ok(names.includes('build:web'), `the build's scripts: ${names.join(', ')}`)
  const read = new Set(names.flatMap((n) => scripts[n]!.split(/\s+/))
    .map((w) => w.split('/')[0]!).filter((w) => w !== '' && existsSync(join(projectRoot, w)) && w !== 'node_modules'))
  t.ok(read.has('scripts') && read.has('web'), [...read].join(', '))
  for (const path of read) t.ok(copied.has(path), `${path} is copied before the build`)
})
