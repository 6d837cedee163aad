/**
 * The national map's grouping (issue 11): the projected municipalities (shared/map) by the
 * legevaktsentral that serves them, one link per centre.
 */
import type { MapShape } from '../../shared/map/project-municipalities.ts';

/** The shapes by the centre that serves them (municipalities without a centre under null). */
export function shapesByCentre(shapes: readonly MapShape[]): Map<string | null, MapShape[]> {
  const out = new Map<string | null, MapShape[]>();
  for (const s of shapes) {
    const list = out.get(s.centreId) ?? [];
    list.push(s);
    out.set(s.centreId, list);
  }
  return out;
}
