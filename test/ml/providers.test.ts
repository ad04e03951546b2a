import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProviderChoice, openSession, providerOrder, threadsPerWorker } from '../../src-main/ml/providers';
import { SHARED } from './helpers';

const MODEL = join(SHARED, 'models', 'efficientat-mn04-as', 'mn04_as.onnx');

describe('execution providers', () => {
  it('prefers each platform’s GPU provider and ends with the CPU', () => {
    expect(providerOrder('auto', 'linux')).toEqual(['cuda', 'cpu']);
    expect(providerOrder('auto', 'win32')).toEqual(['cuda', 'dml', 'cpu']);
    expect(providerOrder('auto', 'darwin')).toEqual(['coreml', 'cpu']);
    expect(providerOrder('cpu', 'win32')).toEqual(['cpu']);
    expect(providerOrder('dml', 'win32')).toEqual(['dml', 'cpu']);
    expect(isProviderChoice('coreml')).toBe(true);
    expect(isProviderChoice('tpu')).toBe(false);
  });

  it('sizes threads so that workers x threads never exceeds the cores', () => {
    expect(threadsPerWorker(1, 2)).toBe(2);
    expect(threadsPerWorker(2, 2)).toBe(1);
    expect(threadsPerWorker(3, 2)).toBe(1);
    expect(threadsPerWorker(3, 16)).toBe(5);
  });

  it('falls back to the CPU with a logged reason when the asked-for provider cannot start', async () => {
    const logged: string[] = [];
    // This machine has no DirectML (Windows only) and no CoreML (macOS only); CUDA only with its library.
    const provider = process.platform === 'win32' ? 'coreml' : 'dml';
    const opened = await openSession(MODEL, { provider, threads: 1, log: (line) => logged.push(line) });
    expect(opened.provider).toBe('cpu');
    expect(opened.fallbacks).toHaveLength(1);
    expect(opened.fallbacks[0]).toContain(provider);
    expect(logged[0]).toMatch(new RegExp(`execution provider ${provider} .*trying the next one`));
    expect(opened.session.inputNames).toEqual(['spec']);
    await opened.session.release();
  });

  it('on automatic choice, notes providers this install lacks without logging, and still opens the model', async () => {
    const logged: string[] = [];
    const opened = await openSession(MODEL, { provider: 'auto', threads: 1, log: (line) => logged.push(line) });
    try {
      // Every provider ahead of the one that opened it is on record (on a machine without a GPU: CUDA, then the
      // CPU runs it); only the ones that were tried and failed are logged.
      const order = providerOrder('auto');
      expect(order).toContain(opened.provider);
      expect(opened.fallbacks.map((line) => line.split(' ')[0])).toEqual(
        order.slice(0, order.indexOf(opened.provider)),
      );
      const failed = opened.fallbacks.filter((line) => line.includes('failed to start'));
      expect(logged).toEqual(failed.map((line) => `Hark: execution provider ${line}; trying the next one.`));
    } finally {
      await opened.session.release();
    }
  });
});
