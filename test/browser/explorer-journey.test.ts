// The explorer as a newcomer uses it: from / to "how many warning-education sessions did Guangdong
// hold, and where does that number come from?" in three clicks; keyboard only; and every view's
// "get this data" panel, whose requests and GraphQL query are run as shown. How soon its pages are
// usable is timed in test/timing/explorer-timing.bench.ts (`npm run bench:explorer`), alone on the machine.
import t from 'tap'
import { available, clean, startHarness, type Harness } from './explorer-harness.js'

if (!available) {
  t.test('the explorer in a browser', { skip: '/usr/bin/chromium is missing (apt-get install -y chromium); .ci/run installs it' }, async () => {})
} else {
  const h: Harness = await startHarness(t)

  t.test('three clicks from / to Guangdong\'s warning-education sessions and the sentence they come from', async (t) => {
    const fact = (await h.api('/v1/indicators/d000-gd-warning-education-sessions')).data
    const v = await h.open('/')
    const { page } = v
    let clicks = 0
    // 1: the metric, among those the overview offers to compare.
    await page.getByRole('link', { name: 'Warning education sessions held' }).click()
    clicks++
    await page.waitForURL('**/metrics/education.warning.sessions')
    // 2: Guangdong's bar.
    const bar = page.locator('figure.chart:not(.map) svg a').filter({ has: page.locator('rect[aria-label^="Guangdong:"]') })
    await bar.waitFor()
    t.equal(await bar.locator('rect').getAttribute('aria-label'), 'Guangdong: more than 9,300 sessions', 'the bar gives the answer')
    await bar.click()
    clicks++
    await page.waitForURL('**/facts/d000-gd-warning-education-sessions')
    await page.waitForSelector('.paragraph mark.quote')
    t.equal(await page.textContent('.fact-value.big'), 'more than 9,300 sessions', 'the fact: more than 9,300 sessions')
    t.equal(await page.textContent('.paragraph mark.quote'), fact.source.quote, 'and the sentence it comes from, marked in its paragraph')
    // 3: the sentence in the document itself.
    await page.getByRole('link', { name: 'Read it in the document →' }).click()
    clicks++
    await page.waitForURL(`**/documents/first-batch-results-2021?start=${fact.source.start}&end=${fact.source.end}`)
    const span = page.locator('.doc-text mark.selected')
    await span.first().waitFor()
    t.equal((await span.allTextContents()).join(''), fact.source.quote, 'the reader marks the quote')
    const box = await span.first().boundingBox()
    t.ok(box && box.y >= 0 && box.y + box.height <= 900, `the sentence is on screen (y ${Math.round(box?.y ?? -1)})`)
    await page.locator('.span-fact[data-span-id="d000-gd-warning-education-sessions"] .fact-value').waitFor()
    t.equal(await page.textContent('.span-fact .fact-value'), 'more than 9,300 sessions', 'beside it, the fact it is the source of')
    t.equal(clicks, 3, 'three clicks')
    await h.shot(v, 'three-clicks')
    clean(t, v, 'the three clicks')
    await v.context.close()
  })

  t.test('keyboard only: Tab reaches a bar of the chart, Enter opens its fact', async (t) => {
    const v = await h.open('/metrics/education.warning.sessions')
    await v.page.waitForSelector('figure.chart:not(.map) [data-drawn] svg a')
    let reached = false
    for (let i = 0; i < 80 && !reached; i++) {
      await v.page.keyboard.press('Tab')
      reached = await v.page.evaluate(() => document.activeElement instanceof SVGAElement && !!document.activeElement.closest('figure.chart:not(.map)'))
    }
    t.ok(reached, 'a bar takes the focus')
    await v.page.keyboard.press('Enter')
    await v.page.waitForURL('**/facts/d000-gd-warning-education-sessions')
    t.pass('Enter opens the fact')
    const skip = await h.open('/')
    await skip.page.keyboard.press('Tab')
    t.equal(await skip.page.evaluate(() => document.activeElement?.textContent), 'Skip to content', 'the first Tab offers to skip to the content')
    clean(t, v, 'keyboard')
    await v.context.close()
    await skip.context.close()
  })

  t.test('every view\'s "get this data" panel: its REST requests, CSV and GraphQL query run as shown', async (t) => {
    for (const path of ['/', '/metrics', '/metrics/heroes.education.sessions', '/regions/430000', '/documents/liaoning-second-batch-2022',
      '/facts/d001-hero-report-meetings', '/events/second-batch', '/organs/supreme-peoples-court', '/search?q=changde']) {
      const v = await h.open(path)
      const { page } = v
      await page.waitForSelector('.data-panel summary')
      await page.waitForSelector('h1, .counts')
      await page.click('.data-panel summary')
      const rest = await page.$$eval('.data-panel .requests li', (lis) => lis.map((li) => ({
        href: li.querySelector('a')!.getAttribute('href')!, curl: li.querySelector('pre')!.textContent!,
      })))
      t.ok(rest.length > 0, `${path}: ${rest.length} REST requests`)
      for (const r of rest) {
        t.equal(r.curl, `curl -s '${h.origin}${r.href}'`, `${path}: the curl line is the request`)
        const res = await fetch(h.origin + r.href)
        t.equal(res.status, 200, `${path}: ${r.href}`)
      }
      const csv = await page.$eval('.data-panel .csv a', (a) => a.getAttribute('href')).catch(() => null)
      if (csv) {
        const res = await fetch(h.origin + csv)
        t.equal(res.status, 200, `${path}: CSV ${csv}`)
        t.match(res.headers.get('content-type'), /^text\/csv/)
      } else t.equal(path.startsWith('/search'), true, `${path}: a CSV link (search has none)`)
      const query = await page.textContent('.data-panel pre.graphql')
      const res = await fetch(`${h.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
      const body = await res.json() as { data?: Record<string, unknown>, errors?: unknown[] }
      t.same(body.errors, undefined, `${path}: the GraphQL query runs without error`)
      t.ok(body.data && Object.values(body.data).every((x) => x !== null), `${path}: and finds what the view shows`)
      clean(t, v, `${path} panel`)
      await v.context.close()
    }
  })
}
