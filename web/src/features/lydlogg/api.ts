/**
 * The recordings API (/api/v1/recordings, /api/v1/calls/:id/recordings; issue 12): a call's
 * recordings with their holds, the waveform (or the whole audio, for the browser to decode), placing and releasing holds, the leaders' search and
 * the access log. The audio itself is played by the browser's audio element from `audioUrl`
 * (HTTP ranges, the reason in the address). The types come from the server's response schemas
 * (type-only: nothing is bundled); the value lists from the context's zod-free vocabulary.
 */
import type { z } from 'zod';
import type * as S from '../../../../src/lydlogg/http/schema.ts';
import type { AccessKind, HoldCaseKind } from '../../../../src/lydlogg/domain/vocabulary.ts';
import { api, bytes, download } from '../../shared/api/client.ts';

export { ACCESS_KINDS, HOLD_CASE_KINDS } from '../../../../src/lydlogg/domain/vocabulary.ts';
export type { AccessKind, HoldCaseKind };
export type Recording = z.infer<typeof S.recordingSchema>;
export type Hold = z.infer<typeof S.holdSchema>;
export type CallRecording = z.infer<typeof S.callRecordingsResponse>['recordings'][number];
export type Waveform = z.infer<typeof S.waveformResponse>;
export type FoundRecording = z.infer<typeof S.searchResponse>['recordings'][number];
export type AccessEntry = z.infer<typeof S.accessLogResponse>['entries'][number];
export type HoldInput = z.input<typeof S.holdBody>;
/** The query strings as sent (the server coerces the numbers). */
export type SearchQuery = Omit<z.input<typeof S.searchQuery>, 'dueWithinDays' | 'limit'> & {
  dueWithinDays?: number | undefined;
  limit?: number;
};
export type AccessLogQuery = Omit<z.input<typeof S.accessLogQuery>, 'limit'> & { limit?: number };

const enc = encodeURIComponent;

/** Where the browser plays a recording from (the session cookie goes along; ranges for seeking). */
export const audioUrl = (id: string, reason: string) =>
  `/api/v1/recordings/${enc(id)}/audio?reason=${enc(reason)}`;

export const recordingsApi = {
  ofCall: (callId: string, signal?: AbortSignal) =>
    api<{ recordings: CallRecording[] }>('GET', `/api/v1/calls/${enc(callId)}/recordings`, { signal }),
  /**
   * The whole recording in one read of the playback route (logged as a playback like every read
   * of it): the player plays these bytes and the browser decodes them for the waveform (Opus).
   */
  audio: (id: string, reason: string, signal?: AbortSignal) =>
    bytes(`/api/v1/recordings/${enc(id)}/audio`, { query: { reason }, signal }),
  waveform: (id: string, reason: string, points: number, signal?: AbortSignal) =>
    api<Waveform>('GET', `/api/v1/recordings/${enc(id)}/waveform`, { query: { reason, points }, signal }),
  hold: (id: string, body: HoldInput) => api<Hold>('POST', `/api/v1/recordings/${enc(id)}/holds`, { body }),
  holdCall: (callId: string, body: HoldInput) =>
    api<{ holds: Hold[] }>('POST', `/api/v1/calls/${enc(callId)}/recordings/holds`, { body }),
  release: (holdId: string, reason: string) =>
    api<Hold>('POST', `/api/v1/recordings/holds/${enc(holdId)}/release`, { body: { reason } }),
  search: (query: SearchQuery, signal?: AbortSignal) =>
    api<{ recordings: FoundRecording[] }>('GET', '/api/v1/recordings', { query: { ...query }, signal }),
  accessLog: (query: AccessLogQuery, signal?: AbortSignal) =>
    api<{ entries: AccessEntry[] }>('GET', '/api/v1/recordings/access-log', { query: { ...query }, signal }),
};

/**
 * Exports every recording held for a case as an archive the browser saves (the session's download);
 * resolves to the manifest's SHA-256 that the server states beside it (x-nodmeld-manifest-sha256).
 */
export async function exportCase(caseReference: string, reason: string): Promise<string> {
  const headers = await download('/api/v1/recordings/exports', 'lydlogg-export.tar', undefined, {
    body: { caseReference, reason },
  });
  return headers.get('x-nodmeld-manifest-sha256') ?? '';
}
