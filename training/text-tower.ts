// Prints the text tower a run would use (chooseTextTower: HARK_TEXT_TOWER, else MiniLM when installed, else
// USE-lite) as one JSON line, so that train.py keys its text-feature cache by the tower before embedding anything.
// Usage: node_modules/.bin/vite-node training/text-tower.ts

import path from 'node:path';
import { chooseTextTower } from '../src-main/ml/text/text-encoder';

const modelsDir = process.env.HARK_MODELS_DIR ?? path.join(import.meta.dirname, '..', 'models');
const { name, id, dim, layers } = chooseTextTower({ modelsDir });
console.log(JSON.stringify({ name, id, dim, layers }));
