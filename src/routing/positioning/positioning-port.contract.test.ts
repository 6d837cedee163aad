/**
 * Runs the shared `PositioningPort` contract (RT-3, RT-15) against every implementation: the
 * real service talking HTTP to three simulated operators, and the in-memory fake.
 */
import { positioningContract, CONTRACT_MUNICIPALITIES } from './testing/positioning-contract.ts';
import { createPositioningService } from './positioning-service.ts';
import { startLocationSimulator } from './simulator.ts';
import { createStaticPositioning } from './static-positioning.ts';

positioningContract('positioning service + three operator simulators', async (scenario) => {
  const simulators = await Promise.all(
    ['telenor', 'telia', 'ice'].map((operator) =>
      startLocationSimulator({
        port: 0,
        operator,
        latencyMs: { mean: scenario.latencyMs, jitter: 0 },
        failureRate: 0,
        unknownRate: 0,
        municipalities: CONTRACT_MUNICIPALITIES,
        overrides: scenario.positions,
      }),
    ),
  );
  const service = createPositioningService({
    operators: simulators.map((s, i) => ({ name: ['telenor', 'telia', 'ice'][i] ?? 'x', baseUrl: s.url })),
    deadlineMs: scenario.deadlineMs,
    knownMunicipalities: new Set(CONTRACT_MUNICIPALITIES.map((m) => m.number)),
  });
  return {
    port: service,
    close: async () => {
      await service.close();
      await Promise.all(simulators.map((s) => s.close()));
    },
  };
});

positioningContract('static in-memory positioning', async (scenario) => ({
  port: createStaticPositioning(scenario.positions, {
    latencyMs: scenario.latencyMs,
    deadlineMs: scenario.deadlineMs,
  }),
  close: async () => undefined,
}));
