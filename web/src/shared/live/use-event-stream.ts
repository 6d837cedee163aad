/**
 * The web's one way to hear about changes as they happen: GET /api/v1/events (Server-Sent Events,
 * decision 0004). It resumes after a dropped connection with the last event id it saw (the server
 * replays the missed events from its outbox: none lost, none twice), reconnects with a growing
 * delay (1 s … 30 s) and stops on 401 (the session is gone; the sign-in handler takes over).
 *
 * Transport: fetch with a streamed body, authenticated by the web's session cookie (decision 0007;
 * a GET needs no CSRF token). Frames are parsed by the same code the server's tests and benchmark
 * use (src/platform/events/sse-client.ts: fetch only, no Node), which also sends a bearer token for
 * integrations.
 */
import { useEffect, useRef, useState } from 'react';
import { openEventStream } from '../../../../src/platform/events/sse-client.ts';
import { hasSession } from '../api/client.ts';

export interface LiveEvent {
  position: number;
  type: string;
  scope: { kind: 'national' | 'amk' | 'centre' | 'unit'; id: string | null };
  at: string;
  payload: unknown;
}

export interface EventStreamOptions {
  /** Only these event types reach `onEvent` (default: every type the user may see). */
  types?: readonly string[];
  onEvent: (e: LiveEvent) => void;
  /** The server could not replay everything missed (retention): reload what the page shows. */
  onReset?: () => void;
  /**
   * The stream is open (first time or again). A page that loaded its data before the first
   * connection reloads here: a change committed in between is otherwise in neither.
   */
  onConnect?: () => void;
  enabled?: boolean;
}

const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/** Subscribes while mounted; `connected` says whether the stream is open right now. */
export function useEventStream(opts: EventStreamOptions): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const latest = useRef(opts);
  latest.current = opts;
  const enabled = opts.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let lastEventId: string | null = null;
    let close: (() => void) | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let delay = MIN_DELAY_MS;
    const connect = async (): Promise<void> => {
      if (stopped || !hasSession()) return;
      const conn = openEventStream({
        url: '/api/v1/events',
        lastEventId,
        onMessage: (m) => {
          if (m.event === 'reset') {
            latest.current.onReset?.();
            return;
          }
          if (m.event !== 'message') return;
          const e = JSON.parse(m.data) as LiveEvent;
          const { types, onEvent } = latest.current;
          if (!types || types.includes(e.type)) onEvent(e);
        },
      });
      close = () => conn.close();
      const status = await conn.opened;
      if (status === 200) {
        setConnected(true);
        delay = MIN_DELAY_MS;
        if (lastEventId === null) latest.current.onConnect?.();
      }
      await conn.ended;
      lastEventId = conn.lastEventId ?? lastEventId;
      setConnected(false);
      if (stopped || status === 401 || status === 403) return;
      timer = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    };
    void connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      close?.();
    };
  }, [enabled]);
  return { connected };
}

/**
 * Calls `reload` when an event of one of `types` arrives (and `accept` takes it, e.g. it names the
 * centre on screen), when the stream was reset, and once the stream first opens (covering changes
 * between the page's load and the subscription) — at most once per `waitMs`: a burst of changes
 * costs one reload.
 */
export function useLiveReload(
  types: readonly string[],
  reload: () => void,
  waitMs = 300,
  accept?: (e: LiveEvent) => boolean,
): { connected: boolean } {
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const acceptRef = useRef(accept);
  acceptRef.current = accept;
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  const schedule = (): void => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      reloadRef.current();
    }, waitMs);
  };
  const onEvent = (e: LiveEvent): void => {
    if (!acceptRef.current || acceptRef.current(e)) schedule();
  };
  return useEventStream({ types, onEvent, onReset: schedule, onConnect: schedule });
}
