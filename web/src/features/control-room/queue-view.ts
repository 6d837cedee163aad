/**
 * The control room's pure view rules: how long a call has waited (on the server's clock), when a
 * wait is close to or past the answer-time limit, how the queue's selection moves, how shares
 * read, and which centres the signed-in user may work at. No React, no I/O (queue-view.test.ts).
 */
import type { ScopeRef } from '../../shared/auth.tsx';
import type { Lang } from '../../shared/i18n/i18n.tsx';
import type { QueueCall } from './api.ts';

export type WaitLevel = 'normal' | 'warning' | 'danger';
export type Service = 'legevakt' | 'amk';

/**
 * How long before the limit a wait turns to a warning: 90 s of the legevakt's 2 minutes (LV-4),
 * 8 s of AMK's 10 seconds (AMK-1). The limit itself comes from the server (`thresholdMs`).
 */
export const WARNING_BEFORE_LIMIT_MS: Record<Service, number> = { legevakt: 30_000, amk: 2_000 };

/** The instant a call's wait runs from: its first ringing at the operators, else its arrival. */
export function waitStart(call: Pick<QueueCall, 'ringingAt' | 'startedAt'>): number {
  return Date.parse(call.ringingAt ?? call.startedAt);
}

/** The call's wait at `serverNowMs` (the server's clock), never negative. */
export function waitMs(call: Pick<QueueCall, 'ringingAt' | 'startedAt'>, serverNowMs: number): number {
  return Math.max(0, serverNowMs - waitStart(call));
}

/** Warning from `limit − WARNING_BEFORE_LIMIT_MS`, danger from the limit on. */
export function waitLevel(ms: number, service: Service, limitMs: number): WaitLevel {
  if (ms >= limitMs) return 'danger';
  if (ms >= limitMs - WARNING_BEFORE_LIMIT_MS[service]) return 'warning';
  return 'normal';
}

const two = (n: number) => String(n).padStart(2, '0');

/** A wait as a clock reads it: `0:07`, `2:05`, `1:02:09`. */
export function formatWait(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** A share 0–1 as a percentage with `digits` decimals: `82,5 %` (nb), `82.5%` (en); `–` for none. */
export function formatPercent(share: number | null, lang: Lang, digits = 1): string {
  if (share === null) return '–';
  const n = new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(share * 100);
  return lang === 'nb' ? `${n} %` : `${n}%`;
}

/** The selection after moving `delta` rows in a queue of `length` (kept within it; -1 when empty). */
export function moveSelection(index: number, delta: number, length: number): number {
  if (length === 0) return -1;
  return Math.min(length - 1, Math.max(0, index + delta));
}

/**
 * The row to select after the queue was read again: the same call where it is now, else the
 * row at the same place (the call above moved up), else the first.
 */
export function reselect(previousId: string | null, previousIndex: number, ids: readonly string[]): number {
  if (ids.length === 0) return -1;
  const same = previousId === null ? -1 : ids.indexOf(previousId);
  if (same >= 0) return same;
  return Math.min(Math.max(previousIndex, 0), ids.length - 1);
}

export interface CentreOption {
  id: string;
  name: string;
  service: Service;
}

/**
 * The centres a user may work at, from the scopes of their `calls.answer` capability: a
 * national scope covers every centre, a centre scope that centre, an AMK area its AMK centre and
 * the legevaktsentraler in it (the calls policy's rule). Sorted by name.
 */
export function centresFor(
  scopes: readonly ScopeRef[],
  legevakt: readonly { id: string; name: string; amkId: string }[],
  amk: readonly { id: string; name: string }[],
): CentreOption[] {
  const all: (CentreOption & { amkId: string })[] = [
    ...legevakt.map((c) => ({ id: c.id, name: c.name, service: 'legevakt' as const, amkId: c.amkId })),
    ...amk.map((a) => ({ id: a.id, name: a.name, service: 'amk' as const, amkId: a.id })),
  ];
  const covered = all.filter((c) =>
    scopes.some(
      (s) =>
        s.level === 'national' ||
        (s.level === 'centre' && s.id === c.id) ||
        (s.level === 'area' && s.id === c.amkId),
    ),
  );
  return covered
    .map(({ id, name, service }) => ({ id, name, service }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}

/**
 * The rows of a new read, each the previous read's object where that call is unchanged — so a
 * re-read after a push re-renders only the calls that changed (the rows are memoised by object).
 */
export function keepSame<T extends { id: string }>(previous: readonly T[], next: readonly T[]): T[] {
  if (previous.length === 0) return [...next];
  const before = new Map(previous.map((p) => [p.id, p]));
  return next.map((n) => {
    const p = before.get(n.id);
    return p && JSON.stringify(p) === JSON.stringify(n) ? p : n;
  });
}
