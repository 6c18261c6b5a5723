import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeHolder } from '../../src/discord/knowledgeHolder.js';
import { tempData } from '../support/harness.js';

describe('KnowledgeHolder', () => {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  });

  async function open() {
    const data = await tempData();
    roots.push(data.root);
    return { holder: await KnowledgeHolder.open(data.paths), paths: data.paths };
  }

  it('answers from the old index until the new one is built, then swaps; a second reindex meanwhile does not run', async () => {
    const { holder, paths } = await open();
    await writeFile(
      join(paths.seedsDir, 'test-zephyrine.txt'),
      '---\ntitle: Zephyrine\n---\n\nThe Zephyrine Brigade numbers 4,200 volunteers.\n',
    );
    const old = holder.current;
    const first = holder.reindex();
    const second = await holder.reindex();
    expect(second.status).toBe('busy');
    expect(holder.current).toBe(old);
    expect(holder.current.ask('How many volunteers are in the Zephyrine Brigade?').answered).toBe(false);

    const outcome = await first;
    expect(outcome.status).toBe('done');
    expect(holder.current).not.toBe(old);
    expect(holder.current.ask('How many volunteers are in the Zephyrine Brigade?').answered).toBe(true);
    expect((await holder.reindex()).status).toBe('done');
  });

  it('loads the snapshot another process saved, only when it is newer', async () => {
    const { holder: shardA, paths } = await open();
    const shardB = await KnowledgeHolder.open(paths);
    await writeFile(
      join(paths.seedsDir, 'test-zephyrine.txt'),
      '---\ntitle: Zephyrine\n---\n\nThe Zephyrine Brigade numbers 4,200 volunteers.\n',
    );
    const outcome = await shardA.reindex();
    if (outcome.status !== 'done') throw new Error('reindex did not run');
    expect(await shardA.loadSaved(outcome.builtAt)).toBe(false);
    expect(await shardB.loadSaved(outcome.builtAt)).toBe(true);
    expect(shardB.current.builtAt).toEqual(outcome.builtAt);
    expect(shardB.current.sources().map((source) => source.id)).toContain('test-zephyrine');
  });
});
