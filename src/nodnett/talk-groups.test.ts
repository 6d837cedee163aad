/**
 * Faults of the talk-group use cases (NN-2, NN-3): the database fails after the network acted —
 * the change is logged, a created group is released again (compensation), a connected conference
 * is ended, and the caller gets 503 `nodnett.not-recorded`. Configured off: 503 `nodnett.off`.
 */
import { describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import type { Db } from '../platform/db/types.ts';
import { AppError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { SimClock } from '../platform/time/clock.ts';
import { FIRST_ISSI, createSimulatedNodnett } from './simulator/simulated-nodnett.ts';
import {
  attachMembers,
  createIncidentGroup,
  readFleetMap,
  startConference,
  type TalkGroupDeps,
} from './talk-groups.ts';

const brokenDb = {
  transaction: () => Promise.reject(new Error('database down')),
} as unknown as Db;

function setup(db: Db = brokenDb) {
  const port = createSimulatedNodnett({ seed: 1, terminals: 4, clock: new SimClock({ start: 0 }) });
  const error = vi.fn();
  const deps: TalkGroupDeps = {
    port,
    db,
    logger: { error } as unknown as Logger,
    clock: new SimClock({ start: 0 }),
  };
  return { port, deps, error };
}

async function refusalOf(p: Promise<unknown>): Promise<AppError> {
  const e: unknown = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe('talk groups when the record cannot be written (NN-2, NN-3)', () => {
  it('NN-2: a created group is released again, logged, and the caller told 503 not-recorded', async () => {
    const { port, deps, error } = setup();
    const before = await port.fleetMap();
    const e = await refusalOf(
      createIncidentGroup(deps, SYSTEM_ACTOR, { name: 'x', agencies: ['fire'], amkId: 'amk-oslo' }),
    );
    expect(e.status).toBe(503);
    expect(e.toProblem().detailCode).toBe('nodnett.not-recorded');
    expect(error).toHaveBeenCalledOnce();
    const after = await port.fleetMap();
    expect(after.ok && before.ok && after.groups.length).toBe(before.ok && before.groups.length);
  });

  it('NN-3: a connected conference is ended again when it cannot be recorded', async () => {
    const { deps } = setup();
    const e = await refusalOf(
      startConference(deps, SYSTEM_ACTOR, {
        amkId: 'amk-oslo',
        parties: [
          { kind: 'terminal', issi: FIRST_ISSI },
          { kind: 'phone', number: '+4722000000' },
        ],
      }),
    );
    expect(e.toProblem().detailCode).toBe('nodnett.not-recorded');
    // Not on the network (the simulator numbers conferences from 1); its row was in the failed transaction.
    expect(await deps.port!.endConference('sim-conf-1')).toEqual({ ok: false, reason: 'unknown-conference' });
  });

  it('an attach that cannot be recorded stands on the network, logged at error level, 503 to the caller', async () => {
    const okDb = { transaction: async () => 1 } as unknown as Db;
    const { deps, error } = setup(okDb);
    const group = await createIncidentGroup(deps, SYSTEM_ACTOR, {
      name: 'y',
      agencies: [],
      amkId: 'amk-oslo',
    });
    const broken = { ...deps, db: brokenDb };
    const e = await refusalOf(
      attachMembers(broken, SYSTEM_ACTOR, group.gssi, { terminals: [FIRST_ISSI], groups: [] }),
    );
    expect(e.toProblem().detailCode).toBe('nodnett.not-recorded');
    expect(error).toHaveBeenCalledOnce();
  });

  it('configured off: every use case answers 503 nodnett.off', async () => {
    const { deps } = setup();
    const e = await refusalOf(readFleetMap({ ...deps, port: null }, SYSTEM_ACTOR));
    expect(e.status).toBe(503);
    expect(e.toProblem().detailCode).toBe('nodnett.off');
  });
});
