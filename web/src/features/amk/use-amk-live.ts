/**
 * The AMK picture kept current (issue 14): the resources and the safety alarms, read on open and
 * when the event stream (re)connects, and changed by one event stream for the page:
 *
 * - `amk.positions.recorded` moves units in place (picture-view.ts) and `amk.resource.changed`
 *   changes a status in place; both only mark the picture changed, and the picture is handed to
 *   React at most every FLUSH_MS — a few hundred units reporting every few seconds cost a few
 *   renders a second, each redrawing only the markers that moved (the map's markers are memoised).
 * - a unit registered or changed re-reads the list; so does `amk.neighbour-unit.changed` (a
 *   neighbour's unit became available or unavailable to this AMK, or moved), a new routing data
 *   version (which may move municipalities: the map's boundaries are re-read too) and, every 30 s,
 *   the clock: the neighbours' positions are not pushed to this AMK, and must not grow old.
 * - `amk.safety-alarm.changed` re-reads the alarms at once and is announced (`onAlarm`).
 *
 * A failed read keeps the last picture: the page says since when it is not updated, and the next
 * push, tick or reconnection reads again. One read of each at a time (shared/live/single-flight.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useEventStream, type LiveEvent } from '../../shared/live/use-event-stream.ts';
import { singleFlight, type SingleFlight } from '../../shared/live/single-flight.ts';
import {
  amkApi,
  DATA_VERSION_ACTIVATED,
  NEIGHBOUR_UNIT_CHANGED,
  POSITIONS_RECORDED,
  RESOURCE_CHANGED,
  SAFETY_ALARM_CHANGED,
  type AlarmList,
  type PositionsRecordedPayload,
  type ResourceChangedPayload,
  type SafetyAlarmChangedPayload,
} from './api.ts';
import { mergeRead, withPositions, withResourceChange, type Picture } from './picture-view.ts';

/** Pushed changes reach the screen at most this often. */
export const FLUSH_MS = 250;
/** Re-read the list at least this often (the neighbours' positions are not pushed). */
export const TICK_MS = 30_000;

const TYPES = [
  RESOURCE_CHANGED,
  POSITIONS_RECORDED,
  SAFETY_ALARM_CHANGED,
  NEIGHBOUR_UNIT_CHANGED,
  DATA_VERSION_ACTIVATED,
];

export interface AmkLive {
  picture: Picture | null;
  /** When the last read of the resources succeeded (ISO), and the error of the last one, if it failed. */
  readAt: string | null;
  error: unknown;
  alarms: AlarmList | null;
  alarmsError: unknown;
  reloadAlarms: () => void;
  reloadResources: () => void;
  connected: boolean;
  /** Bumped by a new routing data version: the map's boundaries are re-read. */
  dataVersionSeen: number;
}

export function useAmkLive(onAlarm: (payload: SafetyAlarmChangedPayload) => void): AmkLive {
  const [picture, setPicture] = useState<Picture | null>(null);
  const [readState, setReadState] = useState<{ readAt: string | null; error: unknown }>({
    readAt: null,
    error: null,
  });
  const [alarmState, setAlarmState] = useState<{ alarms: AlarmList | null; error: unknown }>({
    alarms: null,
    error: null,
  });
  const [dataVersionSeen, setDataVersionSeen] = useState(0);
  const current = useRef<Picture | null>(null);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  const flush = useCallback(() => {
    if (flushTimer.current) return;
    flushTimer.current = setTimeout(() => {
      flushTimer.current = null;
      if (alive.current) setPicture(current.current);
    }, FLUSH_MS);
  }, []);

  const resources = useRef<SingleFlight | null>(null);
  const alarms = useRef<SingleFlight | null>(null);
  const reloadResources = useCallback(() => void resources.current?.run(), []);
  const reloadAlarms = useCallback(() => void alarms.current?.run(), []);

  useEffect(() => {
    alive.current = true;
    const r = singleFlight(async () => {
      try {
        const list = await amkApi.resources();
        if (!alive.current) return;
        current.current = mergeRead(current.current, list, Date.now());
        setPicture(current.current);
        setReadState({ readAt: new Date().toISOString(), error: null });
      } catch (error) {
        if (alive.current) setReadState((s) => ({ ...s, error }));
      }
    });
    const a = singleFlight(async () => {
      try {
        const list = await amkApi.alarms();
        if (alive.current) setAlarmState({ alarms: list, error: null });
      } catch (error) {
        if (alive.current) setAlarmState((s) => ({ ...s, error }));
      }
    });
    resources.current = r;
    alarms.current = a;
    void r.run();
    void a.run();
    const timer = setInterval(() => void r.run(), TICK_MS);
    return () => {
      alive.current = false;
      clearInterval(timer);
      if (flushTimer.current) clearTimeout(flushTimer.current);
      flushTimer.current = null;
      r.stop();
      a.stop();
    };
  }, []);

  const onAlarmRef = useRef(onAlarm);
  onAlarmRef.current = onAlarm;
  const onEvent = (e: LiveEvent) => {
    switch (e.type) {
      case POSITIONS_RECORDED: {
        if (!current.current) return; // the first read covers it
        const next = withPositions(current.current, e.payload as PositionsRecordedPayload, Date.now());
        if (next !== current.current) {
          current.current = next;
          flush();
        }
        return;
      }
      case RESOURCE_CHANGED: {
        if (!current.current) return;
        const r = withResourceChange(current.current, e.payload as ResourceChangedPayload, e.at);
        if (r.picture !== current.current) {
          current.current = r.picture;
          flush();
        }
        if (r.reload) reloadResources();
        return;
      }
      case SAFETY_ALARM_CHANGED:
        reloadAlarms();
        onAlarmRef.current(e.payload as SafetyAlarmChangedPayload);
        return;
      case NEIGHBOUR_UNIT_CHANGED:
        reloadResources(); // what a neighbour may see of it comes with the list
        return;
      case DATA_VERSION_ACTIVATED:
        setDataVersionSeen((n) => n + 1);
        reloadResources();
        return;
    }
  };
  const readAll = () => {
    reloadResources();
    reloadAlarms();
  };
  const { connected } = useEventStream({ types: TYPES, onEvent, onConnect: readAll, onReset: readAll });

  return {
    picture,
    readAt: readState.readAt,
    error: readState.error,
    alarms: alarmState.alarms,
    alarmsError: alarmState.error,
    reloadAlarms,
    reloadResources,
    connected,
    dataVersionSeen,
  };
}
