import type { Logger } from '../../src/log.js';

/** A logger that keeps what was said at info level and above, as "level: message" lines. */
export function recordingLogger(): Logger & { messages: string[]; warnings(): string[] } {
  const messages: string[] = [];
  const record = (level: string) => (message: string) => void messages.push(`${level}: ${message}`);
  return {
    messages,
    warnings: () => messages.filter((line) => line.startsWith('warn: ')),
    debug() {},
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}
