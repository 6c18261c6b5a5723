/**
 * Lets timers, I/O and other work run before continuing: long builds (chunking, indexing, figure
 * extraction) call it between steps, so a bot reindexing keeps answering from the old index.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
