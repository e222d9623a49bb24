import { setImmediate } from 'node:timers/promises';

/**
 * Lets timers, I/O and other requests run before the caller goes on. better-sqlite3 answers
 * synchronously, and an awaited promise resumes before any I/O: a request of many bounded statements
 * calls this between them, so no request holds the event loop for longer than one step.
 */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}
