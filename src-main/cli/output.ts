// Standard output as a command-line tool must treat it.

/** Writes to standard output, waiting while the reader catches up, so that a long listing never piles up in memory. */
export async function writeOut(text: string): Promise<void> {
  if (process.stdout.write(text)) return;
  await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}
