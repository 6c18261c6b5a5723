import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so commands work from any working directory. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface DataPaths {
  seedsDir: string;
  indexDir: string;
  configDir: string;
  /** The feedback database (votes, declined questions, settings): `sourcedesk.db` inside it. */
  dataDir: string;
}

/** Where sources, the saved index and editable data live; each can be moved with an environment variable. */
export function defaultPaths(env: NodeJS.ProcessEnv = process.env): DataPaths {
  return {
    seedsDir: resolve(env.SEEDS_DIR ?? resolve(projectRoot, 'seeds')),
    indexDir: resolve(env.INDEX_DIR ?? resolve(projectRoot, 'index')),
    configDir: resolve(env.CONFIG_DIR ?? resolve(projectRoot, 'config')),
    dataDir: resolve(env.DATA_DIR ?? resolve(projectRoot, 'data')),
  };
}
