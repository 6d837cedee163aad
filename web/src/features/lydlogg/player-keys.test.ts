import { describe, expect, it } from 'vitest';
import { clockOf, playerKeyAction } from './player-keys.ts';

describe('recording player keys (issue 12)', () => {
  it('space toggles; arrows jump 5 s within the recording; other keys do nothing', () => {
    expect(playerKeyAction(' ', 10, 60)).toEqual({ kind: 'toggle' });
    expect(playerKeyAction('ArrowRight', 10, 60)).toEqual({ kind: 'seek', to: 15 });
    expect(playerKeyAction('ArrowLeft', 10, 60)).toEqual({ kind: 'seek', to: 5 });
    expect(playerKeyAction('ArrowLeft', 3, 60)).toEqual({ kind: 'seek', to: 0 });
    expect(playerKeyAction('ArrowRight', 58, 60)).toEqual({ kind: 'seek', to: 60 });
    expect(playerKeyAction('End', 1, 60)).toEqual({ kind: 'seek', to: 60 });
    expect(playerKeyAction('a', 1, 60)).toBeNull();
  });
  it('shows times as m:ss or h:mm:ss', () => {
    expect(clockOf(0)).toBe('0:00');
    expect(clockOf(65.9)).toBe('1:05');
    expect(clockOf(3725)).toBe('1:02:05');
    expect(clockOf(Number.NaN)).toBe('0:00');
  });
});
