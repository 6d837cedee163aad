/** Test helpers of the AMK context: the API as a token sees it, and bodies with sensible defaults. */
import type { TestApp } from '../platform/testing/app.ts';

export const AMK = '/api/v1/amk';

/** Bergen sentrum, Voss, Trondheim: places in the test data's AMK areas. */
export const PLACES = {
  bergen: { lat: 60.3913, lon: 5.3221, municipality: '4601' },
  askoy: { lat: 60.42, lon: 5.2, municipality: '4627' },
  trondheim: { lat: 63.4305, lon: 10.3951, municipality: '5001' },
  oslo: { lat: 59.9139, lon: 10.7522, municipality: '0301' },
} as const;

let n = 0;
/** A unique ISSI (digits). */
export const newIssi = () => String(2_000_000 + ++n * 97 + Math.floor(Math.random() * 90));

export function resourceBody(overrides: Record<string, unknown> = {}) {
  return {
    callSign: `AMB-${++n}-${Math.random().toString(36).slice(2, 6)}`,
    kind: 'ambulance-car',
    amkId: 'amk-bergen',
    station: { name: 'Bergen ambulansestasjon', lat: 60.38, lon: 5.33 },
    issi: newIssi(),
    ...overrides,
  };
}

export function amkApi(t: Pick<TestApp, 'app'>) {
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) =>
    t.app.inject({
      method,
      url: `${AMK}${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
  return {
    get: (url: string, token: string) => send('GET', url, token),
    post: (url: string, token: string, body: unknown = {}) => send('POST', url, token, body),
    put: (url: string, token: string, body: unknown) => send('PUT', url, token, body),
  };
}
