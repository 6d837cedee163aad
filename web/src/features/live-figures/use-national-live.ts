/**
 * Every centre's live figures, kept current (issue 11): read on open, when the event stream
 * (re)connects, on each `calls.centres.changed` that names a centre on screen, on each routing
 * change (re-routes, availability, a new data version), and once every 30 s — the last hour moves
 * on and a centre opens or closes by its schedule without any event. One read at a time: a push
 * during a read asks for one more after it.
 *
 * A failed read (the database is away, the server restarts) keeps the last figures: the page
 * shows them with a "not updated since" note until a read succeeds again; the stream reconnects
 * by itself (use-event-stream.ts) and its reconnection triggers a read.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveReload, type LiveEvent } from '../../shared/live/use-event-stream.ts';
import { CENTRES_CHANGED, ROUTING_EVENTS, liveFiguresApi, type NationalServiceLevel } from './api.ts';

/** Re-read at least this often: the windows move and schedules open and close without events. */
export const TICK_MS = 30_000;

export interface NationalLive {
  data: NationalServiceLevel | null;
  /** The server's clock minus ours when the figures arrived. */
  offsetMs: number;
  /** The last read failed (its error); the figures are the last good ones. */
  error: unknown;
  connected: boolean;
}

const TYPES = [CENTRES_CHANGED, ...ROUTING_EVENTS];

/**
 * `shows(centreIds)` says whether a `calls.centres.changed` naming these centres concerns the
 * page; `waitMs` collects a burst of pushes into one read.
 */
export function useNationalLive(shows: (centreIds: string[]) => boolean, waitMs = 300): NationalLive {
  const [state, setState] = useState<Omit<NationalLive, 'connected'>>({
    data: null,
    offsetMs: 0,
    error: null,
  });
  const running = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);
  const read = useCallback(async () => {
    if (running.current) {
      again.current = true;
      return;
    }
    running.current = true;
    try {
      do {
        again.current = false;
        try {
          const data = await liveFiguresApi.national();
          if (alive.current) setState({ data, offsetMs: Date.parse(data.at) - Date.now(), error: null });
        } catch (error) {
          if (alive.current) setState((s) => ({ ...s, error }));
        }
      } while (again.current && alive.current);
    } finally {
      running.current = false;
    }
  }, []);
  useEffect(() => {
    alive.current = true;
    void read();
    const timer = setInterval(() => void read(), TICK_MS);
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [read]);
  const showsRef = useRef(shows);
  showsRef.current = shows;
  const accept = useCallback(
    (e: LiveEvent) =>
      e.type !== CENTRES_CHANGED || showsRef.current((e.payload as { centreIds: string[] }).centreIds),
    [],
  );
  const { connected } = useLiveReload(TYPES, () => void read(), waitMs, accept);
  return { ...state, connected };
}
