/**
 * Types and calls of the routing API (/api/v1/routing): centres, municipalities, decisions,
 * re-routes (RT-7), availability (RT-11) and exports (RT-8, RT-9). The types come from the
 * API's zod response schemas (`src/routing/http/schema.ts`, type-only: nothing of them is
 * bundled); the value lists (NETWORKS) from the routing domain's plain-data module.
 */
import type { z } from 'zod';
import type * as S from '../../../../src/routing/http/schema.ts';
import type { Centre, RoutingMethod } from '../../../../src/routing/domain/types.ts';
import { api, apiAll, type Page } from '../../shared/api/client.ts';

export type { Centre, RoutingMethod };
export type DecisionRequest = z.input<typeof S.decisionRequest>;
export type Decision = z.infer<typeof S.decisionResponse>;
export type RerouteInput = z.input<typeof S.rerouteCreate>;
export type Reroute = z.infer<typeof S.rerouteViewSchema>;
export type Network = DecisionRequest['network'];
export { NETWORKS } from '../../../../src/routing/domain/types.ts';

export type CentreListItem = z.infer<typeof S.centreListItem>;
export type CentreDetail = z.infer<typeof S.centreDetail>;
/** Who serves a municipality at a moment (the home centre, or schedule partner / re-route target). */
export type ServedNow = NonNullable<z.infer<typeof S.servedNowSchema>>;
export type MunicipalityItem = z.infer<typeof S.municipalityItem>;
export type MunicipalityDetail = z.infer<typeof S.municipalityDetail>;
export type PhoneListRow = z.infer<typeof S.phoneListRow>;

export const ROUTING_EXPORT_PATH = '/api/v1/routing/exports';
const base = '/api/v1/routing';

export const routingApi = {
  listCentres: (signal?: AbortSignal) => apiAll<z.infer<typeof S.centreList>>(`${base}/centres`, { signal }),
  getCentre: (id: string, signal?: AbortSignal) =>
    api<CentreDetail>('GET', `${base}/centres/${encodeURIComponent(id)}`, { signal }),
  setAvailability: (id: string, body: z.input<typeof S.availabilityUpdate>) =>
    api<void>('PUT', `${base}/centres/${encodeURIComponent(id)}/availability`, { body }),
  listCounties: (signal?: AbortSignal) =>
    apiAll<z.infer<typeof S.countyList>>(`${base}/counties`, { signal }),
  listAmkCentres: (signal?: AbortSignal) =>
    apiAll<z.infer<typeof S.amkCentreList>>(`${base}/amk-centres`, { signal }),
  listMunicipalities: (at: string | undefined, signal?: AbortSignal) =>
    apiAll<z.infer<typeof S.municipalityList>>(`${base}/municipalities`, {
      query: { at },
      signal,
    }),
  getMunicipality: (number: string, at: string | undefined, signal?: AbortSignal) =>
    api<MunicipalityDetail>('GET', `${base}/municipalities/${encodeURIComponent(number)}`, {
      query: { at },
      signal,
    }),
  decide: (body: DecisionRequest) => api<Decision>('POST', `${base}/decisions`, { body }),
  listReroutes: (status: 'open' | 'all', signal?: AbortSignal) =>
    apiAll<z.infer<typeof S.rerouteList>>(`${base}/reroutes`, { query: { status }, signal }),
  createReroute: (body: RerouteInput) => api<Reroute>('POST', `${base}/reroutes`, { body }),
  endReroute: (id: string, reason: string) =>
    api<Reroute>('POST', `${base}/reroutes/${encodeURIComponent(id)}/end`, { body: { reason } }),
  /** The phone list (RT-9) as JSON: used for the AMK names of the centres. */
  phoneList: (signal?: AbortSignal) =>
    apiAll<Page<PhoneListRow> & { dataVersion: number }>(`${ROUTING_EXPORT_PATH}/phone-list`, {
      signal,
    }),
};
