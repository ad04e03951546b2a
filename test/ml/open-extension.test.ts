import { describe, expect, it } from 'vitest';
import { openAnalysisExtension } from '../../src-main/ml/open-extension';

describe('openAnalysisExtension', () => {
  it('opens only the extensions it knows, and says why the heads cannot open', async () => {
    await expect(
      openAnalysisExtension({ kind: 'mystery', name: 'mystery', key: 'mystery@1', dir: '/nowhere' }),
    ).rejects.toThrow(/unknown analysis extension mystery/);
    await expect(
      openAnalysisExtension({ kind: 'hark-heads', name: 'trained heads', key: 'hark-heads@1', dir: '/nowhere' }),
    ).rejects.toThrow(/audio_head\.onnx/);
  });
});
