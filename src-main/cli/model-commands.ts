import type { Command } from 'commander';
import { resolve } from 'node:path';
import { prepareLabelBank } from '../app/models';
import { HarkError } from '../base/errors';
import { installModel, listModels, modelsDir, modelStatus, verifyModel } from '../ml/model-manager';

export function registerModelCommands(program: Command): void {
  const models = program.command('models').description('install and check the models Hark runs (offline after install)');

  models
    .command('list')
    .description('every model Hark knows, and whether it is installed')
    .option('--verify', 'check every file\'s sha256 (slower)')
    .action(async (options: { verify?: boolean }) => {
      process.stdout.write(`Models folder: ${modelsDir()}\n`);
      for (const manifest of listModels()) {
        const status = options.verify ? await verifyModel(manifest.id) : await modelStatus(manifest.id);
        process.stdout.write(`${manifest.id.padEnd(22)} ${status.state.padEnd(10)} ${status.message}\n`);
      }
    });

  models
    .command('install')
    .description('copy or download models from a mirror (a folder or an https URL) and check their sha256')
    .argument('[ids...]', 'model ids (default: all)')
    .option('--mirror <folder-or-url>', 'where to fetch from (default: $HARK_MODEL_MIRROR)')
    .option('--force', 'fetch again even when the installed files verify')
    .action(async (ids: string[], options: { mirror?: string; force?: boolean }) => {
      const mirror = options.mirror ?? process.env.HARK_MODEL_MIRROR;
      if (!mirror) throw new HarkError('bad-request', 'say where to install from: --mirror <folder or URL> (or set HARK_MODEL_MIRROR)');
      const source = /^https?:\/\//.test(mirror) ? mirror : resolve(mirror);
      const wanted = ids.length ? ids : listModels().map((manifest) => manifest.id);
      let failed = 0;
      for (const id of wanted) {
        let lastShown = 0;
        const status = await installModel(id, {
          mirror: source,
          force: options.force,
          onProgress: (progress) => {
            const now = Date.now();
            if (now - lastShown < 500 && progress.bytesDone < progress.bytesTotal) return;
            lastShown = now;
            const percent = progress.bytesTotal ? Math.round((100 * progress.bytesDone) / progress.bytesTotal) : 100;
            process.stderr.write(`  ${id}: ${percent}% (${progress.file})\n`);
          },
        });
        process.stdout.write(`${id}: ${status.state} — ${status.message}\n`);
        if (status.state !== 'installed') failed++;
      }
      if (failed) {
        process.exitCode = 1;
        return;
      }
      if (wanted.includes('audioset') && wanted.includes('ucs')) {
        const started = Date.now();
        process.stderr.write('Preparing the label bank (embeds 1,279 label texts once; about a minute)...\n');
        await prepareLabelBank(modelsDir());
        process.stdout.write(`label bank: ready (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
    });
}
