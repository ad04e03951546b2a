// Keyboard-first navigation: which key does what, decided in one place so the help text and the handler agree.

export type KeyAction =
  | 'focus-search'
  | 'move-up'
  | 'move-down'
  | 'page-up'
  | 'page-down'
  | 'first'
  | 'last'
  | 'toggle-play'
  | 'audition-next'
  | 'audition-previous'
  | 'open-details'
  | 'toggle-favourite'
  | 'toggle-loop'
  | 'leave';

export interface KeyInput {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
}

export interface KeyContext {
  /** Focus is in the search box: letters and space type text there, but arrows and Enter still drive the list. */
  inSearchBox: boolean;
  /** Focus is in some other text field (a filter, a tag editor): leave every key to it except Escape. */
  inOtherTextField: boolean;
  /** Focus is on a button, checkbox or link: Space, Enter and arrows belong to it; letter shortcuts still work. */
  onControl?: boolean;
}

/** Shown in the shortcut help; the same table drives keyToAction. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; action: string }> = [
  { keys: '/', action: 'Focus the search box' },
  { keys: '↑ / ↓', action: 'Move through results' },
  { keys: 'Page Up / Page Down, Home / End', action: 'Jump through results' },
  { keys: 'Space', action: 'Play or stop the selected sound' },
  { keys: 'N or Alt+↓', action: 'Audition the next result' },
  { keys: 'P or Alt+↑', action: 'Audition the previous result' },
  { keys: 'Enter', action: 'Open file details' },
  { keys: 'F', action: 'Toggle favourite' },
  { keys: 'L', action: 'Toggle loop' },
  { keys: 'Esc', action: 'Back to the results list' },
];

export function keyToAction(input: KeyInput, context: KeyContext): KeyAction | null {
  const { key } = input;
  if (key === 'Escape') return 'leave';
  if (context.inOtherTextField) return null;
  if (input.ctrlKey || input.metaKey) return null; // leave browser/OS shortcuts alone

  if (
    context.onControl &&
    [' ', 'Enter', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End'].includes(key)
  ) {
    return null;
  }

  if (input.altKey) {
    if (key === 'ArrowDown') return 'audition-next';
    if (key === 'ArrowUp') return 'audition-previous';
    return null;
  }

  switch (key) {
    case 'ArrowDown':
      return 'move-down';
    case 'ArrowUp':
      return 'move-up';
    case 'PageDown':
      return 'page-down';
    case 'PageUp':
      return 'page-up';
    case 'Enter':
      return 'open-details';
  }
  // Everything below is a printable key: in the search box it is text.
  if (context.inSearchBox) return null;
  switch (key) {
    case '/':
      return 'focus-search';
    case ' ':
      return 'toggle-play';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'n':
    case 'N':
      return 'audition-next';
    case 'p':
    case 'P':
      return 'audition-previous';
    case 'f':
    case 'F':
      return 'toggle-favourite';
    case 'l':
    case 'L':
      return 'toggle-loop';
  }
  return null;
}

/** The new selected index after a movement; -1 means nothing selected (an empty list). */
export function moveSelection(current: number, count: number, action: KeyAction, pageSize: number): number {
  if (count <= 0) return -1;
  const from = current < 0 ? -1 : Math.min(current, count - 1);
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (action) {
    case 'move-down':
    case 'audition-next':
      return clamp(from + 1);
    case 'move-up':
    case 'audition-previous':
      return clamp(from < 0 ? 0 : from - 1);
    case 'page-down':
      return clamp(from + Math.max(1, pageSize));
    case 'page-up':
      return clamp(from - Math.max(1, pageSize));
    case 'first':
      return 0;
    case 'last':
      return count - 1;
    default:
      return from;
  }
}
