/**
 * Talk groups and conferences as the AMK operator uses them (NN-1, NN-2, NN-3): the fleet map as
 * the caller may see it, incident groups created, filled and released, conferences started and
 * ended — each change done on the network through the port, then audited and published as an
 * event in one transaction (recordChange).
 *
 * Order and faults: the network first — a radio action must not wait for the database — then the
 * record. If the network refuses or is unreachable nothing is recorded and the caller gets the
 * reason (404 / 422 / 503). If the database write fails after the network acted, the whole change
 * is logged at error level, a created group is released again (compensation), and the caller gets
 * 503 `nodnett.not-recorded`, so the operator knows the action may stand unaudited.
 */
import type { Actor } from '../platform/auth/actor.ts';
import type { Db } from '../platform/db/types.ts';
import { AppError, refusal } from '../platform/errors.ts';
import { recordChange } from '../platform/events/record-change.ts';
import type { Logger } from '../platform/logger.ts';
import type { Clock } from '../platform/time/clock.ts';
import type { Queryable } from '../platform/db/types.ts';
import {
  closeConference,
  findOpenConference,
  insertConference,
  listOpenConferences,
  type OpenConference,
} from './conference-store.ts';
import { conferenceChanged, talkGroupChanged } from './events.ts';
import { nodnettPolicy, type AmkResource } from './policy.ts';
import type {
  Agency,
  AttachResult,
  Conference,
  ConferenceParty,
  NodnettFailure,
  NodnettPort,
  Outcome,
  Ssi,
  TalkGroup,
} from './port.ts';

export interface TalkGroupDeps {
  /** The network, or null when the module is configured off. */
  port: NodnettPort | null;
  db: Db;
  logger: Logger;
  /** When conferences start and end (the open ones are rows: conference-store.ts). */
  clock: Pick<Clock, 'now'>;
}

function network(deps: TalkGroupDeps): NodnettPort {
  if (!deps.port)
    throw refusal('unavailable', 'Nødnett is not configured on this server', { code: 'nodnett.off' });
  return deps.port;
}

function failed(reason: NodnettFailure): AppError {
  switch (reason) {
    case 'network-unavailable':
      return refusal('unavailable', 'Nødnett cannot be reached now', { code: 'nodnett.network-unavailable' });
    case 'unknown-group':
      return refusal('not-found', 'The talk group was not found', { code: 'nodnett.unknown-group' });
    case 'not-an-incident-group':
      return refusal('unprocessable', 'Only incident talk groups take members or are released', {
        code: 'nodnett.not-an-incident-group',
      });
    case 'unknown-conference':
      return refusal('not-found', 'The conference was not found', { code: 'nodnett.unknown-conference' });
  }
}

function value<T>(o: Outcome<T>): T {
  if (!o.ok) throw failed(o.reason);
  return o;
}

