import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SetupError } from '../util/dataFile.js';
import { createLogger, type Logger } from '../util/log.js';
import { KnowledgeBase, type KnowledgeBaseOptions } from '../knowledgeBase.js';
import { defaultPaths } from '../util/paths.js';
import { errorDetail } from '../util/errors.js';

/** A mistake of the person at the keyboard: one line on stderr, exit code 1, no stack trace. */
export class UsageError extends Error {}

/** The exit codes the README promises. */
export const exitCodes = {
  done: 0,
  /** The user's mistake on the command line or in the setup (one-line message). */
  usage: 1,
  /** Anything else (details on stderr). */
  internal: 2,
  /** `reindex`: the index was rebuilt but could not be saved to index/ (the next start rebuilds it again). */
  notSaved: 3,
} as const;

/**
 * Runs a CLI command with the exit codes the README promises (`exitCodes`); `main` may end
 * with one of its own (reindex's `notSaved`).
 */
export async function runCli(main: (log: Logger) => Promise<number | void>): Promise<void> {
  const log = createLogger({ format: 'text', level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info' });
  try {
    process.exitCode = (await main(log)) ?? exitCodes.done;
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${error.message}\n`);
      process.exitCode = 0;
    } else if (error instanceof UsageError || error instanceof SetupError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = exitCodes.usage;
    } else {
      process.stderr.write(`sourcedesk: internal error: ${errorDetail(error)}\n`);
      process.exitCode = exitCodes.internal;
    }
  }
}

export function knowledgeBaseOptions(log: Logger, extra: Partial<KnowledgeBaseOptions> = {}): KnowledgeBaseOptions {
  return { ...defaultPaths(), log, ...extra };
}

export function openKnowledgeBase(log: Logger): Promise<KnowledgeBase> {
  return KnowledgeBase.open(knowledgeBaseOptions(log));
}

/** Terminal styling only for a person at a terminal: never in pipes, files or with NO_COLOR. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env);
}

/** Option types for parseCommandLine: `--json`-like switches, off unless given, and options that take a value. */
export const switchOption = { type: 'boolean', default: false } as const;
export const valueOption = { type: 'string' } as const;

type ParsedCommandLine<Config extends ParseArgsConfig> = ReturnType<typeof parseArgs<Config>>;

/** `--help` was asked for: the usage line on stdout, exit code 0. */
class HelpRequested extends Error {}

/**
 * node's parseArgs, with a mistake on the command line reported as a UsageError with the usage line,
 * and `--help` (`-h`) understood by every command: it prints the usage line and does nothing else.
 */
export function parseCommandLine<Config extends ParseArgsConfig>(
  config: Config,
  usage: string,
): ParsedCommandLine<Config> {
  let parsed: ParsedCommandLine<Config>;
  try {
    // The result has one more option, `help`, than `Config` says: read below, and harmless to callers.
    const withHelp = { ...config, options: { ...config.options, help: { type: 'boolean', short: 'h' } } } as Config;
    parsed = parseArgs(withHelp);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested(usage);
  return parsed;
}
