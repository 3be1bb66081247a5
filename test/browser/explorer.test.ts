// Each view of the explorer in Debian's Chromium, offline, at 1,440 and 375 px: it renders the
// API's real data, logs no error and fetches nothing from elsewhere; the chart's bars are the API's
// figures; a highlighted span opens the right fact; a citation copies. Screenshots of every view at
// both widths are kept in the OS temp folder (campaign-facts-explorer/).
import t from 'tap'
import { WIDTHS, available, clean, startHarness, type Harness } from './explorer-harness.js'

if (!available) {
  t.test('the explorer in a browser', { skip: '/usr/bin/chromium is missing (apt-get install -y chromium); .ci/run installs it' }, async () => {})
} else {
  const h: Harness = await startHarness(t)

  interface Ev { id: string, parentId: string | null, startDate: string | null, startPrecision: string | null }
  const events = (await h.api<{ data: Ev[] }>('/v1/events?limit=1000')).data
  const treeOf = (root: string): Ev[] => {
    const out = events.filter((e) => e.id === root)
    for (let i = 0; i < out.length; i++) out.push(...events.filter((e) => e.parentId === out[i]!.id))
    return out
  }

  t.test('overview: the dataset, its counts and documents, the comparable metrics and the timeline', async (t) => {
    const info = await h.api('/v1')
    const docs = (await h.api('/v1/documents?limit=100')).data as Array<{ title: string }>
    for (const width of WIDTHS) {
      const v = await h.open('/', width)
      const { page } = v
      await page.waitForSelector('.counts dd')
      const counts = await page.$$eval('.counts div', (els) => els.map((e) => [e.querySelector('dt')!.textContent, Number(e.querySelector('dd')!.textContent!.replace(/,/g, ''))]))
      for (const [name, n] of counts) t.equal(n, info.counts[name === 'figures' ? 'indicators' : name as string], `${width}px: ${name} as /v1 counts them`)
      t.equal(await page.textContent('[data-version]'), info.version, 'the dataset version')
      t.same(await page.$$eval('.documents .doc-title', (els) => els.map((e) => e.textContent)), docs.map((d) => d.title), 'the five documents, in the API\'s order')
      const comparable = (await h.api('/v1/metrics?minRegions=2&limit=100')).data as Array<{ code: string }>
      t.same(await page.$$eval('#compare ~ ul.metric-list a', (els) => els.map((e) => e.getAttribute('href'))), comparable.map((m) => `/metrics/${m.code}`), 'the metrics with figures for two regions or more')

      const charted = treeOf('education-rectification-2021').filter((e) => e.startDate && e.startPrecision !== 'year')
      await page.waitForSelector('.timeline-chart [data-drawn] svg')
      const links = await page.$$eval('.timeline-chart svg a', (els) => els.map((e) => (e as SVGAElement).href.baseVal))
      t.same(links.sort(), charted.map((e) => `/events/${e.id}`).sort(), `${width}px: every dated event of the 2021 campaign is a link on the time axis`)
      await page.getByRole('button', { name: /Baoying County, 2004/ }).click()
      await page.waitForFunction(() => [...document.querySelectorAll('.timeline-chart svg a')].some((a) => (a as SVGAElement).href.baseVal.includes('baoying')))
      const baoying = treeOf('baoying-fair-enforcement-2004').filter((e) => e.startDate && e.startPrecision !== 'year')
      t.equal(await page.locator('.timeline-chart svg a').count(), baoying.length, 'the other campaign\'s timeline')
      await h.shot(v, 'overview')
      clean(t, v, `overview at ${width}px`)
      await v.context.close()
    }
  })

  /** The bars of the metric chart: region, value as labelled, width in pixels, target. */
  const barsOf = async (v: { page: import('playwright-core').Page }) => {
    await v.page.waitForSelector('figure.chart:not(.map) [data-drawn] svg a rect')
    return v.page.$$eval('figure.chart:not(.map) svg a', (els) => els.map((a) => {
      const rect = a.querySelector('rect')!
      const [region, text] = rect.getAttribute('aria-label')!.split(': ')
      return { region: region!, text: text!, width: Number(rect.getAttribute('width')), href: (a as SVGAElement).href.baseVal }
    }))
  }

  const cases = [
    { metric: 'education.warning.sessions', query: 'series=activity:all&level=province', bars: { Guangdong: 'more than 9,300 sessions' } },
    { metric: 'institutions.rules.established', query: 'series=scope:provincial_organ&level=province', bars: { Liaoning: '90 items' } },
    { metric: 'services.migrant_wages.recovered', query: 'level=prefecture', bars: { Changde: '3,128,300 yuan' } },
    { metric: 'heroes.education.sessions', query: 'series=activity:all&level=province', bars: { Guangdong: 'more than 9,000 sessions' } },
  ]
  for (const c of cases) {
    t.test(`metric ${c.metric}: the bars are the API's comparable figures`, async (t) => {
      const v = await h.open(`/metrics/${c.metric}?${c.query}`)
      const bars = await barsOf(v)
      const summaryUrl = await v.page.$eval('.data-panel .requests a[href^="/v1/indicators/summary"]', (a) => a.getAttribute('href')!)
      const summary = await h.api(summaryUrl)
      const comparable = await h.api(`/v1/observations?metric=${c.metric}&comparable=true`)
      const series = Object.fromEntries(new URLSearchParams(c.query).get('series')?.split(',').map((p) => p.split(':')) ?? [])
      const kept = new Set(comparable.data.filter((o: Record<string, string>) => Object.entries(series).every(([k, val]) => o[k] === val)).map((o: { indicator: string }) => o.indicator))
      const expected = summary.data.filter((r: { sum: number | null, indicators: string[] }) => r.sum !== null && r.indicators.every((id) => kept.has(id)))
      t.same(bars.map((b) => b.region).sort(), expected.map((r: { region: { name: string } }) => r.region.name).sort(), 'one bar for each comparable row of the summary')
      for (const r of expected) {
        const bar = bars.find((b) => b.region === r.region.name)!
        t.equal(Number(bar.text.replace(/[^0-9.]/g, '')), r.sum, `${r.region.name}: the bar says the summary's ${r.sum}`)
        t.equal(bar.href, r.indicators.length === 1 ? `/facts/${r.indicators[0]}` : `/regions/${r.region.code}?metric=${c.metric}`, `${r.region.name}: the bar opens its facts`)
      }
      t.same(Object.fromEntries(bars.map((b) => [b.region, b.text])), c.bars, 'units and qualifiers as the text states them')
      if (bars.length > 1) {
        const [a, b] = bars
        t.ok(Math.abs(a!.width / b!.width - Number(a!.text.replace(/[^0-9.]/g, '')) / Number(b!.text.replace(/[^0-9.]/g, ''))) < 0.02, 'bar lengths in proportion to the figures')
      }
      const rows = await v.page.$$eval('table.comparison tbody tr', (trs) => trs.map((tr) => tr.querySelector('th a')!.textContent))
      t.same(rows.sort(), bars.map((b) => b.region).sort(), 'the table lists the same regions')
      if (new URLSearchParams(c.query).get('level') === 'province') {
        await v.page.waitForSelector('figure.map [data-drawn] svg')
        const shaded = await v.page.$$eval('figure.map svg a path', (ps) => ps.map((p) => p.getAttribute('aria-label')))
        t.same(shaded.sort(), bars.map((b) => `${b.region}: ${b.text}`).sort(), 'the map shades the same provinces, each a link')
      }
      // Every figure of the metric is on the page: beside the others, or listed apart.
      const all = (await h.api(`/v1/indicators?metric=${c.metric}&limit=1000`)).data as Array<{ id: string }>
      const linked = new Set(await v.page.$$eval('a[href^="/facts/"]', (as) => as.map((a) => a.getAttribute('href')!.slice(7))))
      const inBars = new Set(expected.flatMap((r: { indicators: string[] }) => r.indicators))
      t.same(all.filter((i) => !linked.has(i.id) && !inBars.has(i.id)).map((i) => i.id), [], 'no figure of the metric is left out')
      clean(t, v, c.metric)
      await v.context.close()
    })
  }

  t.test('metric: the level and series controls, the type-ahead, and screenshots', async (t) => {
    for (const width of WIDTHS) {
      const v = await h.open('/metrics/heroes.education.sessions', width)
      const { page } = v
      await barsOf(v)
      const options = await page.$$eval('.controls select option', (os) => os.map((o) => (o as HTMLOptionElement).value))
      const series = (await h.api('/v1/observations?metric=heroes.education.sessions&comparable=true')).comparable as Array<{ dimensions: Record<string, string> }>
      t.same(options.sort(), series.map((s) => Object.entries(s.dimensions).map(([k, val]) => `${k}:${val}`).join(',')).sort(), 'one choice per comparable series')
      await page.selectOption('.controls select', 'activity:red_base_education')
      await page.waitForURL(/series=activity%3Ared_base_education|series=activity:red_base_education/)
      await page.waitForFunction(() => document.querySelector('figure.chart:not(.map) svg a rect')?.getAttribute('aria-label')?.startsWith('Liaoning: 1,955'))
      t.pass('another series: Liaoning\'s 1,955 sessions at red-education bases')
      await h.shot(v, 'metric')
      // Type-ahead, in Chinese: 英模 is in the quotes of the hero-education figures.
      await page.fill('#metric-picker', '英模')
      await page.waitForSelector('#metric-options [role="option"]')
      const found = await page.$$eval('#metric-options .option-code', (els) => els.map((e) => e.textContent))
      t.ok(found.includes('heroes.education.sessions'), `英模 finds ${found.join(', ')}`)
      await page.fill('#metric-picker', 'warning')
      await page.waitForFunction(() => document.querySelector('#metric-options .option-code')?.textContent?.startsWith('education.warning'))
      await page.keyboard.press('ArrowDown')
      await page.keyboard.press('Enter')
      await page.waitForURL(/\/metrics\/education\.warning\./)
      t.pass('arrow and Enter open a metric')
      clean(t, v, `metric at ${width}px`)
      await v.context.close()
    }
    const v = await h.open('/metrics/services.migrant_wages.recovered?level=province')
    await v.page.waitForSelector('table caption')
    const apart = await v.page.$$eval('table', (ts) => ts.map((x) => x.textContent ?? ''))
    t.ok(apart.some((x) => /Changde/.test(x) && /part of Hunan/.test(x)), 'at the province level, Changde\'s figure is listed apart with why')
    await v.page.check('input[name="level"][value="prefecture"]')
    await v.page.waitForFunction(() => document.querySelector('figure.chart:not(.map) svg a rect')?.getAttribute('aria-label') === 'Changde: 3,128,300 yuan')
    t.pass('the prefecture level draws Changde')
    clean(t, v, 'levels')
    await v.context.close()
  })

  t.test('region: figures, organs, events, and the way up and down', async (t) => {
    const region = (await h.api('/v1/regions/440000')).data
    const figures = (await h.api('/v1/indicators?region=440000&limit=1000')).data as Array<{ id: string }>
    for (const width of WIDTHS) {
      const v = await h.open('/regions/440000', width)
      await v.page.waitForSelector('table.facts')
      t.match(await v.page.textContent('h1'), /Guangdong\s*广东省/, 'its names in English and Chinese')
      const linked = await v.page.$$eval('table.facts a[href^="/facts/"]', (as) => as.map((a) => a.getAttribute('href')!.slice(7)))
      t.same(linked.sort(), figures.map((f) => f.id).sort(), `${width}px: every figure of Guangdong and the places inside it`)
      t.equal(await v.page.locator(`.breadcrumbs a[href="/regions/${region.ancestors[0].code}"]`).count(), 1, 'up to China')
      await h.shot(v, 'region')
      if (width === 1440) {
        await v.page.locator('#drill ~ ul a[href="/regions/440100"]').click()
        await v.page.waitForFunction(() => document.querySelector('h1')?.textContent?.startsWith('Guangzhou'))
        t.pass('down to Guangzhou')
      }
      clean(t, v, `region at ${width}px`)
      await v.context.close()
    }
  })

  t.test('document: every cited span marked; a span opens its fact; chrome and pinyin hidden or shown', async (t) => {
    const doc = (await h.api('/v1/documents/liaoning-second-batch-2022')).data
    for (const width of WIDTHS) {
      const v = await h.open('/documents/liaoning-second-batch-2022', width)
      const { page } = v
      await page.waitForSelector('.doc-text mark.span')
      const marked = new Set((await page.$$eval('.doc-text mark.span', (ms) => ms.map((m) => m.getAttribute('data-spans')!.split(' ')))).flat())
      t.same([...new Set(doc.spans.map((s: { type: string, id: string }) => `${s.type}:${s.id}`))].filter((k) => !marked.has(k as string)), [], `${width}px: every span of the API is marked`)
      for (const type of ['indicator', 'event', 'organ']) {
        t.ok(await page.locator(`.doc-text mark.span-${type}`).count() > 0, `${type} spans have their own style`)
      }
      const shown = await page.$eval('.doc-text', (e) => (e as HTMLElement).innerText)
      t.notOk(shown.includes('移動(dòng)客戶端'), 'the page chrome is hidden')
      t.notOk(shown.includes('教育整頓(dùn)'), 'the scraper\'s pinyin is hidden')
      t.ok(shown.includes('敞開門讓“群眾評價”'), 'the article is shown')
      await page.check('.toggle input')
      const raw = await page.$eval('.doc-text', (e) => (e as HTMLElement).innerText)
      t.ok(raw.includes('移動(dòng)客戶端'), 'the text as stored shows the chrome')
      t.ok(raw.includes('評價(jià)'), 'and the pinyin')
      t.equal(raw.replace(/\s+/g, ''), doc.text.replace(/\s+/g, ''), 'the text as stored is the raw text')
      await page.uncheck('.toggle input')

      const span = doc.spans.find((s: { id: string }) => s.id === 'd001-red-base-hero-education-sessions')
      await page.locator('.doc-text mark[data-spans~="indicator:d001-red-base-hero-education-sessions"]').first().click()
      const fact = page.locator('.span-fact[data-span-id="d001-red-base-hero-education-sessions"]')
      await fact.locator('.fact-value').waitFor()
      t.equal(await fact.locator('.fact-value').textContent(), '1,955 sessions', `${width}px: the click shows the right fact`)
      t.equal(await fact.locator('a.fact-link').getAttribute('href'), '/facts/d001-red-base-hero-education-sessions', 'with a link to it')
      t.match(await page.textContent('.span-panel blockquote'), span.quote.replace(/\(.*?\)/g, '').slice(0, 4), 'and its quote')
      await h.shot(v, 'document')
      clean(t, v, `document at ${width}px`)
      await v.context.close()
    }
    // A keyboard user reaches a span and opens it with Enter.
    const v = await h.open('/documents/first-batch-results-2021')
    await v.page.waitForSelector('.doc-text mark.span')
    await v.page.locator('.doc-text mark[data-spans~="indicator:d000-gd-warning-education-sessions"]').first().focus()
    await v.page.keyboard.press('Enter')
    await v.page.locator('.span-fact[data-span-id="d000-gd-warning-education-sessions"] .fact-value').waitFor()
    t.equal(await v.page.textContent('.span-fact[data-span-id="d000-gd-warning-education-sessions"] .fact-value'), 'more than 9,300 sessions', 'Enter on a span shows its fact')
    clean(t, v, 'document by keyboard')
    await v.context.close()
  })

  t.test('fact: the value, the quote in its paragraph, the bases, and citations that copy', async (t) => {
    const info = await h.api('/v1')
    const fact = (await h.api('/v1/indicators/d000-gd-warning-education-sessions')).data
    for (const width of WIDTHS) {
      const v = await h.open('/facts/d000-gd-warning-education-sessions', width)
      const { page } = v
      await page.waitForSelector('.paragraph mark.quote')
      t.equal(await page.textContent('.fact-value.big'), 'more than 9,300 sessions', 'the value as stated, with its qualifier and unit')
      t.equal(await page.textContent('.paragraph mark.quote'), fact.source.quote, 'the quote, exactly')
      t.match(await page.textContent('.paragraph'), /As of July 26, the province has carried out 26,700 political education sessions/, 'inside its paragraph')
      t.match(await page.textContent('.fact-fields'), /from the document's framing/, 'the date with its basis')
      t.match(await page.textContent('.fact-fields'), fact.dateNote.slice(0, 30), 'and its note')
      const permalink = await page.getAttribute('a.permalink', 'href')
      t.equal(permalink, `${h.origin}/facts/${fact.id}?version=${info.version}`, 'a permalink pinned to the dataset version')
      for (const format of ['plain', 'bibtex', 'csl']) {
        const block = page.locator(`.citation[data-format="${format}"]`)
        const text = await block.locator('pre').textContent()
        t.match(text, info.version, `${format}: pinned to version ${info.version}`)
        await block.locator('button.copy').click()
        await block.locator('button.copy', { hasText: 'Copied' }).waitFor()
        t.equal(await page.evaluate(() => navigator.clipboard.readText()), text, `${format}: the copy button puts it on the clipboard`)
      }
      const csl = JSON.parse((await page.locator('.citation[data-format="csl"] pre').textContent())!)
      t.equal(csl[0].type, 'dataset')
      t.equal(csl[0].version, info.version)
      t.match(await page.locator('.citation[data-format="bibtex"] pre').textContent(), /^@misc\{campaign-facts:d000-gd-warning-education-sessions,/)
      await h.shot(v, 'fact')
      clean(t, v, `fact at ${width}px`)
      await v.context.close()
    }
    const old = await h.open('/facts/d000-gd-warning-education-sessions?version=0000000000000000')
    await old.page.waitForSelector('.warning')
    t.match(await old.page.textContent('.warning'), /made for dataset version 0000000000000000/, 'a permalink of another version says so')
    await old.context.close()
  })

  t.test('search from every page', async (t) => {
    for (const width of WIDTHS) {
      const v = await h.open('/regions/210000', width)
      await v.page.waitForSelector('h1')
      await v.page.fill('#site-search', '機制')
      await v.page.press('#site-search', 'Enter')
      await v.page.waitForSelector('.hits li')
      const api = await h.api(`/v1/search?q=${encodeURIComponent('機制')}&limit=50`)
      t.equal(await v.page.locator('.hits > li').count(), api.data.length, `${width}px: the API's hits`)
      t.match(await v.page.textContent('[role="status"]'), `${api.total} hits`)
      t.ok(await v.page.locator('.hits mark').count() > 0, 'matches marked in the snippets')
      await h.shot(v, 'search')
      const first = v.page.locator('.hits > li a').first()
      const href = await first.getAttribute('href')
      await first.click()
      await v.page.waitForURL((u) => `${u.pathname}${u.search}` === href)
      t.pass(`a hit opens ${href}`)
      clean(t, v, `search at ${width}px`)
      await v.context.close()
    }
  })

  t.test('events and organs have pages of their own', async (t) => {
    const v = await h.open('/events/first-batch')
    await v.page.waitForSelector('h1')
    t.match(await v.page.textContent('h1'), /First batch/)
    const n = (await h.api('/v1/indicators?event=first-batch&limit=1000')).data.length
    t.equal(await v.page.locator('table.facts tbody tr').count(), n, 'the figures of the phase and its events')
    await h.shot(v, 'event')
    clean(t, v, 'event')
    await v.context.close()
    const o = await h.open('/organs/supreme-peoples-court')
    await o.page.waitForSelector('h1')
    t.match(await o.page.textContent('h1'), /Supreme People's Court/)
    clean(t, o, 'organ')
    await o.context.close()
  })
}
