import { describe, expect, it } from 'vitest';
import { AdmissionQueue } from '../../src-main/serve/admission-queue';

/** A task that starts when its turn comes and ends when the test says so. */
function heldTask(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const task = async () => {
    log.push(`start ${name}`);
    await done;
    log.push(`end ${name}`);
    return name;
  };
  return { task, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('bounded first-come-first-served admission', () => {
  it('runs at most `running` at once, starts the others in order of arrival and refuses past `waiting`', async () => {
    const queue = new AdmissionQueue({ running: 2, waiting: 3 }, 'searches');
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, ...heldTask(log, name) }));
    const results = tasks.map(({ task }) => queue.admit().run(task));
    expect(() => queue.admit()).toThrow(
      expect.objectContaining({ code: 'unavailable', message: 'Too many searches at once: try again in a moment.' }),
    );
    await settle();
    expect(log).toEqual(['start a', 'start b']);

    tasks[1]!.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    // A place came free: one more may queue, and no more.
    const late = heldTask(log, 'f');
    const lateResult = queue.admit().run(late.task);
    expect(() => queue.admit()).toThrow(expect.objectContaining({ code: 'unavailable' }));

    for (const { finish } of tasks) finish();
    late.finish();
    expect(await Promise.all([...results, lateResult])).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(log.filter((line) => line.startsWith('start'))).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => `start ${name}`),
    );
  });

  it('frees the place of a ticket given up, whether it waited or held a place unused', async () => {
    const queue = new AdmissionQueue({ running: 1, waiting: 1 }, 'searches');
    const log: string[] = [];
    const first = heldTask(log, 'first');
    const placed = queue.admit();
    const waiting = queue.admit();
    expect(() => queue.admit()).toThrow(expect.objectContaining({ code: 'unavailable' }));

    const given = waiting.run(heldTask(log, 'never').task);
    waiting.cancel();
    await expect(given).rejects.toMatchObject({ code: 'unavailable' });
    placed.cancel(); // refused before its task started (say, a bad body)
    placed.cancel(); // twice is once

    const a = queue.admit().run(first.task);
    const b = queue.admit();
    expect(() => queue.admit()).toThrow(expect.objectContaining({ code: 'unavailable' }));
    first.finish();
    expect(await a).toBe('first');
    const second = heldTask(log, 'second');
    second.finish();
    expect(await b.run(second.task)).toBe('second');
    expect(log).toEqual(['start first', 'end first', 'start second', 'end second']);
  });

  it('frees the place when a task fails', async () => {
    const queue = new AdmissionQueue({ running: 1, waiting: 0 }, 'searches');
    await expect(
      queue.admit().run(async () => {
        throw new Error('broken search');
      }),
    ).rejects.toThrow('broken search');
    expect(await queue.admit().run(async () => 'next')).toBe('next');
  });
});
