// Builds the explorer (web/) into dist/web: one HTML page, its scripts and styles named by content
// hash under /explorer/assets/, which the server serves (src/explorer.ts). No CDN: everything the
// page loads comes from npm packages bundled here.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  base: '/explorer/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
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
