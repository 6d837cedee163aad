import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; secrets and health data are redacted by path. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'nodmeld' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'password',
        '*.password',
        'token',
        '*.token',
        'callingNumber',
        '*.callingNumber',
        'presentedNumber',
        '*.presentedNumber',
      ],
      censor: '[redacted]',
    },
  });
}
