/**
 * The real routing engine for the simulator, in process: decisions through decide-call (door
 * "simulator", counted like every other door), looks through `preview`, and the fallback menu
 * (RT-5) through the menu engine — all on one compiled data set with no re-routes, the overflow
 * pick (RT-6) drawn from a seeded stream so a what-if run is reproducible.
 */
import { createCallDecider, type CallDecider } from '../../routing/decide-call.ts';
import { compileRoutingData, type CompiledRoutingData } from '../../routing/domain/compile.ts';
import { menuInput, startMenu } from '../../routing/domain/menu.ts';
import {
  DEFAULT_POLICY,
  type CallInput,
  type OperationalState,
  type RoutingDataSet,
  type RoutingDecision,
  type RoutingPolicy,
} from '../../routing/domain/types.ts';
import type { MetricsRegistry } from '../../platform/metrics.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';
import { deriveSeed } from './core/sampling.ts';
import type { SimRouter } from './core/traffic-model.ts';

export interface LocalRouting {
  compiled: CompiledRoutingData;
  router: SimRouter;
  /** Decides and counts a call; the simulator always hands the engine the position, so this never waits. */
  decide: (call: CallInput, atMs: number) => RoutingDecision;
  decider: CallDecider;
}

const NO_STATE: OperationalState = { reroutes: [], unavailableCentreIds: [] };

export function localRouting(
  data: RoutingDataSet | CompiledRoutingData,
  seed: number,
  metrics?: MetricsRegistry,
): LocalRouting {
  const compiled = 'seriesTrie' in data ? data : compileRoutingData(data, 0);
  const policy: RoutingPolicy = { ...DEFAULT_POLICY, random: mulberry32(deriveSeed(seed, 'overflow')) };
  const decider = createCallDecider({
    getData: () => compiled,
    getState: () => NO_STATE,
    policy,
    deadlineMs: 0,
    ...(metrics && { metrics }),
  });
  const router: SimRouter = {
    preview: (call, atMs) => decider.preview(call, atMs),
    menuPostcode(callingNumber, postcode, atMs) {
      const ctx = { data: compiled, state: NO_STATE, at: atMs, policy, callingNumber };
      const choose = menuInput(startMenu({ entry: 'fallback' }).state, '1', ctx);
      return menuInput(choose.state, postcode, ctx).decision;
    },
  };
  return {
    compiled,
    router,
    decider,
    decide: (call, atMs) => {
      const d = decider.decide(call, 'simulator', { at: atMs });
      if (d instanceof Promise)
        throw new Error('The simulator must hand the engine the position of a mobile call');
      return d.decision;
    },
  };
}
