/** Every step the engine and the menu record has its English text (trace-text.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRACE_STEPS, traceDetail } from './trace-text.ts';

describe('trace text', () => {
  it('has a text for every step code in the engine and the menu', () => {
    const source = ['engine.ts', 'menu.ts']
      .map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'))
      .join('\n');
    const steps = [
      ...new Set(
        [...source.matchAll(/step: (?:ported\.geo \? )?'([a-z-]+)'(?: : '([a-z-]+)')?/g)].flatMap(
          (m) => [m[1]!, m[2]].filter(Boolean) as string[],
        ),
      ),
    ];
    expect(steps.length).toBeGreaterThan(30);
    expect(steps.filter((s) => !TRACE_STEPS.includes(s))).toEqual([]);
  });

  it('renders the values it was given, and a hidden number as such', () => {
    expect(traceDetail({ step: 'call', params: { network: 'fixed', number: '' } })).toBe(
      'fixed call from a hidden number to 116117',
    );
    expect(
      traceDetail({ step: 'schedule', params: { centre: 'A', weekday: 3, time: '23:00', partner: 'B' } }),
    ).toBe('A is not staffed Wednesday 23:00 (Europe/Oslo); calls go to partner B');
  });
});
