/**
 * The Nødnett API (/api/v1/nodnett; NN-1, NN-2, NN-3, NN-7; docs/nodnett.md): the fleet map,
 * incident talk groups, conferences and the doctor on call. The types come from the server's
 * schemas (type-only: nothing of them is bundled).
 */
import type { z } from 'zod';
import type * as S from '../../../../src/nodnett/http/schema.ts';
import { api } from '../../shared/api/client.ts';

export type TalkGroup = z.infer<typeof S.talkGroupSchema>;
export type AttachResult = z.infer<typeof S.attachResultSchema>;
export type Conference = z.infer<typeof S.conferenceSchema>;
export type ConferenceParty = Conference['parties'][number]['party'];
export type DoctorsOnCall = z.infer<typeof S.doctorsOnCallSchema>;
export type OpenConference = z.infer<typeof S.openConferenceSchema>;
export type Agency = TalkGroup['agencies'][number];

/** The pushes that change the fleet map (src/nodnett/events.ts). */
export const NODNETT_EVENTS = ['nodnett.talk-group.changed', 'nodnett.conference.changed'];

const base = '/api/v1/nodnett';

export const nodnettApi = {
  fleetMap: (signal?: AbortSignal) => api<{ groups: TalkGroup[] }>('GET', `${base}/fleet-map`, { signal }),
  createGroup: (body: { name: string; agencies: Agency[]; amkId: string }) =>
    api<TalkGroup>('POST', `${base}/incident-groups`, { body }),
  attach: (gssi: number, body: { terminals: number[]; groups: number[] }) =>
    api<AttachResult>('POST', `${base}/incident-groups/${gssi}/members`, { body }),
  release: (gssi: number) => api<void>('DELETE', `${base}/incident-groups/${gssi}`),
  startConference: (body: { amkId: string; parties: ConferenceParty[] }) =>
    api<Conference>('POST', `${base}/conferences`, { body }),
  conferences: (signal?: AbortSignal) =>
    api<{ conferences: OpenConference[] }>('GET', `${base}/conferences`, { signal }),
  endConference: (id: string) => api<void>('DELETE', `${base}/conferences/${encodeURIComponent(id)}`),
  doctorsOnCall: (municipality: string, at: string | undefined, signal?: AbortSignal) =>
    api<DoctorsOnCall>('GET', `${base}/doctors-on-call`, {
      query: at ? { municipality, at } : { municipality },
      signal,
    }),
};
