/** A Float32Array that grows as blocks are appended; sized up front when the final length is known. */
export class SampleBuffer {
  private data: Float32Array;
  private used = 0;

  constructor(expectedLength = 0) {
    this.data = new Float32Array(Math.max(1024, Math.ceil(expectedLength)));
  }

  get length(): number {
    return this.used;
  }

  append(block: Float32Array): void {
    if (this.used + block.length > this.data.length) {
      const grown = new Float32Array(Math.max(this.used + block.length, Math.ceil(this.data.length * 1.5)));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    this.data.set(block, this.used);
    this.used += block.length;
  }

  /** The samples appended so far. Copies only when the storage is larger than the content. */
  toArray(): Float32Array {
    return this.used === this.data.length ? this.data : this.data.slice(0, this.used);
  }
}
