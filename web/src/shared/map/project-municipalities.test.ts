import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAP_ATTRIBUTION, shapesOf } from '../../../../src/routing/map/municipality-map.ts';
import { DEFAULT_SHAPE_OPTIONS } from '../../../../src/routing/map/shape-codec.ts';
import { projectMunicipalities, type MunicipalityMapBody } from './project-municipalities.ts';

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
    // AMK Bergen's area in this test: Bergen, Askøy, Øygarden; Alver its neighbour.
    amkId: ['4601', '4627', '4626'].includes(number) ? 'amk-bergen' : number === '4631' ? 'amk-other' : null,
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
});

describe('an AMK area’s map: fitted to the area, the rest clipped (issue 14)', () => {
  const map = projectMunicipalities(body, {
    width: 600,
    maxHeight: 500,
    fitTo: (m) => m.amkId === 'amk-bergen',
    margin: 0.1,
  });
  const at = (nr: string) => map.shapes.find((s) => s.number === nr);

  it('fills the frame with the area, keeps the neighbours it shows, and leaves out what is far away', () => {
    const bergen = box(at('4601')!.d);
    // Bergen is a large part of a map fitted to three municipalities.
    expect(bergen.x1 - bergen.x0).toBeGreaterThan(100);
    expect(at('4631')).toBeDefined();
    expect(at('5501')).toBeUndefined(); // Tromsø: nowhere near
    expect(at('0301')).toBeUndefined();
    expect(map.height).toBeLessThanOrEqual(500);
    for (const s of map.shapes) {
      const b = box(s.d);
      expect(b.x0, s.number).toBeGreaterThanOrEqual(0);
      expect(b.x1, s.number).toBeLessThanOrEqual(map.width);
      expect(b.y0, s.number).toBeGreaterThanOrEqual(0);
      expect(b.y1, s.number).toBeLessThanOrEqual(map.height);
    }
  });

  it('leaves the margin round the area: no point of it within a tenth of the width from an edge', () => {
    for (const nr of ['4601', '4627', '4626']) {
      const b = box(at(nr)!.d);
      expect(b.x0, nr).toBeGreaterThanOrEqual(60);
      expect(b.x1, nr).toBeLessThanOrEqual(540);
      expect(b.y0, nr).toBeGreaterThanOrEqual(60);
    }
  });

  it('places a point in the same pixels as its municipality', () => {
    const p = map.project(5.3221, 60.3913)!; // Bergen sentrum
    const b = box(at('4601')!.d);
    expect(p[0]).toBeGreaterThan(b.x0);
    expect(p[0]).toBeLessThan(b.x1);
    expect(p[1]).toBeGreaterThan(b.y0);
    expect(p[1]).toBeLessThan(b.y1);
    // North up: Askøy's Kleppestø lies west and a little north of Bergen sentrum.
    const askoy = map.project(5.23, 60.41)!;
    expect(askoy[0]).toBeLessThan(p[0]);
    expect(askoy[1]).toBeLessThan(p[1]);
  });
});
