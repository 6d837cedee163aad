/**
 * The report directory from the routing data in force: centre, AMK and municipality names, each
 * centre's AMK area and who serves a municipality. Without routing (or before its data is loaded)
 * it knows no names and refuses no subject: access then rests on the scopes alone.
 */
import type { RoutingRuntime } from '../../routing/runtime.ts';
import type { ReportDirectory } from './routes.ts';

export function routingDirectory(runtime: RoutingRuntime | undefined): ReportDirectory {
  const snapshot = () => (runtime?.hasData() ? runtime.current() : undefined);
  const amk = (id: string) => snapshot()?.data.amkCentres.find((a) => a.id === id);
  return {
    centre: (id) => snapshot()?.compiled.centreById.get(id)?.centre.name ?? amk(id)?.name,
    municipality: (nr) => snapshot()?.compiled.municipalityByNumber.get(nr)?.name,
    county: (nr) => snapshot()?.compiled.countyByNumber.get(nr)?.name,
    knows(subject, id) {
      const s = snapshot();
      if (!s) return true;
      switch (subject) {
        case 'municipality':
          return s.compiled.municipalityByNumber.has(id);
        case 'county':
          return s.compiled.countyByNumber.has(id);
        case 'amk-area':
          return amk(id) !== undefined;
        case 'centre':
          return s.compiled.centreById.has(id) || amk(id) !== undefined;
      }
    },
    amkOf(centreId) {
      if (amk(centreId)) return centreId;
      return snapshot()?.compiled.centreById.get(centreId)?.centre.amkId ?? null;
    },
    centresServing(municipality) {
      const c = snapshot()?.compiled.centreByMunicipality.get(municipality);
      return c ? [c.centre.id] : [];
    },
  };
}
