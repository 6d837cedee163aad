/**
 * The production `CallRouter`: the SIP door of routing's one decide-call use case
 * (`routing/decide-call.ts`, RT-1 … RT-7, RT-15). Fixed and IP calls are answered synchronously;
 * mobile calls are positioned under the deadline the decider enforces (RT-3).
 */
import { createCallDecider, type CallDecider, type CallDeciderOptions } from '../../routing/decide-call.ts';
import { DEFAULT_POLICY } from '../../routing/domain/types.ts';
import type { CallRouter, MenuSessionInit } from './call-router.ts';
import { randomTag } from './response.ts';

export { locateWithDeadline } from '../../routing/decide-call.ts';

type MenuSessionFactory = (init: MenuSessionInit) => Promise<{ sessionId: string }>;

/** Session ids generated locally when no menu-session store is attached. */
const localMenuSession: MenuSessionFactory = async () => ({ sessionId: `${randomTag()}${randomTag()}` });

/**
 * The SIP door of a decider. `createMenuSession` creates a fallback-menu session in the store the
 * IVR drives over the HTTP API (RT-5); without it, session ids are generated locally.
 */
export function callRouterFor(
  decider: CallDecider,
  createMenuSession: MenuSessionFactory = localMenuSession,
): CallRouter {
  return {
    // The route options are passed as they are: the server creates the abort signal lazily, and
    // the decider reads it only for a call it must position.
    route: (call, routeOpts) => decider.decide(call, 'sip', routeOpts),
    createMenuSession,
  };
}

export interface EngineCallRouterOptions extends Omit<CallDeciderOptions, 'policy' | 'positioning'> {
  positioning?: CallDeciderOptions['positioning'];
  policy?: CallDeciderOptions['policy'];
  createMenuSession?: MenuSessionFactory;
}

/** A router on its own decider (standalone servers, benchmarks and tests on fixed data). */
export function createEngineCallRouter(opts: EngineCallRouterOptions): CallRouter {
  const { createMenuSession, ...deciderOpts } = opts;
  return callRouterFor(
    createCallDecider({ ...deciderOpts, policy: opts.policy ?? DEFAULT_POLICY }),
    createMenuSession,
  );
}
