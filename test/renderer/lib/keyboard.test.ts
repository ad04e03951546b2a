import { describe, expect, it } from 'vitest';
import { keyToAction, moveSelection } from '../../../src-renderer/lib/keyboard';

const list = { inSearchBox: false, inOtherTextField: false };
const box = { inSearchBox: true, inOtherTextField: false };
const field = { inSearchBox: false, inOtherTextField: true };
const button = { inSearchBox: false, inOtherTextField: false, onControl: true };

describe('keyToAction', () => {
  it('maps the documented keys on the results list', () => {
    expect(keyToAction({ key: 'ArrowDown' }, list)).toBe('move-down');
    expect(keyToAction({ key: 'ArrowUp' }, list)).toBe('move-up');
    expect(keyToAction({ key: ' ' }, list)).toBe('toggle-play');
    expect(keyToAction({ key: 'Enter' }, list)).toBe('open-details');
    expect(keyToAction({ key: '/' }, list)).toBe('focus-search');
    expect(keyToAction({ key: 'n' }, list)).toBe('audition-next');
    expect(keyToAction({ key: 'ArrowDown', altKey: true }, list)).toBe('audition-next');
    expect(keyToAction({ key: 'ArrowUp', altKey: true }, list)).toBe('audition-previous');
    expect(keyToAction({ key: 'f' }, list)).toBe('toggle-favourite');
    expect(keyToAction({ key: 'Escape' }, list)).toBe('leave');
  });

  it('lets the search box keep printable keys but still drives the list with arrows', () => {
    expect(keyToAction({ key: ' ' }, box)).toBeNull();
    expect(keyToAction({ key: 'n' }, box)).toBeNull();
    expect(keyToAction({ key: '/' }, box)).toBeNull();
    expect(keyToAction({ key: 'Home' }, box)).toBeNull();
    expect(keyToAction({ key: 'ArrowDown' }, box)).toBe('move-down');
    expect(keyToAction({ key: 'Enter' }, box)).toBe('open-details');
    expect(keyToAction({ key: 'ArrowDown', altKey: true }, box)).toBe('audition-next');
  });

  it('leaves other text fields and buttons their own keys', () => {
    expect(keyToAction({ key: 'ArrowDown' }, field)).toBeNull();
    expect(keyToAction({ key: 'n' }, field)).toBeNull();
    expect(keyToAction({ key: 'Escape' }, field)).toBe('leave');
    expect(keyToAction({ key: ' ' }, button)).toBeNull();
    expect(keyToAction({ key: 'Enter' }, button)).toBeNull();
    expect(keyToAction({ key: '/' }, button)).toBe('focus-search');
  });

  it('ignores browser shortcuts', () => {
    expect(keyToAction({ key: 'f', ctrlKey: true }, list)).toBeNull();
    expect(keyToAction({ key: 'n', metaKey: true }, list)).toBeNull();
  });
});

describe('moveSelection', () => {
  it('moves and clamps within the list', () => {
    expect(moveSelection(0, 5, 'move-down', 3)).toBe(1);
    expect(moveSelection(4, 5, 'move-down', 3)).toBe(4);
    expect(moveSelection(0, 5, 'move-up', 3)).toBe(0);
    expect(moveSelection(1, 5, 'page-down', 3)).toBe(4);
    expect(moveSelection(4, 5, 'page-up', 3)).toBe(1);
    expect(moveSelection(2, 5, 'first', 3)).toBe(0);
    expect(moveSelection(2, 5, 'last', 3)).toBe(4);
    expect(moveSelection(3, 5, 'audition-next', 1)).toBe(4);
  });

  it('starts from the top when nothing is selected and returns -1 for an empty list', () => {
    expect(moveSelection(-1, 5, 'move-down', 3)).toBe(0);
    expect(moveSelection(-1, 5, 'move-up', 3)).toBe(0);
    expect(moveSelection(0, 0, 'move-down', 3)).toBe(-1);
    // A selection past the end (the list shrank) is pulled back in.
    expect(moveSelection(9, 5, 'move-up', 3)).toBe(3);
  });
});
