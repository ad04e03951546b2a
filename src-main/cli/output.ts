// Standard output and error as a command-line tool must treat them: everything written reaches the reader before
// the process exits, and a reader that goes away early (`hark info | head -1`) ends the command quietly.

type Output = NodeJS.WriteStream;

/**
 * A closed pipe ends the process the way SIGPIPE ends a Unix tool, without a stack trace; the exit code is the
 * command's own (0 unless it had already failed), since the reader chose to stop.
 */
export function endQuietlyWhenReaderCloses(streams: Output[] = [process.stdout, process.stderr]): void {
  for (const stream of streams)
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(exitCodeSoFar());
      // A full disk or a revoked terminal: say so on the other stream if it still works, and fail.
      if (stream !== process.stderr) process.stderr.write(`hark: cannot write the output: ${error.message}\n`);
      process.exit(1);
    });
}

/**
 * Resolves once every byte written so far has left the process. Writes to a pipe are queued in the process while
 * the pipe is full (64 KiB on Linux), and process.exit() drops that queue; an empty write's callback runs only after
 * the writes before it.
 */
export function outputWritten(streams: Output[] = [process.stdout, process.stderr]): Promise<void> {
  return Promise.all(
    streams.map(
      (stream) =>
        new Promise<void>((resolve) => {
          if (!stream.writable) resolve();
          else stream.write('', () => resolve());
        }),
    ),
  ).then(() => undefined);
}

/** Writes to standard output, waiting while the reader catches up, so that a long listing never piles up in memory. */
export async function writeOut(text: string): Promise<void> {
  if (process.stdout.write(text)) return;
  await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}

function exitCodeSoFar(): number {
  const code = Number(process.exitCode ?? 0);
  return Number.isInteger(code) ? code : 1;
}
