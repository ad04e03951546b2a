import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fsPath } from '../base/path-bytes';

const EDGE = 64 * 1024;

/**
 * A content fingerprint that costs two small reads however large the file: size + first and last 64 KiB.
 * Enough to recognise a moved or renamed file, and a touched-but-unchanged one.
 */
export async function quickHash(path: string, size: number): Promise<string> {
  const handle = await open(fsPath(path), 'r');
  try {
    const hash = createHash('sha1');
    hash.update(String(size));
    const head = Buffer.alloc(Math.min(EDGE, size));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    if (size > EDGE) {
      const tailLength = Math.min(EDGE, size - EDGE);
      const tail = Buffer.alloc(tailLength);
      await handle.read(tail, 0, tailLength, size - tailLength);
      hash.update(tail);
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}
