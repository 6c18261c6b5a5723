import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/discord/loader.js';

describe('loadCommands', () => {
  it('loads every module in commands/, keyed by command name', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()].sort()).toEqual([
      'ask',
      'compare',
      'help',
      'insights',
      'reindex',
      'settings',
      'sources',
    ]);
    for (const [name, command] of commands) expect(command.data.toJSON().name).toBe(name);
    expect(commands.get('ask')!.autocomplete).toBeTypeOf('function');
    expect(commands.get('ask')!.button).toBeTypeOf('function');
    expect(commands.get('compare')!.autocomplete).toBeTypeOf('function');
  });

  it('names the file whose default export is not a Command', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sourcedesk-commands-'));
    try {
      await writeFile(join(dir, 'broken.js'), 'export default { data: { name: "broken" } };\n');
      await expect(loadCommands({ dir })).rejects.toThrow(`${join(dir, 'broken.js')} must default-export a Command`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
