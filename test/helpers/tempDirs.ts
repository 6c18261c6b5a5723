import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { KnowledgeBaseOptions } from '../../src/knowledgeBase.js';
import { silentLogger } from '../../src/util/log.js';
import { projectRoot } from '../../src/util/paths.js';

const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temporary folder, removed when the test file is done (so beforeAll may share one). */
export async function tempDir(prefix = 'sourcedesk-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/**
 * Options for a KnowledgeBase over a private copy of the bundled seeds (or an empty seeds
 * folder), with its own index folder, so tests never touch the repository's index/.
 */
export async function tempKnowledgeBaseOptions(options: { copySeeds?: boolean } = {}): Promise<KnowledgeBaseOptions> {
  const root = await tempDir();
  const seedsDir = join(root, 'seeds');
  if (options.copySeeds ?? true) await cp(join(projectRoot, 'seeds'), seedsDir, { recursive: true });
  else
    await cp(join(projectRoot, 'seeds'), seedsDir, {
      recursive: true,
      filter: (path) => !path.endsWith('.txt') && !path.endsWith('.md'),
    });
  return { seedsDir, indexDir: join(root, 'index'), configDir: join(projectRoot, 'config'), log: silentLogger };
}
