/**
 * PURE: what a key does in the recording player — space plays or pauses, the arrows jump 5 s back
 * or forward (Home/End to the start or the end) — and where a jump lands, inside the recording.
 */
export const JUMP_SECONDS = 5;

export type PlayerKeyAction = { kind: 'toggle' } | { kind: 'seek'; to: number } | null;

export function playerKeyAction(key: string, current: number, duration: number): PlayerKeyAction {
  const end = Number.isFinite(duration) && duration > 0 ? duration : current;
  const clamp = (t: number) => Math.min(Math.max(0, t), end);
  switch (key) {
    case ' ':
    case 'Spacebar':
      return { kind: 'toggle' };
    case 'ArrowLeft':
      return { kind: 'seek', to: clamp(current - JUMP_SECONDS) };
    case 'ArrowRight':
      return { kind: 'seek', to: clamp(current + JUMP_SECONDS) };
    case 'Home':
      return { kind: 'seek', to: 0 };
    case 'End':
      return { kind: 'seek', to: end };
    default:
      return null;
  }
}

/** m:ss (or h:mm:ss) of a time in seconds. */
export function clockOf(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
