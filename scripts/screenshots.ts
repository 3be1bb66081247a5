// Makes the README's two screenshots from the running app, in Debian's Chromium: a metric
// comparison and the document reader with a span opened. `npm run screenshots` serves the app on a
// loopback port itself (building the explorer if needed); `npm run screenshots -- http://127.0.0.1:3000`
// takes them from a server already running there. Writes docs/screenshots/*.png.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Fastify from 'fastify'
import { chromium } from 'playwright-core'
import app, { fastifyOptions } from '../src/app.js'
import { defaultDatabasePath, projectRoot } from '../src/paths.js'
import { ensureDatabase } from '../seed/ensure.js'
import { ensureBuilt } from '../web/build.js'

const OUT = join(projectRoot, 'docs', 'screenshots')

async function serve (): Promise<{ origin: string, close: () => Promise<void> }> {
  const given = process.argv[2]
  if (given) return { origin: given.replace(/\/$/, ''), close: async () => {} }
  await ensureBuilt()
  const server = Fastify({ ...fastifyOptions, logger: false })
  // Rate limits and load shedding off: this is one client taking pictures, not traffic.
  await ensureDatabase(defaultDatabasePath)
  await server.register(app, { databasePath: defaultDatabasePath, rateLimit: { max: 0, windowMs: 60_000, graphqlCost: 0 }, shedding: { eventLoopDelayMs: 0, heapUsedMb: 0 } })
  const origin = await server.listen({ host: '127.0.0.1', port: 0 })
  return { origin, close: () => server.close() }
}

const { origin, close } = await serve()
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  mkdirSync(OUT, { recursive: true })
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 })

  await page.goto(`${origin}/metrics/education.warning.sessions`, { waitUntil: 'load' })
  await page.waitForSelector('figure.map [data-drawn] svg')
  await page.evaluate(() => window.scrollTo(0, document.querySelector('.view-header h1')!.getBoundingClientRect().top + window.scrollY - 12))
  await page.screenshot({ path: join(OUT, 'metric-comparison.png') })

  await page.goto(`${origin}/documents/liaoning-second-batch-2022`, { waitUntil: 'load' })
  const span = page.locator('.doc-text mark[data-spans~="indicator:d001-red-base-hero-education-sessions"]').first()
  await span.waitFor()
  await span.click()
  await page.locator('.span-fact .fact-value').waitFor()
  await page.evaluate(() => {
    const mark = document.querySelector('.doc-text mark.selected')!
    window.scrollTo(0, mark.getBoundingClientRect().top + window.scrollY - 260)
  })
  await page.screenshot({ path: join(OUT, 'document-reader.png') })
  console.log(`wrote ${join(OUT, 'metric-comparison.png')} and ${join(OUT, 'document-reader.png')} from ${origin}`)
} finally {
  await browser.close()
  await close()
}
