import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { KnowledgeBaseOptions } from '../../src/knowledgeBase.js';
import { projectRoot } from '../../src/util/paths.js';

const rebuildScript = join(projectRoot, 'test/faults/fixtures/rebuild.ts');

export interface RebuildChild {
  process: ChildProcess;
  /** Resolves with the child's whole stdout once it has exited, however it ended. */
  exited: Promise<{ stdout: string; signal: NodeJS.Signals | null; code: number | null }>;
  /** Resolves when the child reports that the build reached `phase`. */
  reached(phase: string): Promise<void>;
}

/**
 * Runs a reindex in a child process (see fixtures/rebuild.ts), then asks it `question`. `fileSizeLimitKB` runs it under
 * `ulimit -f`: every write past that size fails with EFBIG, which is what a full disk does
 * to a writer, and unlike chmod it also binds root (tests run as root here).
 */
export function spawnRebuild(
  paths: Pick<KnowledgeBaseOptions, 'seedsDir' | 'indexDir' | 'configDir'>,
  options: { fileSizeLimitKB?: number; question?: string } = {},
): RebuildChild {
  const command = [
    process.execPath,
    '--import',
    'tsx',
    rebuildScript,
    paths.seedsDir,
    paths.indexDir,
    paths.configDir,
    ...(options.question ? [options.question] : []),
  ];
  const child = options.fileSizeLimitKB
    ? // bash's ulimit -f counts 1024-byte blocks. tsx must not write its cache under the limit.
      spawn('bash', ['-c', `ulimit -f ${options.fileSizeLimitKB} && exec "$@"`, 'rebuild', ...command], {
        cwd: projectRoot,
        env: { ...process.env, TSX_DISABLE_CACHE: '1' },
      })
    : spawn(command[0]!, command.slice(1), { cwd: projectRoot });
  let stdout = '';
  const waiting: Array<{ phase: string; resolve: () => void }> = [];
  child.stdout.setEncoding('utf8').on('data', (data: string) => {
    stdout += data;
    for (const waiter of waiting) if (stdout.includes(`phase ${waiter.phase}\n`)) waiter.resolve();
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  const exited = new Promise<{ stdout: string; signal: NodeJS.Signals | null; code: number | null }>((resolve) =>
    child.on('exit', (code, signal) =>
      resolve({ stdout: stdout + (stderr ? `\nstderr: ${stderr}` : ''), signal, code }),
    ),
  );
  return {
    process: child,
    exited,
    reached: (phase) =>
      new Promise((resolve, reject) => {
        if (stdout.includes(`phase ${phase}\n`)) return resolve();
        waiting.push({ phase, resolve });
        void exited.then(({ stdout: output }) =>
          reject(new Error(`the reindex ended before phase ${phase}:\n${output}`)),
        );
      }),
  };
}
