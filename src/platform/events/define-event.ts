/**
 * The typed registry of domain events. Each context declares its own events next to the code that
 * owns them (`routing/events.ts`, `readiness/events.ts`), never in a central list:
 *
 * ```ts
 * export const rerouteCreated = defineEvent({
 *   type: 'routing.reroute.created',
 *   scope: (p) => ({ kind: 'centre', id: p.fromCentreId }),
 *   payload: z.object({ id: z.string(), fromCentreId: z.string(), … }),
 * });
 * await recordChange(tx, actor, { audit: {…}, event: rerouteCreated.of({ … }) });
 * bus.subscribe({ types: [rerouteCreated.type], handler: (e) => rerouteCreated.payloadOf(e) … });
 * ```
 *
 * The scope (national, an AMK area, a centre or a unit) is computed from the payload when the event
 * is written and stored beside it, so push filtering (`canSee`) never has to parse payloads.
 */
import type { ZodType } from 'zod';

export const SCOPE_KINDS = ['national', 'amk', 'centre', 'unit'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** Where an event belongs: the whole country, an AMK area, a centre or a unit (id null for national). */
export interface EventScope {
  kind: ScopeKind;
  id: string | null;
}

export const NATIONAL: EventScope = { kind: 'national', id: null };

/** An event ready to be written by `recordChange` (validated, scope computed). */
export interface PendingEvent<P = unknown> {
  type: string;
  scope: EventScope;
  payload: P;
}

/** An event as stored in the outbox and delivered by the bus and over SSE. */
export interface StoredEvent<P = unknown> {
  /** Outbox position: increasing, unique, with gaps; the SSE `id:`. */
  position: number;
  type: string;
  scope: EventScope;
  payload: P;
  actor: { type: string; id: string | null; name: string | null };
  /** When it was written (ISO). */
  at: string;
}

/**
 * Who is told of an event over the push (`canSee`): by default the members whose scope is the
 * event's (`scope`); `every-member` for operational state that every signed-in caller may read
 * anyway and that carries no personal data — a centre's routing status — so that a screen at one
 * centre (the wall-board, the map) learns of another centre's change at once.
 */
export type EventAudience = 'scope' | 'every-member';

export interface EventDefinition<P> {
  readonly type: string;
  readonly audience: EventAudience;
  readonly schema: ZodType<P>;
  scopeOf(payload: P): EventScope;
  /** Validates the payload (throws on a programming error) and computes its scope. */
  of(payload: P): PendingEvent<P>;
  /** Whether a stored event is of this type (narrows its payload). */
  is(e: StoredEvent): e is StoredEvent<P>;
}

const registry = new Map<string, EventDefinition<unknown>>();

/** Declares a domain event type. Types are unique across the system: `context.entity.verb`. */
export function defineEvent<P>(def: {
  type: string;
  scope: (payload: P) => EventScope;
  payload: ZodType<P>;
  audience?: EventAudience;
}): EventDefinition<P> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/.test(def.type)) {
    throw new Error(`Event type ${def.type} must look like context.entity.verb (lower case)`);
  }
  if (registry.has(def.type)) throw new Error(`The event type ${def.type} is declared twice`);
  const definition: EventDefinition<P> = {
    type: def.type,
    audience: def.audience ?? 'scope',
    schema: def.payload,
    scopeOf: def.scope,
    of(payload) {
      const parsed = def.payload.parse(payload);
      return { type: def.type, scope: def.scope(parsed), payload: parsed };
    },
    is: (e): e is StoredEvent<P> => e.type === def.type,
  };
  registry.set(def.type, definition);
  return definition;
}

/** Who is told of events of a type (`scope` for a type not declared in this process). */
export function audienceOf(type: string): EventAudience {
  return registry.get(type)?.audience ?? 'scope';
}

/** Every declared event type (documentation, tests). */
export function eventTypes(): string[] {
  return [...registry.keys()].sort();
}
