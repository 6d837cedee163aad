/**
 * The CLI's way to the live system: commands that decide, read or change what the running server
 * serves ask it over HTTP instead of opening the database behind its back (the embedded database
 * belongs to one process, and only the server has the live state in memory).
 */
import { AppError } from '../errors.ts';

export interface ServerClient {
  url: string;
  /** Sends a JSON request; resolves with the status and parsed body (problem+json on errors). */
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; text: string }>;
  /** GETs a binary body. */
  download(path: string): Promise<{ status: number; bytes: Uint8Array }>;
}

const PROBE_TIMEOUT_MS = 1500;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Returns a client for the server at `url` when its `/healthz` answers, else null. `token` is sent
 * as a bearer token on every request.
 */
export async function findRunningServer(
  url: string,
  token: string | undefined,
): Promise<ServerClient | null> {
  try {
    const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (!r.ok) return null;
    const body = (await r.json()) as { status?: string };
    if (body.status !== 'ok') return null;
  } catch {
    return null;
  }
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return {
    url,
    async download(path: string) {
      const r = await fetch(`${url}${path}`, {
        headers: auth,
        signal: AbortSignal.timeout(10 * REQUEST_TIMEOUT_MS),
      });
      return { status: r.status, bytes: new Uint8Array(await r.arrayBuffer()) };
    },
    async request<T>(method: string, path: string, body?: unknown) {
      const headers: Record<string, string> = { ...auth };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const r = await fetch(`${url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await r.text();
      let parsed: unknown = text;
      if ((r.headers.get('content-type') ?? '').includes('json')) {
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new AppError('internal', `The server at ${url} sent invalid JSON`);
        }
      }
      return { status: r.status, body: parsed as T, text };
    },
  };
}
