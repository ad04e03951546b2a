import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appDataDir, defaultDbPath, isInside } from '../../src-main/base/paths';

describe('isInside', () => {
  it('holds for the root itself and anything below it', () => {
    expect(isInside('/lib', '/lib')).toBe(true);
    expect(isInside('/lib/a.wav', '/lib')).toBe(true);
    expect(isInside('/lib/deep/er/a.wav', '/lib')).toBe(true);
    expect(isInside('/lib/a.wav', '/lib/')).toBe(true);
  });

  it('does not hold for a sibling that shares the root’s name as a prefix, or for a parent', () => {
    expect(isInside('/library-private/a.wav', '/lib')).toBe(false);
    expect(isInside('/libx', '/lib')).toBe(false);
    expect(isInside('/', '/lib')).toBe(false);
    expect(isInside('/other/lib/a.wav', '/lib')).toBe(false);
  });

  it('holds for everything below the file-system root', () => {
    expect(isInside(`${sep}anything`, sep)).toBe(true);
  });
});

describe('appDataDir', () => {
  const saved: Record<string, string | undefined> = {};
  const names = ['HARK_HOME', 'XDG_CONFIG_HOME', 'APPDATA'];
  beforeEach(() => {
    for (const name of names) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('is HARK_HOME when set, resolved to an absolute path', () => {
    process.env.HARK_HOME = 'some/relative/home';
    expect(appDataDir()).toBe(resolve('some/relative/home'));
    expect(defaultDbPath()).toBe(join(resolve('some/relative/home'), 'library.db'));
  });

  it.runIf(process.platform === 'linux')('follows XDG_CONFIG_HOME on Linux, else ~/.config/hark', () => {
    expect(appDataDir()).toBe(join(homedir(), '.config', 'hark'));
    process.env.XDG_CONFIG_HOME = '/tmp/xdg-config';
    expect(appDataDir()).toBe('/tmp/xdg-config/hark');
    expect(defaultDbPath()).toBe('/tmp/xdg-config/hark/library.db');
  });
});
