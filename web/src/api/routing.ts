/**
 * Types and calls of the routing API (/api/v1/routing): centres, municipalities, decisions,
 * re-routes (RT-7), availability (RT-11) and exports (RT-8, RT-9). The types come from the
 * routing contract and the API's zod schemas (type-only imports: nothing of them is bundled).
 */
import type { z } from 'zod';
import type * as S from '../../../src/routing/http/schema.ts';
import type {
  Centre,
  Municipality,
  Reroute as ActiveReroute,
  RoutingMethod,
} from '../../../src/routing/domain/types.ts';
import type { RerouteView } from '../../../src/routing/reroutes/reroute-service.ts';
import { api, apiAll, type Page } from './client.ts';

export type { Centre, RoutingMethod };
export type DecisionRequest = z.input<typeof S.decisionRequest>;
export type Decision = z.infer<typeof S.decisionResponse>;
export type RerouteInput = z.input<typeof S.rerouteCreate>;
export type Reroute = RerouteView;
export type Network = DecisionRequest['network'];
export const NETWORKS = ['fixed', 'mobile', 'ip'] as const satisfies readonly Network[];

export interface CentreListItem extends Centre {
  unavailable: boolean;
}
export interface CentreDetail extends CentreListItem {
  dataVersion: number;
  /** Re-routes in the live state that move calls from or to this centre. */
  reroutes: ActiveReroute[];
}

/** Who serves a municipality at a moment (the home centre, or schedule partner / re-route target). */
export interface ServedNow {
  centreId: string;
  centreName: string;
  connectTo: string;
  method: string;
}
export interface MunicipalityItem extends Municipality {
  countyName?: string;
  homeCentreId?: string;
  servedNow: ServedNow | null;
}
export interface MunicipalityDetail extends MunicipalityItem {
  dataVersion: number;
  postcodes: string[];
}

export interface PhoneListRow {
  centreId: string;
  amkId: string;
  amkName: string;
}

export const ROUTING_EXPORT_PATH = '/api/v1/routing/exports';
const base = '/api/v1/routing';

export const routingApi = {
  listCentres: (signal?: AbortSignal) =>
    apiAll<Page<CentreListItem> & { dataVersion: number }>(`${base}/centres`, { signal }),
  getCentre: (id: string, signal?: AbortSignal) =>
    api<CentreDetail>('GET', `${base}/centres/${encodeURIComponent(id)}`, { signal }),
  setAvailability: (id: string, body: { unavailable: boolean; reason: string }) =>
    api<void>('PUT', `${base}/centres/${encodeURIComponent(id)}/availability`, { body }),
  listMunicipalities: (at: string | undefined, signal?: AbortSignal) =>
    apiAll<Page<MunicipalityItem> & { dataVersion: number; at: string }>(`${base}/municipalities`, {
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
    apiAll<Page<Reroute>>(`${base}/reroutes`, { query: { status }, signal }),
  createReroute: (body: RerouteInput) => api<Reroute>('POST', `${base}/reroutes`, { body }),
  endReroute: (id: string, reason: string) =>
    api<Reroute>('POST', `${base}/reroutes/${encodeURIComponent(id)}/end`, { body: { reason } }),
  /** The phone list (RT-9) as JSON: used for the AMK names of the centres. */
  phoneList: (signal?: AbortSignal) =>
    apiAll<Page<PhoneListRow> & { dataVersion: number }>(`${ROUTING_EXPORT_PATH}/phone-list`, {
      signal,
    }),
};
