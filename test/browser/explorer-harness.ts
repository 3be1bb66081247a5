// What the explorer's browser tests share: the app on a loopback port (the explorer built first if
// it is missing or stale), Debian's Chromium driven by playwright-core, offline, and for each page
// the console errors, uncaught exceptions and requests that leave the server. Screenshots go to the
// OS temp folder (campaign-facts-explorer/), never into the repository.
import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import app, { fastifyOptions } from '../../src/app.js'
import { TEST_GUARD, testDatabasePath } from '../helper.js'
import { ensureBuilt } from '../../web/build.js'

export const CHROMIUM = '/usr/bin/chromium'
export const available = existsSync(CHROMIUM)
export const SHOTS = join(tmpdir(), 'campaign-facts-explorer')
export const WIDTHS = [1440, 375] as const

interface TapLike { teardown: (fn: () => unknown) => void }

export interface Visit {
  page: Page
  context: BrowserContext
  /** Console errors and uncaught exceptions. */
  errors: string[]
  /** Requests to anything but this server (data: URLs are the page's own). */
  foreign: string[]
}

export interface Harness {
  origin: string
  browser: Browser
  open: (path: string, width?: number) => Promise<Visit>
  shot: (visit: Visit, name: string) => Promise<string>
  api: <T = any>(path: string) => Promise<T>
}

/**
 * The app on a loopback port and Chromium, both closed at the test's end. Load shedding is off, as
 * in every test of behaviour: the browser tests run side by side, and a busy machine must not turn
 * the pages' own requests into 503s.
 */
export async function serveWithBrowser (t: TapLike): Promise<{ origin: string, browser: Browser }> {
  const { chromium } = await import('playwright-core')
  const server = Fastify({ ...fastifyOptions, logger: false })
  await server.register(app, { databasePath: await testDatabasePath(), ...TEST_GUARD })
  const origin = await server.listen({ host: '127.0.0.1', port: 0 })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Playwright runs headless in a fresh profile; these keep Chromium off the (closed) network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
  t.teardown(async () => {
    await browser.close()
    await server.close()
  })
  return { origin, browser }
}

export async function startHarness (t: TapLike): Promise<Harness> {
  await ensureBuilt()
  const { origin, browser } = await serveWithBrowser(t)
  mkdirSync(SHOTS, { recursive: true })

  const open = async (path: string, width = 1440): Promise<Visit> => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin })
    const page = await context.newPage()
    const errors: string[] = []
    const foreign: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`) })
    page.on('pageerror', (e) => errors.push(`exception: ${e.message}`))
    page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()) })
    await page.goto(origin + path, { waitUntil: 'load' })
    return { page, context, errors, foreign }
  }

  const shot = async (visit: Visit, name: string): Promise<string> => {
    const file = join(SHOTS, `${name}-${visit.page.viewportSize()!.width}.png`)
    await visit.page.screenshot({ path: file, fullPage: true })
    return file
  }

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(origin + path, { headers: { accept: 'application/json' } })
    if (!res.ok) throw new Error(`${path}: ${res.status}`)
    return await res.json() as T
  }

  return { origin, browser, open, shot, api }
}

/** The page answered as it should: no console error, no exception, nothing fetched from elsewhere. */
export function clean (t: { same: (a: unknown, b: unknown, m: string) => void }, visit: Visit, what: string): void {
  t.same(visit.errors, [], `${what}: no console error or exception`)
  t.same(visit.foreign, [], `${what}: no request leaves the server`)
}

/** Milliseconds from the start of navigation to a performance mark the explorer sets. */
export async function markTime (page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 15000 })
  return await page.evaluate((n) => performance.getEntriesByName(n)[0]!.startTime, name)
}
