import type { Logger } from '../../src/util/log.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A Logger that keeps what it is told, for asserting on what was logged. */
export function recordingLogger(): Logger & { entries: LogEntry[]; warnings(): string[] } {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry['level']) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void entries.push({ level, message, fields });
  return {
    entries,
    /** The warnings, as "warn: message" lines. */
    warnings: () => entries.filter((entry) => entry.level === 'warn').map((entry) => `warn: ${entry.message}`),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}
