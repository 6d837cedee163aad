/**
 * One application error type with a stable `code`, mapped to HTTP in one place
 * (`application/problem+json`, RFC 9457). Unknown errors become a 500 that leaks nothing.
 */
export type ErrorCode =
  | 'bad-request'
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unprocessable'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  'bad-request': 400,
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  unavailable: 503,
  internal: 500,
};

const TITLE: Record<ErrorCode, string> = {
  'bad-request': 'Bad request',
  validation: 'Invalid request',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  conflict: 'Conflict',
  unprocessable: 'Unprocessable request',
  unavailable: 'Service unavailable',
  internal: 'Internal server error',
};

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS[this.code];
  }

  toProblem(): ProblemDetails {
    return {
      type: `https://nodmeld.no/problems/${this.code}`,
      title: TITLE[this.code],
      status: this.status,
      detail: this.message,
      code: this.code,
      ...this.extra,
    };
  }
}

export const notFound = (what: string) => new AppError('not-found', `${what} was not found`);
export const forbidden = (why: string) => new AppError('forbidden', why);
export const conflict = (why: string, extra?: Record<string, unknown>) =>
  new AppError('conflict', why, extra);
export const unprocessable = (why: string, extra?: Record<string, unknown>) =>
  new AppError('unprocessable', why, extra);
