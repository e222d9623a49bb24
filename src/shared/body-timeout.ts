import type { Readable } from 'node:stream';
import { createError } from './errors.js';

/**
 * Cuts a request body that has not arrived within `seconds` (UPLOAD_BODY_TIMEOUT_SECONDS): the
 * stream is destroyed with a 408 error, so whatever consumes it (storing an upload) fails and keeps
 * nothing. Node's own request timeout (300 s) would only close the socket, with no answer.
 */
export function cutSlowBody({ stream, seconds }: { stream: Readable; seconds: number }): void {
  if (stream.readableEnded) return;
  const timer = setTimeout(() => {
    stream.destroy(createError({ code: 'request.body_timeout', status: 408, message: `Filen kom for langsomt frem og blev afbrudt efter ${seconds} sekunder. Intet er gemt.`, details: { seconds } }));
  }, seconds * 1000);
  timer.unref();
  const stop = () => clearTimeout(timer);
  stream.once('end', stop);
  stream.once('close', stop);
  stream.once('error', stop);
}
