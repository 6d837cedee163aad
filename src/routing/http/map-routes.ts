/**
 * `GET /api/v1/routing/map/municipalities` (issue 11): the national map's municipality boundaries
 * (Kartverket, CC BY 4.0), compact, with the legevaktsentral serving each by the routing data in
 * force. Gzipped when the browser accepts it, revalidated by ETag (304): the boundaries are sent
 * again only when the routing data version changes.
 */
import { z } from 'zod';
import type { Route } from '../../platform/http/route.ts';
import { routingPolicy } from '../policy.ts';
import type { MunicipalityMap, MunicipalityMapBody } from '../map/municipality-map.ts';

export const municipalityMapResponse = z.object({
  dataVersion: z.number().int().nullable(),
  quantum: z.number(),
  attribution: z.object({
    holder: z.literal('Kartverket'),
    licence: z.literal('CC BY 4.0'),
    licenceUrl: z.literal('https://creativecommons.org/licenses/by/4.0/'),
    year: z.literal(2024),
  }),
  municipalities: z.array(
    z.object({
      number: z.string(),
      name: z.string(),
      centreId: z.string().nullable(),
      amkId: z.string().nullable(),
      polygons: z.array(z.array(z.array(z.number().int()))),
    }),
  ),
}) satisfies z.ZodType<MunicipalityMapBody>;

/** Whether an If-None-Match header names `etag` (weak comparison, as for a GET). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

export function registerMapHttp(route: Route, map: MunicipalityMap): void {
  route({
    method: 'GET',
    url: '/api/v1/routing/map/municipalities',
    summary: 'Municipality boundaries for the national map',
    description:
      'Every municipality’s boundary (Kartverket 2024, CC BY 4.0: credit it where the map is shown), simplified to ~0.5 km, on a 0.002° grid, each ring delta-encoded (`[x0, y0, dx1, dy1, …]` in units of `quantum` degrees, exterior clockwise), with the legevaktsentral that serves it by the routing data in force. Gzipped when accepted; revalidate with If-None-Match (304).',
    tags: ['routing'],
    auth: { policy: routingPolicy, action: 'routing.read' },
    response: municipalityMapResponse,
    handler: async ({ req, reply }) => {
      const rep = await map.current();
      void reply
        .header('etag', rep.etag)
        .header('cache-control', 'no-cache')
        .header('vary', 'accept-encoding');
      if (matchesEtag(req.headers['if-none-match'], rep.etag)) {
        void reply.code(304).send();
        return;
      }
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      void reply.type('application/json; charset=utf-8');
      if (gzip) void reply.header('content-encoding', 'gzip').send(rep.gzip);
      else void reply.send(rep.json);
    },
  });
}
