/**
 * HTTP client for the nodmeld API. Every call goes with the session cookie; every error
 * becomes an `ApiError` carrying the server's problem+json (title, detail, code, field errors),
 * so pages can show field errors next to fields and CSV row errors as a table.
 */

export interface FieldProblem {
  path: string;
  /** English (logs, integrators); the web renders `code` with `params`. */
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** RFC 9457 problem details as the server sends them (extra members allowed). */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
}

/**
 * The session lives in an HttpOnly cookie the page cannot read (set by the server at sign-in);
 * changes carry the readable CSRF cookie's value in `X-CSRF-Token` (double submit).
 */
const CSRF_COOKIE = 'nodmeld_csrf';
let onUnauthenticated: (() => void) | null = null;

function csrfToken(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Whether the browser holds a session (its CSRF cookie; the session cookie itself is hidden). */
export const hasSession = (): boolean => csrfToken() !== null;

/** Called when the server answers 401 to a signed-in call (session expired or revoked). */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

async function toProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      return { ...body, title: body.title ?? res.statusText, status: body.status ?? res.status };
    } catch {
      /* fall through: unreadable body */
    }
  }
  return { title: res.statusText || 'Error', status: res.status, detail: `HTTP ${res.status}` };
}

export interface RequestOptions {
  body?: unknown;
  /** Raw text body (e.g. CSV) with its content type instead of JSON. */
  text?: { content: string; contentType: string };
  /** A file as the raw body (an upload), with its media type. */
  file?: { content: Blob; contentType: string };
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json, */*' };
  const csrf = csrfToken();
  if (csrf && !['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = csrf;
  let body: string | Blob | undefined;
  if (opts.file) {
    headers['content-type'] = opts.file.contentType;
    body = opts.file.content;
  } else if (opts.text) {
    headers['content-type'] = opts.text.contentType;
    body = opts.text.content;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError({ title: 'Network error', status: 0, code: 'network', detail: String(err) });
  }
  if (!res.ok) {
    const problem = await toProblem(res);
    if (res.status === 401 && !path.endsWith('/auth/login')) onUnauthenticated?.();
    throw new ApiError(problem);
  }
  return res;
}

/** JSON request; resolves to the parsed body (undefined for 204). */
export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, opts);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await res.text()) as T;
  return (await res.json()) as T;
}

/**
 * A binary body read whole (e.g. a recording's audio for the browser to decode), with its content
 * type; errors as for `api`.
 */
export async function bytes(
  path: string,
  opts: RequestOptions = {},
): Promise<{ bytes: ArrayBuffer; contentType: string }> {
  const res = await send('GET', path, opts);
  return { bytes: await res.arrayBuffer(), contentType: res.headers.get('content-type') ?? '' };
}

/** A page of a list API: every list pages with `?limit&cursor` and answers `{ items, total, next }`. */
export interface Page<T> {
  items: T[];
  total: number;
  /** Cursor of the next page (`?cursor=`), null on the last page. */
  next: string | null;
}

const MAX_PAGES = 100;

/**
 * A list read whole: asks for pages of 1000 (the largest the server gives) and follows `next`
 * until the last page. Other members of the first page (e.g. `dataVersion`) are kept.
 */
export async function apiAll<P extends Page<unknown>>(path: string, opts: RequestOptions = {}): Promise<P> {
  const query = { limit: 1000, ...opts.query };
  const first = await api<P>('GET', path, { ...opts, query });
  const items = [...first.items];
  let next = first.next;
  for (let n = 1; next && n < MAX_PAGES; n++) {
    const page = await api<P>('GET', path, { ...opts, query: { ...query, cursor: next } });
    items.push(...page.items);
    next = page.next;
  }
  return { ...first, items, next: null };
}

/**
 * Fetches a file (PDF, CSV, an export archive) with the session and hands it to the browser as a
 * download; resolves to the response headers (e.g. a checksum the server sends with it). A POST
 * (`post`: its JSON body) for a file made on request.
 */
export async function download(
  path: string,
  fallbackName: string,
  query?: RequestOptions['query'],
  post?: { body: unknown },
): Promise<Headers> {
  const res = await send(post ? 'POST' : 'GET', path, post ? { query, body: post.body } : { query });
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = m?.[1] ? decodeURIComponent(m[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return res.headers;
}
