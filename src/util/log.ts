/**
 * Structured logs on stderr, so stdout carries only what the user asked for
 * (`npm run --silent ask -- --json …` stays machine-readable).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  // Properties, not methods: a logger's functions are passed around on their own (`tagged(log.warn)`).
  debug: (message: string, fields?: Record<string, unknown>) => void;
  info: (message: string, fields?: Record<string, unknown>) => void;
  warn: (message: string, fields?: Record<string, unknown>) => void;
  error: (message: string, fields?: Record<string, unknown>) => void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** `format: 'json'` for services (the bot), `'text'` for people at a terminal (the CLI). */
export function createLogger(
  options: { level?: LogLevel; format?: 'json' | 'text'; write?: (line: string) => void } = {},
): Logger {
  const threshold = order[options.level ?? 'info'];
  const format = options.format ?? 'json';
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit =
    (level: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (order[level] < threshold) return;
      if (format === 'json') {
        write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }));
      } else {
        const details = Object.entries(fields).map(
          ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
        );
        write(
          `${level === 'info' ? '' : level + ': '}${message}${details.length ? ' (' + details.join(', ') + ')' : ''}`,
        );
      }
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** For tests and library callers that want silence. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
