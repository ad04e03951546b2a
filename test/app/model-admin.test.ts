import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelAdminEvent } from '../../src-main/api/admin-contract';
import { ModelAdmin } from '../../src-main/app/model-admin';
import { installedDir } from '../helpers/models';
import { useTempDirs } from '../helpers/temp';

// `hark models list|install` through the service, from a mirror folder laid out as a real mirror is.
describe('ModelAdmin', () => {
  const tempDir = useTempDirs();

  function setUp() {
    const dir = tempDir();
    const mirror = join(dir, 'mirror');
    mkdirSync(join(mirror, 'data', 'ucs'), { recursive: true });
    for (const file of ['en.json', 'LICENSE'])
      copyFileSync(join(installedDir('ucs'), file), join(mirror, 'data', 'ucs', file));
    const models = join(dir, 'models');
    const admin = new ModelAdmin(models);
    const events: ModelAdminEvent[] = [];
    admin.onEvent((event) => events.push(event));
    return { admin, mirror, models, events };
  }

  it('lists every known model with its state, installs one from a mirror and verifies it', async () => {
    const { admin, mirror, models, events } = setUp();
    const before = await admin.listModels({});
    expect(before.dir).toBe(models);
    expect(before.models.map((model) => [model.id, model.state])).toEqual([
      ['efficientat-mn04-as', 'missing'],
      ['audioset', 'missing'],
      ['ucs', 'missing'],
      ['minilm-l6-v2-text', 'missing'],
    ]);
    expect(before.models[2]!.name).toBe('Universal Category System 8.2.1 (English)');

    const result = await admin.installModels({ ids: ['ucs'], mirror });
    expect(result).toEqual({ models: [expect.objectContaining({ id: 'ucs', state: 'installed' })], labelBank: null });
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'model-progress', progress: { id: 'ucs' } });
    expect(last?.type === 'model-progress' && last.progress.bytesDone === last.progress.bytesTotal).toBe(true);
    const after = await admin.listModels({ verify: true });
    expect(after.models.find((model) => model.id === 'ucs')?.state).toBe('installed');
  });

  it('refuses a relative mirror and an unknown model', async () => {
    const { admin, mirror } = setUp();
    await expect(admin.installModels({ ids: ['ucs'], mirror: 'mirror' })).rejects.toMatchObject({
      code: 'bad-request',
    });
    await expect(admin.installModels({ ids: ['nosuch'], mirror })).rejects.toThrow('Unknown model "nosuch"');
  });
});
