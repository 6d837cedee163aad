/**
 * Sign-outs, revocations and disabled users reach every instance at once (issue 9 part 3): the
 * auth service's local invalidations are written to the outbox as `platform.auth.invalidated`,
 * and every instance's bus hands them back to its auth service as `origin: 'remote'` (which is
 * never forwarded again, so nothing echoes). The event names a credential by id or SHA-256, never
 * by its secret, and as a kernel event (`platform.*`) it is never pushed to browsers.
 * When the database is down, the write fails and is logged: the other instances then learn of it
 * when their token cache re-verifies (bounded by its lifetime), as before.
 */
import { z } from 'zod';
import type { Logger } from 'pino';
import type { Db } from '../db/types.ts';
import { defineEvent, NATIONAL } from '../events/define-event.ts';
import type { EventBus } from '../events/event-bus.ts';
import { appendEvent } from '../events/outbox.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import type { AuthInvalidation } from './auth-invalidation.ts';

export const authInvalidated = defineEvent({
  type: 'platform.auth.invalidated',
  scope: () => NATIONAL,
  payload: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('session'), tokenHash: z.string() }),
    z.object({ kind: z.literal('token'), id: z.string() }),
    z.object({ kind: z.literal('user'), id: z.string() }),
  ]),
});

/** Kernel events (`platform.*`) are the platform's own business: never pushed to a browser. */
export const isKernelEvent = (type: string): boolean => type.startsWith('platform.');

/** Connects the auth service's invalidations to the event bus; returns the function that stops it. */
export function bridgeAuthInvalidation(
  invalidation: AuthInvalidation,
  bus: EventBus,
  db: Db,
  logger: Logger,
): () => void {
  const stopLocal = invalidation.subscribe((e) => {
    if (e.origin === 'remote') return;
    const { origin: _origin, ...payload } = e;
    appendEvent(db, SYSTEM_ACTOR, authInvalidated.of(payload)).catch((err: unknown) =>
      logger.warn({ err, kind: e.kind }, 'could not tell the other instances of an invalidated credential'),
    );
  });
  const sub = bus.subscribe({
    types: [authInvalidated.type],
    handler: (e) => {
      if (authInvalidated.is(e)) invalidation.publish({ ...e.payload, origin: 'remote' });
    },
  });
  return () => {
    stopLocal();
    sub.close();
  };
}
