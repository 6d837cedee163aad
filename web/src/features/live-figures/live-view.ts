/**
 * The wall-board's and the map's pure view rules (issue 11): how a share reads against its
 * requirement (met, near, not met — said in words, never by colour alone), which centres a board
 * shows, the longest wait carried on by the server's clock, when the figures are stale. No React,
 * no I/O (live-view.test.ts).
 */
import type { ScopeRef } from '../../shared/auth.tsx';
import { centresFor } from '../control-room/queue-view.ts';
import type { NationalCentre } from './api.ts';

export type TargetLevel = 'met' | 'near' | 'not-met' | 'none';

/** Within this of the requirement (5 percentage points: 75–80 % for LV-4) the share is "near". */
export const NEAR_MARGIN = 0.05;

/** The share against the requirement: met, near (within NEAR_MARGIN below), not met; none without calls. */
export function targetLevel(share: number | null, required: number): TargetLevel {
  if (share === null) return 'none';
  if (share >= required) return 'met';
  // A hair's breadth of float error must not turn 75 % into "not met".
  if (share >= required - NEAR_MARGIN - 1e-9) return 'near';
  return 'not-met';
}

/** Legevaktsentraler first, then AMK centres, each by name (as Norwegians sort: æ, ø, å last). */
export function sortCentres<C extends Pick<NationalCentre, 'service' | 'name'>>(centres: readonly C[]): C[] {
  return [...centres].sort(
    (a, b) =>
      (a.service === 'amk' ? 1 : 0) - (b.service === 'amk' ? 1 : 0) || a.name.localeCompare(b.name, 'nb'),
  );
}

/**
 * The centres a wall-board shows: `?centre=all` every centre; `?centre=a,b` those (unknown ids
 * left out); otherwise the centres of the reader's own scopes for the live figures (a national
 * scope: all) — the calls policy's rule, as the control room's centre choice applies it.
 */
export function centresOnBoard(
  all: readonly NationalCentre[],
  scopes: readonly ScopeRef[],
  param: string | null,
): NationalCentre[] {
  let chosen: NationalCentre[];
  if (param === 'all') chosen = [...all];
  else if (param) {
    const ids = new Set(param.split(',').map((s) => s.trim()));
    chosen = all.filter((c) => ids.has(c.centreId));
  } else {
    const own = new Set(
      centresFor(
        scopes,
        all
          .filter((c) => c.service === 'legevakt')
          .map((c) => ({ id: c.centreId, name: c.name, amkId: c.amkId ?? '' })),
        all.filter((c) => c.service === 'amk').map((c) => ({ id: c.centreId, name: c.name })),
      ).map((c) => c.id),
    );
    chosen = all.filter((c) => own.has(c.centreId));
  }
  return sortCentres(chosen);
}

/**
 * The longest wait now: as read, carried on by the server's clock (`offsetMs` = the read's `at`
 * minus the local clock when it arrived). Null when no call waits.
 */
export function longestWaitNow(
  longestWaitMs: number | null,
  readAt: string,
  offsetMs: number,
  localNowMs: number,
): number | null {
  if (longestWaitMs === null) return null;
  return Math.max(0, longestWaitMs + (localNowMs + offsetMs - Date.parse(readAt)));
}

/**
 * Since when the figures on screen are not current, or null when they are: the last read failed
 * (the database is away, the server restarts) or the live connection is down. Then the screen
 * keeps the last figures and says from when they are (their `at`).
 */
export function staleSince(
  readAt: string | null,
  lastReadFailed: boolean,
  connected: boolean,
): string | null {
  if (readAt === null) return null;
  return lastReadFailed || !connected ? readAt : null;
}
