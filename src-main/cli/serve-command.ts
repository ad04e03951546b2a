import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { badRequest } from '../base/errors';
import { startServer } from '../serve/http-server';
import { openFromCommand } from './context';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the Hark app to a browser on this machine (127.0.0.1 only, with a token)')
    .option('--port <n>', 'port (default: any free port)', (v) => Number.parseInt(v, 10))
    .option('--token <token>', 'use this token instead of a random one (for scripts)')
    .action(async (options: { port?: number; token?: string }, command: Command) => {
      if (options.port !== undefined && !(options.port >= 0 && options.port < 65536))
        throw badRequest('--port must be 0-65535');
      if (options.token !== undefined && options.token.length < 16)
        throw badRequest('--token must be at least 16 characters');
      const hark = await openFromCommand(command);
      // A seat of a shared catalogue shows the other seats' edits as they are made.
      // Offline, it serves its last copy.
      const { following, online } = await hark.followCatalogue({}).catch((error: Error) => {
        process.stderr.write(`hark: not following the shared catalogue: ${error.message}\n`);
        return { following: false, online: false };
      });
      const rendererDir = fileURLToPath(new URL('./renderer/', import.meta.url));
      const running = await startServer(hark, { port: options.port, token: options.token, rendererDir });
      if (following && online) process.stdout.write('Following the shared catalogue.\n');
      else if (following)
        process.stdout.write(
          'The shared catalogue is out of reach: serving this copy, following it once it is back.\n',
        );
      process.stdout.write(`Hark is serving at ${running.url}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await running.close();
      hark.close();
    });
}
