/**
 * Runs the shared `NodnettPort` contract against every implementation: today the simulator (a
 * production gateway joins with a fixture for the operator's test network; docs/nodnett.md).
 */
import { SimClock } from '../platform/time/clock.ts';
import { FIRST_ISSI, createSimulatedNodnett } from './simulator/simulated-nodnett.ts';
import { nodnettContract } from './testing/nodnett-contract.ts';

nodnettContract('simulated Nødnett', async () => {
  const clock = new SimClock({ start: Date.UTC(2026, 11, 7, 6, 0, 0) });
  const port = createSimulatedNodnett({
    seed: 1,
    terminals: 6,
    clock,
    groupCapacity: 4,
    outOfCoverage: [FIRST_ISSI + 5],
    unreachablePhones: ['+4799999999'],
    // An operations centre's dispatch position that reads every text at once.
    dispatchers: [7_900_999],
    consumeAfterMs: 0,
  });
  return {
    port,
    scenario: {
      inCoverage: [FIRST_ISSI, FIRST_ISSI + 1, FIRST_ISSI + 2],
      outOfCoverage: FIRST_ISSI + 5,
      unknownTerminal: 1_234_567,
      groupCapacity: 4,
      reachablePhone: '+4722000000',
      unreachablePhone: '+4799999999',
      readingTerminal: 7_900_999,
    },
    close: () => port.close(),
  };
});
