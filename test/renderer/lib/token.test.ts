import { describe, expect, it } from 'vitest';
import { takeToken, tokenFromUrl, urlWithoutToken } from '../../../src-renderer/lib/token';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('token', () => {
  it('reads and strips the token from the URL', () => {
    expect(tokenFromUrl('http://127.0.0.1:9/?token=abc&x=1')).toBe('abc');
    expect(tokenFromUrl('http://127.0.0.1:9/?token=')).toBeNull();
    expect(urlWithoutToken('http://127.0.0.1:9/?token=abc&x=1')).toBe('http://127.0.0.1:9/?x=1');
  });

  it('remembers the token for the tab and cleans the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const history = { replaceState: (_d: unknown, _u: string, url?: string) => void replaced.push(url ?? '') };
    expect(takeToken({ location: { href: 'http://h/?token=t1' }, history, sessionStorage: storage })).toBe('t1');
    expect(replaced).toEqual(['http://h/']);
    // A reload without the query finds it again.
    expect(takeToken({ location: { href: 'http://h/' }, history, sessionStorage: storage })).toBe('t1');
    expect(takeToken({ location: { href: 'http://h/' } })).toBeNull();
  });
});
