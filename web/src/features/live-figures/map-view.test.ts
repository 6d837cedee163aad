import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAP_ATTRIBUTION, shapesOf } from '../../../../src/routing/map/municipality-map.ts';
import { DEFAULT_SHAPE_OPTIONS } from '../../../../src/routing/map/shape-codec.ts';
import type { MunicipalityMapBody } from './api.ts';
import { projectMunicipalities, shapesByCentre } from './map-view.ts';

const file = fileURLToPath(new URL('../../../../data/reference/kommuner_2024.geojson', import.meta.url));
const shapes = shapesOf(JSON.parse(readFileSync(file, 'utf8')), DEFAULT_SHAPE_OPTIONS);
const body: MunicipalityMapBody = {
  dataVersion: 1,
  quantum: DEFAULT_SHAPE_OPTIONS.quantum,
  attribution: MAP_ATTRIBUTION,
  municipalities: [...shapes].map(([number, s]) => ({
    number,
    name: s.name,
    centreId: number === '0301' ? 'lv-oslo' : number === '5501' ? 'lv-tromso' : null,
    polygons: s.polygons,
  })),
};

/** The bounding box of an SVG path's coordinates. */
function box(d: string) {
  const nums = (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  const xs = nums.filter((_, i) => i % 2 === 0);
  const ys = nums.filter((_, i) => i % 2 === 1);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
}

describe('the national map projected (d3-geo, transverse Mercator on 15° E)', () => {
  const map = projectMunicipalities(body, 600);

  it('draws all 357 municipalities inside the map, Norway taller than wide', () => {
    expect(map.shapes).toHaveLength(357);
    expect(map.width).toBe(600);
    expect(map.height).toBeGreaterThan(600);
    expect(map.height).toBeLessThan(1000);
    for (const s of map.shapes) {
      expect(s.d, s.number).toMatch(/^M/);
      const b = box(s.d);
      expect(b.x0, s.number).toBeGreaterThanOrEqual(0);
      expect(b.x1, s.number).toBeLessThanOrEqual(map.width);
      expect(b.y0, s.number).toBeGreaterThanOrEqual(0);
      expect(b.y1, s.number).toBeLessThanOrEqual(map.height);
    }
  });

  it('north up: Oslo south of Tromsø, and east of Bergen', () => {
    const at = (nr: string) => box(map.shapes.find((s) => s.number === nr)!.d);
    expect(at('0301').y0).toBeGreaterThan(at('5501').y1);
    expect(at('0301').x0).toBeGreaterThan(at('4601').x1);
    // A municipality is small: never the whole map (the winding d3 needs).
    expect(at('0301').x1 - at('0301').x0).toBeLessThan(20);
  });

  it('groups the shapes by their centre', () => {
    const groups = shapesByCentre(map.shapes);
    expect(groups.get('lv-oslo')!.map((s) => s.number)).toEqual(['0301']);
    expect(groups.get(null)).toHaveLength(355);
  });
});
