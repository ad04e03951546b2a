import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { modelsDir } from '../../src-main/ml/model-manager';

/** Folder of an installed model or data set (`npm ci` installs them; else `npx hark models install --mirror …`). */
export function installedDir(id: 'ucs' | 'audioset' | 'efficientat-mn04-as'): string {
  const dir = join(modelsDir(), id);
  if (!existsSync(dir))
    throw new Error(`${id} is not installed in ${modelsDir()}: run \`npx hark models install --mirror <mirror>\``);
  return dir;
}

/** A models folder holding only the UCS table (no model loads, but CatIDs are known): `<dir>/models`. */
export function ucsOnlyModelsDir(dir: string): string {
  const models = join(dir, 'models');
  mkdirSync(join(models, 'ucs'), { recursive: true });
  copyFileSync(join(installedDir('ucs'), 'en.json'), join(models, 'ucs', 'en.json'));
  return models;
}
