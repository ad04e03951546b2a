import { afterEach, describe, expect, it } from 'vitest';
import { createTextEncoder } from '../../../src-main/ml/text/text-encoder';
import { createTextEncoderThread, type ThreadedTextEncoder } from '../../../src-main/ml/text/text-encoder-thread';

// The bundled worker `npm test` builds before the tests run; from TypeScript sources there is none to find.
const BUILT_WORKER = new URL('../../../dist/text-encoder-worker.js', import.meta.url);

const encoders: ThreadedTextEncoder[] = [];
afterEach(() => encoders.splice(0).forEach((encoder) => encoder.close()));

function open(workerUrl: URL): ThreadedTextEncoder {
  const encoder = createTextEncoderThread({}, workerUrl);
  encoders.push(encoder);
  return encoder;
}

const TEXTS = ['rain falling on a tin roof', '   ', 'a dog barking loudly'];

describe('the text encoder on its own thread', () => {
  it('gives the vectors and layers the encoder gives on this thread, in order', async () => {
    const local = await createTextEncoder();
    const threaded = open(BUILT_WORKER);
    expect(threaded.onOwnThread).toBe(true);
    // Both asked at once: each reply goes to its own request.
    const [sentences, levels] = await Promise.all([threaded.embed(TEXTS), threaded.embedWithLayers(TEXTS)]);
    expect(sentences.map((v) => Array.from(v))).toEqual((await local.embed(TEXTS)).map((v) => Array.from(v)));
    const expected = await local.embedWithLayers(TEXTS);
    expect(levels.map((l) => [Array.from(l.sentence), Array.from(l.layers)])).toEqual(
      expected.map((l) => [Array.from(l.sentence), Array.from(l.layers)]),
    );
    expect(threaded.onOwnThread).toBe(true);
  });

  it('encodes on the caller’s thread when the worker script is absent, or once the thread is closed', async () => {
    const missing = open(new URL('file:///nonexistent/text-encoder-worker.js'));
    expect(missing.onOwnThread).toBe(false);
    const [rain] = await missing.embed(TEXTS);
    const [expected] = await (await createTextEncoder()).embed(TEXTS);
    expect(Array.from(rain!)).toEqual(Array.from(expected!));

    const closed = open(BUILT_WORKER);
    closed.close();
    expect(closed.onOwnThread).toBe(false);
    expect(Array.from((await closed.embed(TEXTS))[0]!)).toEqual(Array.from(expected!));
  });
});
