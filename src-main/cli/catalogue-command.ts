import type { Command } from 'commander';
import { badRequest } from '../base/errors';
import { openFromCommand, withLibrary } from './context';

/** `hark catalogue …`: the library's shared catalogue on a PostgreSQL server, which several seats work on at once. */
export function registerCatalogueCommands(program: Command): void {
  const catalogue = program
    .command('catalogue')
    .description('share this library with other seats through a PostgreSQL server');

  catalogue
    .command('connect <url>')
    .description('tie this library to postgres://user:password@host:port/database, upgrading its schema')
    .option('--seat <name>', "this seat's name on the server (default: the host name and a random suffix)")
    .action(async (url: string, options: { seat?: string }, command: Command) => {
      await withLibrary(command, async (hark) => {
        const connection = await hark.connectCatalogue({ url, seat: options.seat });
        const schema =
          connection.migratedFrom === connection.schemaVersion
            ? `schema version ${connection.schemaVersion}`
            : `schema version ${connection.schemaVersion}, upgraded from ${connection.migratedFrom}`;
        const access = connection.access === 'reader' ? 'a reader (it may not change the catalogue)' : 'an editor';
        process.stdout.write(
          `Connected to ${connection.url} (${schema}); this seat is ${connection.seat}, ${access}.\n`,
        );
      });
    });

  catalogue
    .command('grant <role>')
    .description("let a server role (made by the server's administrator, with LOGIN) read or edit the catalogue")
    .option('--reader', 'it may search, follow and copy results, but change nothing')
    .option('--editor', 'it may also tag, map roots and analyse')
    .action(async (role: string, options: { reader?: boolean; editor?: boolean }, command: Command) => {
      if (Boolean(options.reader) === Boolean(options.editor)) throw badRequest('say --reader or --editor.');
      await withLibrary(command, async (hark) => {
        const granted = await hark.grantCatalogueAccess({ role, access: options.reader ? 'reader' : 'editor' });
        process.stdout.write(
          `${granted.role} may now use the shared catalogue as ${granted.access === 'reader' ? 'a reader' : 'an editor'}.\n`,
        );
      });
    });

  catalogue
    .command('map <folder> <name>')
    .description('say which root of the shared catalogue a library folder is (the same name on every seat)')
    .action(async (folder: string, name: string, _options: unknown, command: Command) => {
      await withLibrary(command, async (hark) => {
        const mapping = await hark.mapCatalogueRoot({ folder, name });
        process.stdout.write(`${mapping.folder} is the shared root ${mapping.name} on this seat.\n`);
      });
    });

  catalogue
    .command('analyse')
    .description('analyse the mapped folders together with the other seats, then copy their results here')
    .option('--workers <n>', 'analysis worker threads (default: one per core)', (v) => Number.parseInt(v, 10))
    .option('--lease-seconds <s>', 'how long a claimed file stays this seat’s unless renewed', Number.parseFloat)
    .action(async (options: { workers?: number; leaseSeconds?: number }, command: Command) => {
      const hark = await openFromCommand(command, { workers: options.workers, keywordOnly: true });
      // Ctrl+C stops cleanly, as Settings' Stop does: no more claims, the files in hand finish, the rest goes back to
      // the other seats at once. A second Ctrl+C quits now (the leases then lapse).
      const stop = () => {
        process.stderr.write('Stopping: finishing the files in hand (Ctrl+C again to quit now) ...\n');
        process.once('SIGINT', () => process.exit(130));
        void hark.stopSharedAnalysis({});
      };
      process.once('SIGINT', stop);
      try {
        const summary = await hark.analyseShared({ leaseSeconds: options.leaseSeconds });
        process.stdout.write(
          (summary.stopped ? 'Stopped. ' : '') +
            `Shared analysis: ${summary.analysed} analysed here, ${summary.failed} failed, ` +
            `${summary.copied} copied from other seats, ${summary.refused} refused (lease lapsed); ` +
            `${summary.registered} files new or changed on the server` +
            (summary.moved || summary.removed ? `, ${summary.moved} moved and ${summary.removed} removed there` : '') +
            '\n',
        );
      } finally {
        process.off('SIGINT', stop);
        hark.close();
      }
    });
}
