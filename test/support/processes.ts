import { spawn, type ChildProcess } from 'node:child_process';
import type { DataPaths } from '../../src/util/paths.js';
import { projectRoot } from '../../src/util/paths.js';
import { fakeToken, type FakeDiscord } from './fakeDiscord.js';

/** A script of this project run as its own process (through tsx), with its output collected. */
export interface RunningScript {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first JSON log line on stderr whose message matches. */
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

export function runScript(command: string, args: string[], env: Record<string, string>): RunningScript {
  // Only what the script needs: a developer's own DISCORD_* variables must not leak in.
  const child = spawn(command, args, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => {
    err += chunk;
    for (const listener of [...listeners]) listener();
  });
  // 'close', not 'exit': by then all of stdout and stderr has been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const findLog = (message: string) =>
    err
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.message === message);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLog(message, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no "${message}" log within ${timeoutMs} ms; stderr so far:\n${err}`));
        }, timeoutMs);
        const check = () => {
          const entry = findLog(message);
          if (!entry) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(entry);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** A TypeScript entry point of the bot, as `npm start` runs it. */
export function runEntry(file: string, env: Record<string, string>): RunningScript {
  return runScript(process.execPath, ['--import', 'tsx', file], env);
}

/** The environment that points a bot process at the fake Discord and at its own copy of the data. */
export function botEnvironment(
  fake: FakeDiscord,
  paths: DataPaths,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DISCORD_TOKEN: fakeToken,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_BASE: fake.apiBase,
    SEEDS_DIR: paths.seedsDir,
    INDEX_DIR: paths.indexDir,
    CONFIG_DIR: paths.configDir,
    ...extra,
  };
}
