import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { KnowledgeBaseOptions } from '../../src/knowledgeBase.js';
import { projectRoot } from '../../src/util/paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI script as `npm run` would (through tsx), against the given data folders. */
export function runCli(
  script: string,
  args: string[],
  options: { paths: KnowledgeBaseOptions; stdin?: string },
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', join(projectRoot, 'src/cli', script), ...args],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          SEEDS_DIR: options.paths.seedsDir,
          INDEX_DIR: options.paths.indexDir,
          CONFIG_DIR: options.paths.configDir,
          NO_COLOR: '1',
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 2) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.stdin ?? '');
  });
}
