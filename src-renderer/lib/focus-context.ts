// Decides, from the element that has focus, which shortcuts may act (see keyboard.ts's KeyContext).
import type { KeyContext } from './keyboard';

const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'number',
  'email',
  'url',
  'password',
  'tel',
  'range',
  'date',
  'time',
]);

export function keyContextFor(target: EventTarget | null, searchBox: Element | null): KeyContext {
  if (!(target instanceof Element)) return { inSearchBox: false, inOtherTextField: false };
  if (target === searchBox) return { inSearchBox: true, inOtherTextField: false };
  const tag = target.tagName;
  const isText =
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    (target as HTMLElement).isContentEditable ||
    (tag === 'INPUT' && TEXT_INPUT_TYPES.has((target as HTMLInputElement).type));
  if (isText) return { inSearchBox: false, inOtherTextField: true };
  const isControl =
    tag === 'BUTTON' || tag === 'A' || tag === 'INPUT' || tag === 'SUMMARY' || target.getAttribute('role') === 'tab';
  return { inSearchBox: false, inOtherTextField: false, onControl: isControl };
}
