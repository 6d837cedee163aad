/**
 * Where the simulated centres' telephone systems report their call events: the `CallEventSink`
 * port. Implementations: in memory (tests), over HTTP to the integration API
 * (`POST /api/v1/calls/events` with `{ "events": CallEvent[] }`, the calls store's contract), and a
 * counting sink for a server that has no calls store mounted yet.
 */
import type { CallEvent } from '../domain/call-event.ts';
import type { IngestResult } from '../ingest/record-call-events.ts';
import type { ServerClient } from '../../platform/cli/server-client.ts';

export interface CallEventSink {
  /** Delivers a batch of events (in time order); rejects when the receiver refused or failed. */
  send(events: readonly CallEvent[]): Promise<void>;
}

export const CALL_EVENTS_PATH = '/api/v1/calls/events';

/** Keeps every event (tests, and what-if runs that want the raw events). */
export class MemoryCallEventSink implements CallEventSink {
  readonly events: CallEvent[] = [];
  readonly batches: number[] = [];
  send(events: readonly CallEvent[]): Promise<void> {
    for (const e of events) this.events.push(e); // a what-if run's batches may be large
    this.batches.push(events.length);
    return Promise.resolve();
  }
}

/** Counts and drops (a server without a calls store: the routing decisions are still live). */
export class CountingCallEventSink implements CallEventSink {
  sent = 0;
  send(events: readonly CallEvent[]): Promise<void> {
    this.sent += events.length;
    return Promise.resolve();
  }
}

/**
 * The calls module's in-process ingest (`CallsApi.record`): what the background traffic of a
 * running server uses. A refused event rejects with the first refusal's message.
 */
export class RecordingCallEventSink implements CallEventSink {
  constructor(private readonly record: (events: readonly CallEvent[]) => Promise<readonly IngestResult[]>) {}

  async send(events: readonly CallEvent[]): Promise<void> {
    const refusals = (await this.record(events)).filter((r) => r.outcome === 'refused');
    if (refusals.length > 0) {
      throw new Error(
        `${refusals.length} simulated event(s) refused: ${refusals[0]!.problem?.message ?? ''}`,
      );
    }
  }
}

export class CallEventSinkError extends Error {
  override name = 'CallEventSinkError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

/** Posts batches to the integration API of a running server (at most `maxBatch` events a request). */
export class HttpCallEventSink implements CallEventSink {
  constructor(
    private readonly server: Pick<ServerClient, 'request' | 'url'>,
    private readonly maxBatch = 500,
  ) {}

  async send(events: readonly CallEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += this.maxBatch) {
      const batch = events.slice(i, i + this.maxBatch);
      const r = await this.server.request('POST', CALL_EVENTS_PATH, { events: batch });
      if (r.status < 200 || r.status >= 300) {
        const title =
          (r.body as { title?: string; detail?: string } | undefined)?.detail ?? r.text.slice(0, 200);
        throw new CallEventSinkError(
          r.status,
          r.body,
          `${this.server.url}${CALL_EVENTS_PATH} answered ${r.status}: ${title}`,
        );
      }
    }
  }
}
