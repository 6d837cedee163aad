/**
 * RT-5 under technical failure: whatever the router or the menu-session store does, an INVITE for
 * 116117 that the server can parse gets a 302 — to the centre, or to the fallback menu — never a
 * 500 and never silence.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallRouter, CallRoutingResult } from './call-router.ts';
import type * as ResponseModule from './response.ts';
import {
  buildMenuDecision,
  createHandlerHarness,
  inviteText,
  responseHeader,
  responseStatus,
  type HandlerHarness,
} from './testing.ts';

// The last resort ("the menu URI with no session") needs the random source to fail; the flag makes it.
const random = vi.hoisted(() => ({ fail: false }));
vi.mock('./response.ts', async (importOriginal) => {
  const original = await importOriginal<typeof ResponseModule>();
  return {
    ...original,
    randomTag: (): string => {
      if (random.fail) throw new Error('no entropy');
      return original.randomTag();
    },
  };
});

let harness: HandlerHarness | undefined;
afterEach(() => {
  harness?.stop();
  harness = undefined;
  random.fail = false;
});

const MENU_URI = 'sip:menu-{sessionId}@ivr.example.net';
let seq = 0;
const invite = (): string => inviteText({ clientPort: 5062, callId: `rf-${++seq}` });

function routerAnswering(
  route: CallRouter['route'],
  createMenuSession?: CallRouter['createMenuSession'],
): CallRouter {
  return { route, createMenuSession: createMenuSession ?? (async () => ({ sessionId: 'stored-1' })) };
}

async function finalFor(
  router: CallRouter,
  extra: Parameters<typeof createHandlerHarness>[1] = {},
): Promise<string> {
  harness = createHandlerHarness(router, { menuUri: MENU_URI, menuSessionTimeoutMs: 50, ...extra });
  harness.receive(invite());
  const res = await harness.finalResponse();
  expect(res, 'a final response').toBeDefined();
  return res!;
}

describe('RT-5: routing failures go to the fallback menu, never 500', () => {
  const garbage: [string, CallRouter['route']][] = [
    [
      'throws',
      () => {
        throw new Error('engine bug');
      },
    ],
    ['rejects', () => Promise.reject(new Error('positioning adapter bug'))],
    ['returns undefined', () => undefined as unknown as CallRoutingResult],
    ['returns null', () => null as unknown as CallRoutingResult],
    ['returns a result without a decision', () => ({}) as CallRoutingResult],
    [
      'returns an unknown outcome',
      () => ({ decision: { outcome: 'transfer', dataVersion: 1 } }) as unknown as CallRoutingResult,
    ],
    [
      'returns a connect decision whose number would break the Contact',
      () =>
        ({
          decision: {
            outcome: 'connect',
            centreId: 'lv',
            connectTo: '555>;evil',
            method: 'number-series',
            dataVersion: 1,
            trace: [],
          },
        }) as unknown as CallRoutingResult,
    ],
    ['resolves to garbage', () => Promise.resolve('nonsense' as unknown as CallRoutingResult)],
    [
      'returns a menu decision without a reason',
      () => ({ decision: { outcome: 'menu', dataVersion: 1 } }) as unknown as CallRoutingResult,
    ],
  ];
  for (const [name, route] of garbage) {
    it(`a router that ${name}: 302 to the menu with a stored session`, async () => {
      const res = await finalFor(routerAnswering(route));
      expect(responseStatus(res)).toBe(302);
      expect(responseHeader(res, 'Contact')).toBe('<sip:menu-stored-1@ivr.example.net>');
      expect(responseHeader(res, 'X-Nodmeld-Menu-Session')).toBe('stored-1');
      expect(responseHeader(res, 'X-Nodmeld-Reason')).toBe('Routing failed');
      expect(harness!.metrics.calls.get('failed')).toBe(1);
      expect(harness!.sent.map(responseStatus)).not.toContain(500);
    });
  }

  const LOCAL_ID = /^<sip:menu-([0-9a-f]{32})@ivr\.example\.net>$/;
  const stores: [string, CallRouter['createMenuSession'], string][] = [
    ['rejects', () => Promise.reject(new Error('database down')), 'local-after-error'],
    [
      'throws',
      () => {
        throw new Error('pool exhausted');
      },
      'local-after-error',
    ],
    ['never answers', () => new Promise(() => {}), 'local-after-timeout'],
    [
      'answers without an id',
      async () => ({ sessionId: 42 }) as unknown as { sessionId: string },
      'local-after-error',
    ],
  ];
  for (const [name, createMenuSession, outcome] of stores) {
    it(`a session store that ${name}: 302 to the menu with a locally generated id`, async () => {
      const res = await finalFor(
        routerAnswering(() => ({ decision: buildMenuDecision() }), createMenuSession),
      );
      expect(responseStatus(res)).toBe(302);
      const id = LOCAL_ID.exec(responseHeader(res, 'Contact') ?? '')?.[1];
      expect(id).toBeDefined();
      expect(responseHeader(res, 'X-Nodmeld-Menu-Session')).toBe(id);
      expect(harness!.metrics.menuSessions.get(outcome)).toBe(1);
      expect(harness!.metrics.calls.get('menu')).toBe(1);
    });
  }

  it('routing and the store both failing: still the menu, with a local id', async () => {
    const res = await finalFor(
      routerAnswering(
        () => Promise.reject(new Error('engine bug')),
        () => Promise.reject(new Error('database down')),
      ),
    );
    expect(responseStatus(res)).toBe(302);
    expect(responseHeader(res, 'Contact')).toMatch(LOCAL_ID);
    expect(harness!.metrics.calls.get('failed')).toBe(1);
  });

  it('even no id to be had: the menu URI without a session', async () => {
    const res = await finalFor(
      routerAnswering(
        () => ({ decision: buildMenuDecision() }),
        () => {
          random.fail = true;
          return Promise.reject(new Error('database down'));
        },
      ),
    );
    expect(responseStatus(res)).toBe(302);
    expect(responseHeader(res, 'Contact')).toBe('<sip:menu-@ivr.example.net>');
    expect(responseHeader(res, 'X-Nodmeld-Menu-Session')).toBeUndefined();
    expect(harness!.metrics.menuSessions.get('none')).toBe(1);
  });

  it('a session that arrives after the timeout changes nothing: one 302 only', async () => {
    let late: (v: { sessionId: string }) => void = () => {};
    const res = await finalFor(
      routerAnswering(
        () => ({ decision: buildMenuDecision() }),
        () => new Promise((resolve) => (late = resolve)),
      ),
    );
    expect(responseHeader(res, 'Contact')).toMatch(LOCAL_ID);
    late({ sessionId: 'too-late' });
    await new Promise((r) => setTimeout(r, 20));
    // Only Timer G retransmissions of the same 302 may follow (the harness is UDP).
    expect(new Set(harness!.sent.filter((r) => responseStatus(r) === 302))).toEqual(new Set([res]));
  });
});
