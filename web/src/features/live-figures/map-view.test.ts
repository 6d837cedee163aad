import { describe, expect, it } from 'vitest';
import type { MapShape } from '../../shared/map/project-municipalities.ts';
import { shapesByCentre } from './map-view.ts';

const shape = (number: string, centreId: string | null): MapShape => ({
  number,
  name: number,
  centreId,
  amkId: null,
  d: 'M0,0Z',
});

describe('the national map’s centres (issue 11)', () => {
  it('groups the shapes by their centre', () => {
    const groups = shapesByCentre([shape('0301', 'lv-oslo'), shape('1103', null), shape('5501', null)]);
    expect(groups.get('lv-oslo')!.map((s) => s.number)).toEqual(['0301']);
    expect(groups.get(null)).toHaveLength(2);
  });
});
