import { describe, expect, it } from 'vitest';
import { TEXT_TOWERS } from '../../../src-main/ml/text/text-encoder';
import { bridgeSettingsFor, DEFAULT_BRIDGE_SETTINGS } from '../../../src-main/search/label-bridge/settings';

describe('bridgeSettingsFor', () => {
  it("gives each tower its own tuned settings, USE-lite's for a label bank of unknown origin", () => {
    expect(bridgeSettingsFor(TEXT_TOWERS['minilm-l6-v2'].id)).toMatchObject({ temperature: 0.05, massKept: 0.7 });
    expect(bridgeSettingsFor(TEXT_TOWERS['use-lite'].id)).toBe(DEFAULT_BRIDGE_SETTINGS);
    expect(bridgeSettingsFor('some-other-encoder/1')).toBe(DEFAULT_BRIDGE_SETTINGS);
  });
});
