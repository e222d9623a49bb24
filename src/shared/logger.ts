import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs; secrets never reach a line, whatever the call site passes. */
export function createLogger({ level }: { level: string }): Logger {
  return pino({
    level,
    base: { service: 'beretning' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'sessionId', 'csrfToken', 'token', '*.token'],
      censor: '[redacted]',
    },
  });
}
