// The interactive references in a real browser, offline: /docs renders the OpenAPI reference and
// runs a request, /graphiql loads with its example query. Every request the pages make must go to
// this server (no CDN).
import t from 'tap'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { available, CHROMIUM, serveWithBrowser } from './explorer-harness.js'

if (!available) {
  t.test('the interactive references in a browser', { skip: `needs ${CHROMIUM} (apt-get install -y chromium); .ci/run installs it` }, async () => {})
} else {
  const { origin, browser } = await serveWithBrowser(t)

  const openPage = async (path: string): Promise<{ page: import('playwright-core').Page, foreign: string[] }> => {
    const page = await browser.newPage()
    const foreign: string[] = []
    page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()) })
    await page.goto(origin + path, { waitUntil: 'networkidle' })
    return { page, foreign }
  }

  t.test('/docs renders the API reference and can run a request', async (t) => {
    const { page, foreign } = await openPage('/docs/')
    await page.waitForSelector('.opblock-tag', { timeout: 15000 })
    const tags = await page.$$eval('.opblock-tag', (els) => els.map((e) => e.textContent?.trim() ?? ''))
    t.ok(tags.some((x) => x.startsWith('indicators')), `tags shown: ${tags.join(', ')}`)
    // Open "GET /v1/metrics" (try-it-out is on by default), execute, and read the answer.
    const op = page.locator('.opblock-summary-path', { hasText: /^\/v1\/metrics$/ }).first()
    await op.click()
    await page.locator('button.execute').first().click()
    const status = page.locator('.live-responses-table .response .response-col_status').first()
    await status.waitFor({ timeout: 15000 })
    t.equal((await status.textContent())?.trim(), '200', 'the request runs and answers 200')
    const body = await page.locator('.live-responses-table .response-col_description pre').first().textContent()
    t.match(body ?? '', /"code":\s*"[a-z_]+\.[a-z_]+\.[a-z_]+"/, 'the response body is shown')
    await status.scrollIntoViewIfNeeded()
    const screenshot = join(tmpdir(), 'campaign-facts-docs.png')
    await page.screenshot({ path: screenshot, fullPage: false })
    t.same(foreign, [], 'no request leaves the server')
    await page.close()
  })

  t.test('every list operation in /docs returns rows on its first Execute', async (t) => {
    const { page, foreign } = await openPage('/docs/')
    await page.waitForSelector('.opblock-tag', { timeout: 15000 })
    const spec = await (await fetch(`${origin}/openapi.json`)).json() as { paths: Record<string, Record<string, { operationId: string, tags: string[], parameters?: Array<{ name: string, required?: boolean }>, responses: Record<string, { content?: Record<string, unknown> }> }>> }
    const lists = Object.entries(spec.paths).flatMap(([path, ops]) => {
      const op = ops.get
      return op && !path.includes('{') && path.startsWith('/v1/') && op.responses['200']?.content?.['application/json'] ? [{ path, op }] : []
    })
    t.ok(lists.length >= 9, `${lists.length} list operations: ${lists.map((l) => l.path).join(', ')}`)
    for (const { path, op } of lists) {
      const block = page.locator(`#operations-${op.tags[0]}-${op.operationId}`)
      await block.locator('.opblock-summary').first().click()
      const execute = block.locator('button.execute')
      await execute.waitFor({ timeout: 15000 })
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === path, { timeout: 15000 }),
        execute.click(),
      ])
      t.equal(response.status(), 200, `${path}: 200`)
      const sent = [...new URL(response.url()).searchParams.keys()]
      const required = (op.parameters ?? []).filter((p) => p.required).map((p) => p.name)
      t.same(sent.sort(), required.sort(), `${path}: Swagger UI sends only the required parameters (${required.join(', ') || 'none'})`)
      const body = await response.json() as { data: unknown[] }
      t.ok(body.data.length > 0, `${path}: ${body.data.length} rows`)
      await block.locator('.opblock-summary').first().click()
    }
    t.same(foreign, [], 'no request leaves the server')
    await page.close()
  })

  t.test('/graphiql loads offline with an example query', async (t) => {
    const { page, foreign } = await openPage('/graphiql')
    await page.waitForSelector('.graphiql-container, #graphiql', { timeout: 15000 })
    const text = await page.textContent('body')
    t.match(text ?? '', /query|regions|indicators/i, 'an example query is preloaded')
    t.same(foreign, [], 'no request leaves the server')
    await page.close()
  })
}
