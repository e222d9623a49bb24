import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** JSON logs; secrets never reach a line, whatever the call site passes. */
export function createLogger({ level, destination }: { level: string; destination?: DestinationStream }): Logger {
  const options = {
    level,
    base: { service: 'beretning' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'sessionId', 'csrfToken', 'token', '*.token'],
      censor: '[redacted]',
    },
  } satisfies Parameters<typeof pino>[0];
  // A destination only for tests that read the log lines.
  return destination ? pino(options, destination) : pino(options);
}
