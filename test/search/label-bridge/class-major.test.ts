import { describe, expect, it } from 'vitest';
import { libraryPriors } from '../../../eval/row-major-bridge';
import { classMajorPriors, fileRow, toClassMajor } from '../../../src-main/search/label-bridge/class-major';
import { probs } from './helpers/fixtures';

describe('class-major probabilities', () => {
  it('stores each class as one run of files', () => {
    const byClass = toClassMajor(probs, 3);
    expect(byClass.data[1 * 4 + 1]).toBeCloseTo(0.9, 6); // class 1 of file 1
  });

  it('priors and file rows match the row-major versions', () => {
    const byClass = toClassMajor(probs, 3);
    expect(Array.from(classMajorPriors(byClass, 0.05))).toEqual(Array.from(libraryPriors(probs, 3, 0.05)));
    expect(Array.from(fileRow(byClass, 1))).toEqual(Array.from(probs.subarray(3, 6)));
  });
});
