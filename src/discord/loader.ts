import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../util/paths.js';
import { emptyCatalog, type CommandCatalog } from '../render/discord/descriptions.js';
import type { Command } from './command.js';

export const commandsDir = join(projectRoot, 'commands');

/**
 * Imports every module in `commands/` and checks that its default export is a Command, so a
 * half-written module fails at start with its file name rather than at the first interaction. A module may
 * default-export a function of the catalog instead, when its option descriptions name the loaded topics
 * (src/render/discord/descriptions.ts).
 */
export async function loadCommands({
  dir = commandsDir,
  catalog = emptyCatalog,
}: { dir?: string; catalog?: CommandCatalog } = {}): Promise<Map<string, Command>> {
  const files = (await readdir(dir))
    .filter((file) => ['.ts', '.js'].includes(extname(file)) && !file.endsWith('.d.ts'))
    .sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: unknown };
    const exported =
      typeof module.default === 'function'
        ? (module.default as (catalog: CommandCatalog) => unknown)(catalog)
        : module.default;
    if (!isCommand(exported))
      throw new Error(`${join(dir, file)} must default-export a Command ({ data: SlashCommandBuilder, execute })`);
    const name = exported.data.name;
    if (commands.has(name)) throw new Error(`two modules in ${dir} define the command /${name}`);
    commands.set(name, exported);
  }
  return commands;
}

function isCommand(value: unknown): value is Command {
  const candidate = value as Partial<Command> | undefined;
  return (
    typeof candidate?.execute === 'function' &&
    typeof candidate.data?.name === 'string' &&
    typeof candidate.data.toJSON === 'function' &&
    (candidate.autocomplete === undefined || typeof candidate.autocomplete === 'function') &&
    (candidate.button === undefined || typeof candidate.button === 'function') &&
    (candidate.modal === undefined || typeof candidate.modal === 'function')
  );
}
