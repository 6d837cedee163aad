import type { RoutingApi } from '../routing/module.ts';
import type { MenuSessionInit } from './sip/call-router.ts';

/** Fallback-menu sessions (RT-5) in routing's store, which the IVR drives over the HTTP API. */
export function menuSessionsOf(routing: Pick<RoutingApi, 'menus'>) {
  return async (init: MenuSessionInit): Promise<{ sessionId: string }> => {
    const view = await routing.menus.create({
      entry: 'fallback',
      callingNumber: init.callingNumber,
      callId: init.callId,
    });
    return { sessionId: view.id };
  };
}
