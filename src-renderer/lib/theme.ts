// Dark by default, like audio tools. The choice is stored in the service's settings; a local copy lets the page
// paint in the right theme before the settings arrive.
import type { Settings } from '../../src-main/api/contract';

type Theme = Settings['theme'];
const KEY = 'hark.theme';

export function rememberedTheme(storage: Pick<Storage, 'getItem'>): Theme {
  return storage.getItem(KEY) === 'light' ? 'light' : 'dark';
}

export function applyTheme(theme: Theme, storage?: Pick<Storage, 'setItem'>): void {
  document.documentElement.dataset.theme = theme;
  storage?.setItem(KEY, theme);
}
