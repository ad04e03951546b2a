// One build for everything: the CLI and HTTP mode, the analysis worker, the Electron main process and preload
// (esbuild), and the renderer (Vite).
import { build } from 'esbuild';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  packages: 'external', // node_modules stay where they are: native addons and wasm load from their packages
  define: { __HARK_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

rmSync('dist', { recursive: true, force: true });
await build({
  ...common,
  format: 'esm',
  entryPoints: {
    cli: 'src-main/cli/main.ts',
    'analysis-worker': 'src-main/library/analysis-worker.ts',
    'keyword-worker': 'src-main/search/keyword-worker.ts',
    'text-encoder-worker': 'src-main/ml/text/text-encoder-worker.ts',
    'electron-main': 'src-main/shell/main.ts',
    bench: 'scripts/bench/main.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.js' },
  banner: {
    js: "import { createRequire as __harkRequire } from 'node:module'; const require = __harkRequire(import.meta.url);",
  },
});
// Sandboxed preloads cannot be ES modules.
await build({
  ...common,
  format: 'cjs',
  entryPoints: { preload: 'src-main/shell/preload.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
});

if (existsSync('src-renderer/vite.config.ts')) {
  const vite = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
  if (vite.status !== 0) process.exit(vite.status ?? 1);
}
copyFileSync('resources/drag-icon.png', 'dist/drag-icon.png');
console.log(
  'Built dist/ (cli, analysis-worker, keyword-worker, text-encoder-worker, electron-main, preload, renderer).',
);
