// File id -> matrix row, for the label bridge's columns. File ids are SQLite rowids, dense from 1, so an Int32Array
// indexed by id holds the map in 4 bytes a file: building a Map of a million entries at every cold start took
// ~0.35 s and as much again in garbage collection.

export class RowIndex {
  private rows = new Int32Array(0).fill(-1);

  get(fileId: number): number | undefined {
    const row = fileId >= 0 && fileId < this.rows.length ? this.rows[fileId]! : -1;
    return row >= 0 ? row : undefined;
  }

  has(fileId: number): boolean {
    return this.get(fileId) !== undefined;
  }

  set(fileId: number, row: number): void {
    if (!Number.isInteger(fileId) || fileId < 0) throw new RangeError(`not a file id: ${fileId}`);
    if (fileId >= this.rows.length) {
      const grown = new Int32Array(Math.max(fileId + 1, Math.ceil(this.rows.length * 1.5), 1024)).fill(-1);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows[fileId] = row;
  }

  delete(fileId: number): void {
    if (fileId >= 0 && fileId < this.rows.length) this.rows[fileId] = -1;
  }

  clear(): void {
    this.rows = new Int32Array(0);
  }

  /** Every row's file id at once (-1: a row without a file), sized to the largest id. */
  fill(fileIds: ArrayLike<number>): void {
    let largest = -1;
    for (let row = 0; row < fileIds.length; row++) largest = Math.max(largest, fileIds[row]!);
    this.rows = new Int32Array(largest + 1).fill(-1);
    for (let row = 0; row < fileIds.length; row++) {
      const fileId = fileIds[row]!;
      if (fileId >= 0) this.rows[fileId] = row;
    }
  }
}
