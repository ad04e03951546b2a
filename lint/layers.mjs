// The layering of Hark as data, and the ESLint rule that enforces it (import restriction zones, as VS Code does).
// Each zone names the zones it may import from; a zone may always import itself. Paths are relative to the
// repository root; the longest matching prefix decides a file's zone. Files in no zone (tests, eval, scripts,
// training, config) may import anything.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const contract = 'src-main/api';
const base = 'src-main/base';
const container = 'src-main/container';
const audio = 'src-main/audio';
const metadata = 'src-main/metadata';
const ml = 'src-main/ml';
const words = 'src-main/words';
const store = 'src-main/store';
const search = 'src-main/search';
const library = 'src-main/library';
const app = 'src-main/app';
const serve = 'src-main/serve';
const manifests = 'models';

/** Zone -> the zones it may import. The order follows the diagram in docs/DEVELOPING.md, bottom up. */
export const zones = {
  [contract]: [],
  [base]: [contract],
  [container]: [contract, base],
  [audio]: [contract, base, container],
  [metadata]: [contract, base, container],
  [ml]: [contract, base, audio, manifests],
  [words]: [contract, base, metadata],
  [store]: [contract, base, metadata, words],
  [search]: [contract, base, metadata, ml, words, store],
  [library]: [contract, base, container, audio, metadata, ml, words, store],
  [app]: [contract, base, container, audio, metadata, ml, words, store, search, library],
  'src-main/cli': [contract, base, app, serve],
  [serve]: [contract, base, app],
  'src-main/shell': [contract, base, app, serve],
  'src-renderer': [contract],
};

/** Packages only one zone may import. */
export const ownedPackages = {
  electron: 'src-main/shell',
  'better-sqlite3': store,
  // The shared catalogue's PostgreSQL client: its SQL lives in store/shared/, like SQLite's in store/.
  pg: store,
};

function zoneOf(file) {
  const relative = path.relative(repositoryRoot, file).split(path.sep).join('/');
  let best = null;
  for (const zone of Object.keys(zones)) {
    if ((relative === zone || relative.startsWith(`${zone}/`)) && (!best || zone.length > best.length)) best = zone;
  }
  return best;
}

function check(context, node, specifier) {
  if (typeof specifier !== 'string') return;
  const file = context.filename;
  const from = zoneOf(file);
  if (!from) return;
  if (!specifier.startsWith('.')) {
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    const owner = ownedPackages[name];
    if (owner && owner !== from) context.report({ node, messageId: 'package', data: { name, owner, from } });
    return;
  }
  const to = zoneOf(path.resolve(path.dirname(file), specifier));
  if (!to || to === from || zones[from].includes(to)) return;
  context.report({ node, messageId: 'zone', data: { from, to, allowed: zones[from].join(', ') || 'nothing' } });
}

export const layerRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layering of lint/layers.mjs' },
    messages: {
      zone: '{{from}} may not import from {{to}} (it may import: {{allowed}}).',
      package: "'{{name}}' belongs to {{owner}}; {{from}} goes through it.",
    },
    schema: [],
  },
  create(context) {
    return {
      ImportDeclaration: (node) => check(context, node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(context, node, node.source.value),
      ExportAllDeclaration: (node) => check(context, node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(context, node, node.source.value),
    };
  },
};
