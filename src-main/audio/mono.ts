/**
 * Mixdown to one channel by averaging, so a full-scale mono file stays full scale whatever its channel count.
 * With one channel the input array itself is returned (no copy). An empty list gives an empty signal.
 */
export function toMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (first === undefined) return new Float32Array(0);
  if (channels.length === 1) return first;
  const length = Math.min(...channels.map((channel) => channel.length));
  const out = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i]! += channel[i]!;
  }
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

/**
 * toMono into memory reused from call to call (a stream's blocks are similar in size): the result is valid only
 * until the next mix(). Fresh arrays cost a page fault per 4 KiB on first touch, a real share of the analysis decode.
 */
export class MonoMixer {
  private buffer = new Float32Array(0);

  /** The average of the channels, times `gain`. */
  mix(channels: readonly Float32Array[], gain = 1): Float32Array {
    const [first, second] = channels;
    if (first === undefined || (channels.length === 1 && gain === 1)) return toMono(channels);
    const length = Math.min(...channels.map((channel) => channel.length));
    if (this.buffer.length < length) this.buffer = new Float32Array(length);
    const out = this.buffer.subarray(0, length);
    const scale = gain / channels.length;
    if (second === undefined) {
      for (let i = 0; i < length; i++) out[i] = first[i]! * scale;
      return out;
    }
    if (channels.length === 2) {
      for (let i = 0; i < length; i++) out[i] = (first[i]! + second[i]!) * scale;
      return out;
    }
    out.set(first.subarray(0, length));
    for (const channel of channels.slice(1)) {
      for (let i = 0; i < length; i++) out[i]! += channel[i]!;
    }
    for (let i = 0; i < length; i++) out[i]! *= scale;
    return out;
  }
}
