// Builds the renderer into dist/renderer/. `base: './'` keeps asset URLs relative, so the same build works from
// Electron's custom protocol / file:// and over HTTP from `hark serve`.
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = fileURLToPath(new URL('..', import.meta.url));

// For `vite --config src-renderer/vite.config.ts` during development: point HARK_URL at a running
// `hark serve` (e.g. http://127.0.0.1:4321) and open the dev server with the same ?token=.
const harkUrl = process.env.HARK_URL;

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte({ compilerOptions: { runes: true } })],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // wavesurfer is the only sizeable dependency; one chunk keeps loading from a custom protocol simple.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // The renderer imports the API contract's types and method list from src-main/api/.
    fs: { allow: [projectRoot] },
    proxy: harkUrl ? { '/api': harkUrl, '/media': harkUrl } : undefined,
  },
});
