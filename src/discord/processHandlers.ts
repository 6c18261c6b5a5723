import type { Logger } from '../util/log.js';
import { errorDetail } from '../util/errors.js';

/**
 * Logs an error nothing else caught (a rejected promise nobody awaited, an exception thrown in an
 * event handler: discord.js building an interaction from a malformed payload) and carries on: one
 * interaction's error must not take down the bot for everyone. Returns the listener, for tests.
 */
export function processErrorListener(log: Logger, kind: 'unhandledRejection' | 'uncaughtException') {
  return (error: unknown) =>
    log.error('error caught by the process-level handler; carrying on', { kind, error: errorDetail(error) });
}

/** Installs the listeners on `process`; returns a function that removes them. */
export function installProcessHandlers(log: Logger): () => void {
  const rejection = processErrorListener(log, 'unhandledRejection');
  const exception = processErrorListener(log, 'uncaughtException');
  process.on('unhandledRejection', rejection);
  process.on('uncaughtException', exception);
  return () => {
    process.off('unhandledRejection', rejection);
    process.off('uncaughtException', exception);
  };
}