async function record(
  deps: TalkGroupDeps,
  actor: Actor,
  change: Parameters<typeof recordChange>[2],
  compensate?: () => Promise<unknown>,
  /** More to write in the same transaction (the conference's row). */
  write?: (tx: Queryable) => Promise<unknown>,
): Promise<void> {
  try {
    await deps.db.transaction(async (tx) => {
      await write?.(tx);
      await recordChange(tx, actor, change);
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    deps.logger.error({ err: e, change: change.audit }, 'nodnett: done on the network but not recorded');
    if (compensate) await compensate().catch(() => undefined);
    throw refusal(
      'unavailable',
      compensate
        ? 'The change could not be recorded and was undone'
        : 'Done on the network, but the record could not be written',
      { code: 'nodnett.not-recorded' },
    );
  }
}

/** The fleet map as the actor may read it: national and regional groups, and its own AMKs' local and incident groups. */
export async function readFleetMap(deps: TalkGroupDeps, actor: Actor): Promise<TalkGroup[]> {
  const { groups } = value(await network(deps).fleetMap());
  return groups.filter((g) => nodnettPolicy.can(actor, 'nodnett.read', { amkId: amkOf(g) }));
}

/** The AMK a group belongs to: the area of local and incident groups (regional groups belong to a health region, not an AMK). */
export function amkOf(g: TalkGroup): string | null {
  return g.level === 'local' || g.level === 'incident' ? g.area : null;
}

/** The resource of a talk group by GSSI, for the router's scope check (unknown → its own 404). */
export async function groupResource(deps: TalkGroupDeps, gssi: Ssi): Promise<AmkResource> {
  const { groups } = value(await network(deps).fleetMap());
  const g = groups.find((x) => x.gssi === gssi);
  if (!g) throw failed('unknown-group');
  return { amkId: amkOf(g) };
}

export async function createIncidentGroup(
  deps: TalkGroupDeps,
  actor: Actor,
  input: { name: string; agencies: Agency[]; amkId: string },
): Promise<TalkGroup> {
  const port = network(deps);
  const agencies = [...new Set<Agency>(['health', ...input.agencies])];
  const { group } = value(await port.createIncidentGroup({ name: input.name, agencies, area: input.amkId }));
  await record(
    deps,
    actor,
    {
      audit: {
        action: 'nodnett.incident-group.created',
        entityType: 'talk-group',
        entityId: String(group.gssi),
        centreId: input.amkId,
        details: { name: group.name, agencies: group.agencies },
      },
      event: talkGroupChanged.of({ gssi: group.gssi, amkId: input.amkId, change: 'created' }),
    },
    () => port.releaseIncidentGroup(group.gssi),
  );
  return group;
}

export async function attachMembers(
  deps: TalkGroupDeps,
  actor: Actor,
  gssi: Ssi,
  members: { terminals: Ssi[]; groups: Ssi[] },
): Promise<AttachResult> {
  const { amkId } = await groupResource(deps, gssi);
  const result = value(await network(deps).attach(gssi, members));
  const outcomes = [...result.terminals, ...result.groups].map((m) => m.outcome);
  const attached = outcomes.filter((o) => o === 'attached').length;
  await record(deps, actor, {
    audit: {
      action: 'nodnett.incident-group.members-attached',
      entityType: 'talk-group',
      entityId: String(gssi),
      centreId: amkId,
      details: { terminals: result.terminals, groups: result.groups },
    },
    event: talkGroupChanged.of({
      gssi,
      amkId,
      change: 'members-attached',
      attached,
      refused: outcomes.length - attached,
    }),
  });
  return { terminals: result.terminals, groups: result.groups };
}

export async function releaseIncidentGroup(deps: TalkGroupDeps, actor: Actor, gssi: Ssi): Promise<void> {
  const { amkId } = await groupResource(deps, gssi);
  value(await network(deps).releaseIncidentGroup(gssi));
  await record(deps, actor, {
    audit: {
      action: 'nodnett.incident-group.released',
      entityType: 'talk-group',
      entityId: String(gssi),
      centreId: amkId,
      details: {},
    },
    event: talkGroupChanged.of({ gssi, amkId, change: 'released' }),
  });
}

/** Starts a conference for an AMK (NN-3); a failed one (fewer than two joined) is recorded too. */
export async function startConference(
  deps: TalkGroupDeps,
  actor: Actor,
  input: { amkId: string; parties: ConferenceParty[] },
): Promise<Conference> {
  const port = network(deps);
  const { conference } = value(await port.startConference(input.parties));
  const joined = conference.parties.filter((p) => p.outcome === 'joined').length;
  await record(
    deps,
    actor,
    {
      audit: {
        action: `nodnett.conference.${conference.status}`,
        entityType: 'conference',
        entityId: conference.id,
        centreId: input.amkId,
        // Who was called and how it went: numbers and ISSIs, no patient data.
        details: { parties: conference.parties },
      },
      event: conferenceChanged.of({
        conferenceId: conference.id,
        amkId: input.amkId,
        change: conference.status,
        joined,
      }),
    },
    conference.status === 'connected' ? () => port.endConference(conference.id) : undefined,
    conference.status === 'connected'
      ? (tx) =>
          insertConference(tx, {
            networkId: conference.id,
            amkId: input.amkId,
            parties: conference.parties,
            at: deps.clock.now(),
            by: actor.name,
          })
      : undefined,
  );
  return conference;
}

/** The resource of an open conference (unknown or ended → 404), from any instance. */
export async function conferenceResource(deps: TalkGroupDeps, id: string): Promise<AmkResource> {
  const open = await findOpenConference(deps.db, id);
  if (!open) throw failed('unknown-conference');
  return { amkId: open.amkId };
}

/** The open conferences the actor may read (its AMKs'; every one nationally), newest first. */
export async function listConferences(deps: TalkGroupDeps, actor: Actor): Promise<OpenConference[]> {
  network(deps);
  return (await listOpenConferences(deps.db)).filter((c) =>
    nodnettPolicy.can(actor, 'nodnett.read', { amkId: c.amkId }),
  );
}

/**
 * Ends an open conference. When the network no longer has the call (its parties hung up, or the
 * network side restarted), the row is closed all the same and the end recorded as the network's.
 */
export async function endConference(deps: TalkGroupDeps, actor: Actor, id: string): Promise<void> {
  const { amkId } = await conferenceResource(deps, id);
  const ended = await network(deps).endConference(id);
  if (!ended.ok && ended.reason !== 'unknown-conference') throw failed(ended.reason);
  const byNetwork = !ended.ok;
  await record(
    deps,
    actor,
    {
      audit: {
        action: 'nodnett.conference.ended',
        entityType: 'conference',
        entityId: id,
        centreId: amkId,
        details: byNetwork ? { alreadyEndedOnTheNetwork: true } : {},
      },
      event: conferenceChanged.of({ conferenceId: id, amkId, change: 'ended' }),
    },
    undefined,
    async (tx) => {
      // Another instance ended it meanwhile: its record stands, this one is not written.
      if (!(await closeConference(tx, id, deps.clock.now(), actor.name))) throw failed('unknown-conference');
    },
  );
}
