#!/usr/bin/env node
// The `hark` command. The program itself is built into dist/ by `npm run build`.
import { existsSync } from 'node:fs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `hark needs Node.js 22 or newer (this is ${process.version}). Inside the project, \`npx hark\` uses the Node it pins.\n`,
  );
  process.exit(1);
}
const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('hark is not built yet: run `npm run build` in the project folder.\n');
  process.exit(1);
}
await import(cli.href);
