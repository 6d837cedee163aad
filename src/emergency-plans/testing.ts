/**
 * Test helpers of the emergency-plan register (LV-7): the API as a token sees it, a plan body and
 * a plan built through the API, and a small PDF-looking file.
 */
import type { TestApp } from '../platform/testing/app.ts';

const BASE = '/api/v1/emergency-plans';

/** A plan with two contacts, the crisis-alert kind, reviewed a year from now unless told. */
export function planBody(overrides: Record<string, unknown> = {}) {
  const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  return {
    kind: 'crisis-alert-plan',
    title: `Kriseplan ${Math.random().toString(36).slice(2, 8)}`,
    version: '1.0',
    validFrom: '2026-01-01',
    reviewBy: nextYear,
    responsible: 'Kommunedirektøren',
    contacts: [
      {
        name: 'Kari Beredskap',
        role: 'Beredskapsleder',
        phones: ['+47 55 55 55 55', '915 00 000'],
        availability: 'around-the-clock',
        note: 'Varsles først',
      },
      {
        name: 'Ola Overlege',
        role: 'Kommuneoverlege',
        phones: ['55 12 34 56'],
        availability: 'office-hours',
      },
    ],
    ...overrides,
  };
}

/** Bytes that pass as a PDF (the register checks the signature, not the whole file). */
export const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'utf8');

export function plansApi(t: Pick<TestApp, 'app'>) {
  const send = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url: `${BASE}${url}`,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
  return {
    get: (url: string, token: string, headers?: Record<string, string>) =>
      send('GET', url, token, undefined, headers),
    post: (url: string, token: string, body: unknown) => send('POST', url, token, body),
    put: (url: string, token: string, body: unknown) => send('PUT', url, token, body),
    del: (url: string, token: string) => send('DELETE', url, token),
    upload: (
      planId: string,
      token: string,
      bytes: Buffer,
      contentType: string,
      filename: string,
      title?: string,
    ) =>
      t.app.inject({
        method: 'POST',
        url: `${BASE}/plans/${planId}/documents?filename=${encodeURIComponent(filename)}${
          title ? `&title=${encodeURIComponent(title)}` : ''
        }`,
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        payload: bytes,
      }),
  };
}

/** A plan of `municipality` made through the API (as `token`), returned as the API answered. */
export async function buildPlan(
  api: ReturnType<typeof plansApi>,
  token: string,
  municipality: string,
  overrides: Record<string, unknown> = {},
) {
  const r = await api.post(`/municipalities/${municipality}/plans`, token, planBody(overrides));
  if (r.statusCode !== 201) throw new Error(`plan not created: ${r.statusCode} ${r.body}`);
  return r.json<{ id: string; title: string; reviewStatus: string; revision: number }>();
}
