import { describe, expect, it } from 'vitest';
import { amkConfigSchema, parseNeighbours } from './config.ts';

describe('AMK configuration', () => {
  it('neighbours are symmetric', () => {
    const n = parseNeighbours('amk-a:amk-b,amk-c;amk-b:amk-d');
    expect(n.get('amk-a')).toEqual(['amk-b', 'amk-c']);
    expect(n.get('amk-b')).toEqual(['amk-a', 'amk-d']);
    expect(n.get('amk-c')).toEqual(['amk-a']);
  });

  it('the default national table: Bergen borders Førde, Fonna and Vestre Viken', () => {
    const c = amkConfigSchema.parse({});
    expect(c.neighbours.get('amk-bergen')).toEqual(['amk-fonna', 'amk-forde', 'amk-vestre-viken']);
    expect(c.escalation).toEqual({ toAllOperatorsAfterS: 30, toNeighboursAfterS: 60 });
  });
});
