// `hark similar FILE`: the library's sounds nearest to one of its files by what they sound like ("more like this").
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { badRequest } from '../base/errors';
import { withLibrary } from './context';
import { formatHits } from './format';
import { toJson } from './search-command';

export function registerSimilarCommand(program: Command): void {
  program
    .command('similar')
    .description('sounds in the library that sound like FILE (a file of the library, analysed)')
    .argument('<file>', 'a file in the library')
    .option('--limit <n>', 'how many results', (v) => Number.parseInt(v, 10), 20)
    .option('--json', 'one JSON object: {query, total, results: [{path, score, ...}]}')
    .action(async (file: string, options: { limit: number; json?: boolean }, command: Command) => {
      if (!Number.isInteger(options.limit) || options.limit < 1) throw badRequest('--limit must be a positive integer');
      await withLibrary(command, async (hark) => {
        const path = resolve(file);
        const { library } = await hark.readFileMeta({ path });
        if (!library) throw badRequest(`${path} is not in the library: add its folder with \`hark add\`, then index.`);
        if (library.status !== 'analysed')
          throw badRequest(`${path} is not analysed yet (${library.status}): run \`hark index\` first.`);
        const response = await hark.similar({ fileId: library.id, limit: options.limit });
        process.stdout.write(
          options.json ? JSON.stringify(toJson(response.text, response)) + '\n' : formatHits(response),
        );
      });
    });
}
