import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { SEARCH_MODELS, SEARCH_MODES, type SearchMode, type SearchModel, type SearchResponse } from '../api/contract';
import { badRequest } from '../base/errors';
import { isOneOf, listChoices } from '../base/one-of';
import { openFromCommand } from './context';
import { formatHits } from './format';

interface SearchOptions {
  limit: number;
  json?: boolean;
  queries?: string;
  mode: SearchMode;
  model?: SearchModel;
}

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('search the library by words or description')
    .argument('[text]', 'what you are looking for, e.g. "wet footsteps on gravel" or \'kick -808 "hi hat" OR cymbal\'')
    .option('--limit <n>', 'how many results', (v) => Number.parseInt(v, 10), 20)
    .option('--json', 'one JSON object per query: {query, total, belowLine, results: [{path, score, belowLine, ...}]}')
    .option('--queries <file>', 'read one query per line from a file (JSON lines out, for scripts and evaluation)')
    .option('--mode <mode>', SEARCH_MODES.join(' | '), 'fused')
    .option('--model <model>', `${SEARCH_MODELS.join(' | ')} (default: the searchModel setting)`)
    // A query may start with a minus: `hark search "-kick"` (everything but kicks) is a query, not an option.
    // Only a double-dash word that is no option of ours is refused, as a mistyped option.
    .allowUnknownOption()
    .addHelpText(
      'after',
      '\nA query starting with "-" is taken as a query: hark search "-kick", or hark search -- -kick.',
    )
    .action(async (text: string | undefined, options: SearchOptions, command: Command) => {
      if (text?.startsWith('--') || command.args.length > 1)
        throw badRequest(`unknown option or extra argument: ${command.args.join(' ')} (see hark search --help)`);
      if (!isOneOf(SEARCH_MODES, options.mode)) throw badRequest(`--mode must be ${listChoices(SEARCH_MODES)}`);
      if (options.model && !isOneOf(SEARCH_MODELS, options.model))
        throw badRequest(`--model must be ${listChoices(SEARCH_MODELS)}`);
      if (!Number.isInteger(options.limit) || options.limit < 1) throw badRequest('--limit must be a positive integer');
      const queries = options.queries ? await readQueries(options.queries) : text ? [text] : [];
      if (queries.length === 0) throw badRequest('give a query, or --queries FILE');
      const hark = await openFromCommand(command, { keywordOnly: options.mode === 'keyword' });
      try {
        for (const query of queries) {
          const response = await hark.search({
            text: query,
            limit: options.limit,
            mode: options.mode,
            model: options.model,
          });
          process.stdout.write(
            options.json || options.queries ? JSON.stringify(toJson(query, response)) + '\n' : formatHits(response),
          );
        }
      } finally {
        hark.close();
      }
    });
}

async function readQueries(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw badRequest(`cannot read the queries file ${file}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A response as `--json` prints it (also `hark similar --json`). */
export function toJson(query: string, response: SearchResponse) {
  return {
    query,
    tookMs: response.tookMs,
    used: response.used,
    noGoodMatch: response.noGoodMatch,
    total: response.total,
    belowLine: response.belowLine ?? 0,
    results: response.hits.map((hit) => ({
      path: hit.path,
      score: Math.round(hit.score * 10000) / 10000,
      belowLine: hit.belowLine === true,
      name: hit.name,
      duration: hit.duration,
      format: hit.format,
      explanation: hit.explanation,
    })),
  };
}
