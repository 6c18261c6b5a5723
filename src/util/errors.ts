/** Everything known about a thrown value, for the log: an Error's stack (it starts with the message), or the value. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** A thrown value in one line: an Error's message, or the value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
