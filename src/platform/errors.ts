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
  | 'internal'
  /** The request body is larger than the server accepts (413). */
  | 'payload-too-large'
  /** The request body's media type is not one the route takes, or its content is not of that type (415). */
  | 'unsupported-media-type'
  /** A text body (CSV, JSON) that is not valid UTF-8 (400); `errors` name the line. */
  | 'invalid-encoding'
  /** A value the database cannot store as given, e.g. a malformed id (400). */
  | 'invalid-value'
  /** Another record already holds a unique value (409); `constraint` and `columns` name it. */
  | 'unique-violation'
  /** The change refers to a record that does not exist (422); `constraint` names the reference. */
  | 'reference-missing'
  /** The record is still referred to by others and cannot be removed or re-keyed (409). */
  | 'still-referenced'
  /** The change breaks a rule the database enforces (422); `constraint` names it. */
  | 'check-violation'
  /** Too many attempts (429); `retryAfter` (seconds) goes into the Retry-After header. */
  | 'too-many-requests';

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
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'invalid-encoding': 400,
  'invalid-value': 400,
  'unique-violation': 409,
  'reference-missing': 422,
  'still-referenced': 409,
  'check-violation': 422,
  'too-many-requests': 429,
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
  'payload-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported media type',
  'invalid-encoding': 'Text is not UTF-8',
  'invalid-value': 'Invalid value',
  'unique-violation': 'Already exists',
  'reference-missing': 'Referenced record missing',
  'still-referenced': 'Still referenced',
  'check-violation': 'Rule violated',
  'too-many-requests': 'Too many requests',
};

/**
 * One bad field (or CSV/text line) of a refused request. `code` is stable so a client can render
 * its own message; `path` is `where.field.sub` (`body.name`, `query.cursor`, `params.id`); `line`
 * and `column` (1-based) are set for problems inside multi-line text such as a CSV body.
 */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
  /** Values the client fills into its own text for `code` (a minimum, the allowed values …). */
  params?: MessageParams;
  line?: number;
  column?: number | string | null;
}

/** Values a client fills into the text it shows for a message code (dates as ISO 8601). */
export type MessageParams = Record<string, string | number>;

/**
 * What the server means, as a stable message code and its parameters, so the web and the reports
 * render it in the reader's language (bokmål by default). `message` is the English text for logs,
 * the CLI and integrations.
 */
export interface ServerMessage {
  code: string;
  params?: MessageParams;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** English text for logs, the CLI and integrators; clients render `detailCode` instead. */
  detail?: string;
  code: ErrorCode;
  /** The stable code of this particular refusal (e.g. `reroute.planned-not-working-day`). */
  detailCode?: string;
  detailParams?: MessageParams;
  errors?: FieldError[];
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

/**
 * An application error that says what it means as a message code with parameters, for clients to
 * render in the user's language; `message` is the English text.
 */
export function refusal(
  code: ErrorCode,
  message: string,
  detail: ServerMessage,
  extra: Record<string, unknown> = {},
): AppError {
  return new AppError(code, message, {
    detailCode: detail.code,
    ...(detail.params ? { detailParams: detail.params } : {}),
    ...extra,
  });
}

export const notFound = (what: string) => new AppError('not-found', `${what} was not found`);

/** True for the AppError `not-found`, and for nothing else (not for a database outage). */
export const isNotFound = (e: unknown): e is AppError => e instanceof AppError && e.code === 'not-found';

/**
 * The value of `p`, or null when `p` fails with not-found. Any other failure — a database that
 * cannot answer above all — propagates: it must never read as "there is no such thing" (issue 9).
 */
export function nullIfNotFound<T>(p: Promise<T>): Promise<T | null> {
  return p.catch((e: unknown) => {
    if (isNotFound(e)) return null;
    throw e;
  });
}
export const forbidden = (why: string) => new AppError('forbidden', why);
export const conflict = (why: string, extra?: Record<string, unknown>) =>
  new AppError('conflict', why, extra);
export const unprocessable = (why: string, extra?: Record<string, unknown>) =>
  new AppError('unprocessable', why, extra);
