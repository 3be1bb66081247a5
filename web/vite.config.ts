// Builds the explorer (web/) into dist/web: one HTML page, its scripts and styles named by content
// hash under /explorer/assets/, which the server serves (src/explorer.ts). No CDN: everything the
// page loads comes from npm packages bundled here.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { STAMP, outDir, sourceHash } from './build.ts'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  plugins: [(() => {
    let dir = outDir
    return {
      name: 'source-hash',
      configResolved (config: { build: { outDir: string } }) { dir = config.build.outDir },
      // The tests build the explorer again only when its sources have changed since.
      closeBundle () { writeFileSync(join(dir, STAMP), `${sourceHash()}\n`) },
    }
  })()],
  base: '/explorer/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // The page's CSP allows no inline script, and every browser it targets has modulepreload.
    modulePreload: { polyfill: false },
    // The map's GeoJSON is a chunk of its own; nothing is inlined as a data: URL.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
})
