/**
 * Where a municipality belongs, from the routing data in force (LV-7): its name, the
 * legevaktsentral that serves it, that centre's partner outside its staffed hours and its AMK area
 * — the resource the policy decides on. A new data version moves a municipality to another centre
 * at once: access follows the data, nothing is copied.
 */
import type { RoutingRuntime } from '../routing/runtime.ts';
import type { MunicipalityResource } from './policy.ts';

export interface MunicipalityPlace extends MunicipalityResource {
  name: string;
  countyName: string | null;
  centreName: string | null;
}

export interface MunicipalityDirectory {
  /** The municipality by number, or undefined when the data in force does not know it. */
  place(number: string): MunicipalityPlace | undefined;
  /** Every municipality of the data in force, by name. */
  all(): MunicipalityPlace[];
  /** The policy's resource for a municipality (nothing covers an unknown one but national scopes). */
  resource(number: string): MunicipalityResource;
}

export function municipalityDirectory(runtime: RoutingRuntime): MunicipalityDirectory {
  let cached: {
    version: number;
    places: Map<string, MunicipalityPlace>;
    sorted: MunicipalityPlace[];
  } | null = null;
  const places = () => {
    if (!runtime.hasData()) return null;
    const s = runtime.current();
    if (cached?.version === s.version) return cached;
    const c = s.compiled;
    const map = new Map<string, MunicipalityPlace>();
    for (const m of s.data.municipalities) {
      const serving = c.centreByMunicipality.get(m.number);
      map.set(m.number, {
        municipality: m.number,
        name: m.name,
        countyName: c.countyByNumber.get(m.countyNumber)?.name ?? null,
        centreId: serving?.centre.id ?? null,
        centreName: serving?.centre.name ?? null,
        partnerCentreId: serving?.partnerId ?? null,
        amkId: serving?.centre.amkId ?? null,
      });
    }
    const sorted = [...map.values()].sort(
      (a, b) => a.name.localeCompare(b.name, 'nb') || a.municipality.localeCompare(b.municipality),
    );
    cached = { version: s.version, places: map, sorted };
    return cached;
  };
  return {
    place: (number) => places()?.places.get(number),
    all: () => places()?.sorted ?? [],
    resource(number) {
      const p = places()?.places.get(number);
      return p ?? { municipality: number, centreId: null, partnerCentreId: null, amkId: null };
    },
  };
}
