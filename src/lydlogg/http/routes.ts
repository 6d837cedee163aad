/**
 * The recordings API (issue 12; docs/lydlogg.md, "API"): ingest (streamed raw body), a call's
 * recordings, playback and download with HTTP ranges and a stated reason, legal holds, the access
 * log for the centre's leader, the retention's dry run.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Route } from '../../platform/http/route.ts';
import { osloDate } from '../../platform/time/calendar.ts';
import { recordingsPolicy } from '../policy.ts';
import {
  holdCallRecordings,
  holdPatientRecordings,
  holdRecording,
  ingestRecording,
  listCallRecordings,
  readAccessLog,
  readAudio,
  releaseHold,
  type RecordingDeps,
} from '../recordings.ts';
import { retentionDryRun } from '../retention/retention.ts';
import {
  accessLogQuery,
  accessLogResponse,
  audioParams,
  audioQuery,
  callRecordingsResponse,
  dryRunQuery,
  dryRunResponse,
  holdBody,
  holdsResponse,
  ingestParams,
  ingestQuery,
  ingestResponse,
  patientHoldBody,
  patientHoldsResponse,
  releaseBody,
  holdSchema,
  exportBody,
  searchQuery,
  searchResponse,
  waveformQuery,
  waveformResponse,
} from './schema.ts';
import { recordingWaveform, searchRecordings } from '../review.ts';
import { exportCase } from '../export/case-export.ts';

/**
 * A raw request body, not read yet: the stream is held in a private field so nothing walks it
 * (the edge's string checks look at own enumerable properties only).
 */
export class RawBody {
  readonly #stream: Readable;
  constructor(stream: Readable) {
    this.#stream = stream;
  }
  get stream(): Readable {
    return this.#stream;
  }
}

const RAW_TYPES = ['application/octet-stream', /^audio\/[\w.+-]+$/i] as const;

/** The reason of a playback: the query's `reason` or the `x-nodmeld-reason` header (percent-encoded). */
function reasonOf(req: FastifyRequest, query: { reason?: string }): string {
  const header = req.headers['x-nodmeld-reason'];
  let fromHeader: string | undefined;
  if (typeof header === 'string' && header.trim()) {
    try {
      fromHeader = decodeURIComponent(header).trim();
    } catch {
      fromHeader = undefined;
    }
  }
  const reason = query.reason ?? fromHeader;
  if (!reason || reason.length > 1000) {
    throw new AppError('validation', 'State why you listen to the recording (reason)', {
      detailCode: 'recording.reason-required',
      errors: [{ path: 'query.reason', code: 'recording.reason-required', message: 'A reason is required' }],
    });
  }
  return reason;
}

/** `Range: bytes=a-b | a- | -n` (the first range only); null for none. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

const drain = (req: FastifyRequest) => {
  if (!req.raw.complete && !req.raw.destroyed) req.raw.resume();
};

export function registerLydloggHttp(
  route: Route,
  app: FastifyInstance,
  deps: RecordingDeps,
  amkAreaOf: (centreId: string) => string | null,
): void {
  for (const type of RAW_TYPES) {
    if (!app.hasContentTypeParser(type)) {
      app.addContentTypeParser(type, (_req, payload, done) => done(null, new RawBody(payload as Readable)));
    }
  }
  const area = (centreId: string) => ({ centreId, amkId: amkAreaOf(centreId) });

  route({
    method: 'PUT',
    url: '/api/v1/calls/:id/recordings/:recordingId',
    summary: 'Upload a recording of a call',
    description:
      'The audio as the raw body (streamed, never buffered whole): `audio/wav` (PCM 16-bit, G.711 A-law or µ-law), `audio/PCMU` / `audio/PCMA` / `application/octet-stream` (raw G.711, codec declared), `audio/ogg` (Opus). Metadata in the query. Idempotent by recording id and content SHA-256: the same bytes again answer 200 with the stored recording; other bytes under the id answer 409 `recording.other-content`. Bad or cut-off audio answers 400 with `detailCode` `recording.audio.*` and stores nothing.',
    tags: ['recordings'],
    auth: {
      policy: recordingsPolicy,
      action: 'recordings.ingest',
      scope: ({ query }) => area((query as { centreId: string }).centreId),
    },
    params: ingestParams,
    query: ingestQuery,
    response: ingestResponse,
    errors: [400, 403, 409, 413, 503],
    handler: async ({ params, query, actor, req, reply }) => {
      try {
        const body = req.body;
        if (!(body instanceof RawBody)) {
          throw new AppError('bad-request', 'Send the audio as the raw body with its audio content type', {
            detailCode: 'recording.audio.unsupported-type',
          });
        }
        const r = await ingestRecording(deps, actor, {
          callId: params.id,
          recordingId: params.recordingId,
          centreId: query.centreId,
          startedAt: query.startedAt,
          durationMs: query.durationMs,
          channels: query.channels,
          codec: query.codec,
          contentType: String(req.headers['content-type'] ?? ''),
          body: body.stream,
        });
        reply.code(r.created ? 201 : 200);
        return r;
      } finally {
        drain(req);
      }
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/calls/:id/recordings',
    summary: 'List a call’s recordings',
    description:
      'The recordings of the call the caller may listen to, with their holds. The read is audited.',
    tags: ['recordings'],
    auth: { policy: recordingsPolicy, action: 'recordings.listen' },
    params: ingestParams.pick({ id: true }),
    response: callRecordingsResponse,
    handler: async ({ params, actor }) => ({
      recordings: await listCallRecordings(deps.db, actor, params.id),
    }),
  });

  route({
    method: 'GET',
    url: '/api/v1/recordings/:id/audio',
    summary: 'Play or download a recording',
    description:
      'The audio as stored, decrypted as it streams; `Range: bytes=…` answers 206 with `Content-Range` (seek without reading the whole file). A reason is required (`reason` query or `x-nodmeld-reason` header, else 400 `recording.reason-required`); every playback and download (`download=1`) is in the access log with who, when, which bytes and why.',
    tags: ['recordings'],
    auth: { policy: recordingsPolicy, action: 'recordings.listen' },
    params: audioParams,
    query: audioQuery,
    produces: ['audio/wav', 'audio/ogg', 'application/octet-stream'],
    errors: [400, 404, 416],
    handler: async ({ params, query, actor, req, reply }) => {
      const reason = reasonOf(req, query);
      const download = query.download === '1' || query.download === 'true';
      // The size decides what a range means; a recording the caller may not hear is a 404 either way.
      const found = await deps.db.query<{
        size_bytes: string | number;
        centre_id: string;
        amk_area: string | null;
      }>(`SELECT size_bytes, centre_id, amk_area FROM recordings WHERE id = $1 AND state = 'present'`, [
        params.id,
      ]);
      const row = found.rows[0];
      if (
        !row ||
        !recordingsPolicy.can(actor, 'recordings.listen', { centreId: row.centre_id, amkId: row.amk_area })
      ) {
        throw notFound('The recording');
      }
      const size = Number(row.size_bytes);
      const range = parseRange(req.headers.range, size);
      if (range === 'unsatisfiable') {
        return reply
          .code(416)
          .header('content-range', `bytes */${size}`)
          .type('application/problem+json')
          .send({
            type: 'https://nodmeld.no/problems/range-not-satisfiable',
            title: 'Range not satisfiable',
            status: 416,
            code: 'bad-request',
            detailCode: 'recording.range-not-satisfiable',
            detail: `The range is outside the recording (size ${size})`,
          });
      }
      const audio = await readAudio(deps, actor, params.id, {
        reason,
        kind: download ? 'download' : 'play',
        ...(range ? { range } : {}),
      });
      const rec = audio.recording;
      reply
        .header('accept-ranges', 'bytes')
        .header('content-length', String(audio.end - audio.start + 1))
        .header('cache-control', 'no-store')
        .type(
          rec.container === 'ogg' ? 'audio/ogg' : rec.container === 'wav' ? 'audio/wav' : rec.contentType,
        );
      if (download) {
        const ext = rec.container === 'ogg' ? 'ogg' : rec.container === 'wav' ? 'wav' : 'g711';
        reply.header('content-disposition', `attachment; filename="${rec.id}.${ext}"`);
      }
      if (range) reply.code(206).header('content-range', `bytes ${audio.start}-${audio.end}/${audio.size}`);
      return reply.send(Readable.from(audio.stream));
    },
  });

  route({
    method: 'POST',
    url: '/api/v1/recordings/:id/holds',
    summary: 'Hold a recording for a case',
    description:
      'A held recording is never deleted (§20: supervision, complaint or compensation cases, other case processing, documentary value). A recording the retention is already deleting answers 409 `recording.deleted`.',
    tags: ['recordings'],
    auth: { policy: recordingsPolicy, action: 'recordings.hold' },
    params: audioParams,
    body: holdBody,
    response: holdSchema,
    successStatus: 201,
    errors: [400, 404, 409],
    handler: ({ params, body, actor }) =>
      holdRecording(deps.db, deps.clock, actor, params.id, body, deps.locks),
  });

  route({
    method: 'POST',
    url: '/api/v1/calls/:id/recordings/holds',
    summary: 'Hold all recordings of a call',
    description:
      'One hold per recording of the call, in one transaction; 404 when the call has none the caller may hold.',
    tags: ['recordings'],
    auth: { policy: recordingsPolicy, action: 'recordings.hold' },
    params: ingestParams.pick({ id: true }),
    body: holdBody,
    response: holdsResponse,
    successStatus: 201,
    errors: [400, 404, 409],
    handler: async ({ params, body, actor }) => ({
      holds: await holdCallRecordings(deps.db, deps.clock, actor, params.id, body, deps.locks),
    }),
  });

  route({
    method: 'POST',
    url: '/api/v1/recordings/holds/patient',
    summary: 'Hold all recordings of a patient',
    description:
      'One hold per recording of every call whose contact record names the patient by identity number, within the ' +
      'caller’s scope, in one transaction. The search is audited (the number masked to the date of birth); 404 when ' +
      'no recording the caller may hold is found.',
    tags: ['recordings'],
    auth: { policy: recordingsPolicy, action: 'recordings.hold' },
    body: patientHoldBody,
    response: patientHoldsResponse,
    successStatus: 201,
    errors: [400, 404, 409],
    handler: async ({ body, actor }) => {
      const { nationalId, ...hold } = body;
      return holdPatientRecordings(deps.db, deps.clock, actor, nationalId, hold, deps.locks);
    },
  });

  route({
    method: 'POST',
    url: '/api/v1/recordings/holds/:holdId/release',
    summary: 'Release a hold',
    description:
      'With no other active hold the recording is under the 3-year rule again: if it is past it, the next retention run deletes it.',
    tags: ['recordings'],
    auth: { policy: recordingsPolicy, action: 'recordings.hold' },
    params: z.object({ holdId: z.uuid() }),
    body: releaseBody,
    response: holdSchema,
    errors: [400, 404, 409],
    handler: ({ params, body, actor }) =>
      releaseHold(deps.db, deps.clock, actor, params.holdId, body.reason, deps.locks),
  });

  route({
    method: 'GET',
    url: '/api/v1/recordings/access-log',
    summary: 'Read the access log of recordings',
    description:
      'Every playback, download, waveform and export of the centre’s recordings (or one recording): who, when, which bytes, why; filtered by user (part of the name), kind and dates. Newest first.',
    tags: ['recordings'],
    auth: {
      policy: recordingsPolicy,
      action: 'recordings.access-log',
      scope: ({ query }) => area((query as { centre: string }).centre),
    },
    query: accessLogQuery,
    response: accessLogResponse,
    errors: [403],
    handler: async ({ query }) => ({
      entries: await readAccessLog(deps.db, {
        centreId: query.centre,
        ...(query.recordingId ? { recordingId: query.recordingId } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        limit: query.limit,
      }),
    }),
  });

  route({
    method: 'GET',
    url: '/api/v1/recordings/retention/dry-run',
    summary: 'List what the retention would delete',
    description:
      'The recordings a retention run on `asOf` (default today, Europe/Oslo) would delete, and how many past their 3 years a hold keeps. Changes nothing.',
    tags: ['recordings'],
    auth: { policy: recordingsPolicy, action: 'recordings.admin' },
    query: dryRunQuery,
    response: dryRunResponse,
    handler: ({ query }) => retentionDryRun(deps.db, query.asOf ?? osloDate(deps.clock.now()), query.limit),
  });

  route({
    method: 'GET',
    url: '/api/v1/recordings/:id/waveform',
    summary: 'The waveform of a recording',
    description:
      'For each of `points` equal stretches of time the largest absolute sample (0–1), computed from the decoded audio as it streams and cached. A reason is required as for playback, and the access is logged (`waveform`). Opus recordings answer 422 `recording.waveform.unsupported`.',
    tags: ['recordings'],
    auth: { policy: recordingsPolicy, action: 'recordings.listen' },
    params: audioParams,
    query: waveformQuery,
    response: waveformResponse,
    errors: [400, 404, 422],
    handler: ({ params, query, actor, req }) =>
      recordingWaveform(deps, actor, params.id, { reason: reasonOf(req, query), points: query.points }),
  });

  route({
    method: 'GET',
    url: '/api/v1/recordings',
    summary: 'Search a centre’s recordings',
    description:
      'For the centre’s leaders: its stored recordings by recording date (from–to, inclusive), call, held or not, and those the retention may delete within `dueWithinDays` days (unheld). Newest first; the search is audited.',
    tags: ['recordings'],
    auth: {
      policy: recordingsPolicy,
      action: 'recordings.search',
      scope: ({ query }) => area((query as { centre: string }).centre),
    },
    query: searchQuery,
    response: searchResponse,
    errors: [403],
    handler: async ({ query, actor }) => ({
      recordings: await searchRecordings(deps.db, actor, {
        centreId: query.centre,
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.callId ? { callId: query.callId } : {}),
        ...(query.held !== undefined ? { held: query.held } : {}),
        ...(query.dueWithinDays !== undefined ? { dueWithinDays: query.dueWithinDays } : {}),
        today: osloDate(deps.clock.now()),
        limit: query.limit,
      }),
    }),
  });

  route({
    method: 'POST',
    url: '/api/v1/recordings/exports',
    summary: 'Export every recording of a case',
    description:
      'Every recording held for `caseReference` (that the caller may export) as one uncompressed tar, streamed: `manifest.json` (ids, call, centre, start, duration, file, size and SHA-256 of each recording; who exported, when, why), `manifest.json.sha256`, and `recordings/<id>.<ext>`. The manifest’s SHA-256 is also in the header `x-nodmeld-manifest-sha256` and the audit trail; the recipient checks the archive with `nodmeld lydlogg verify-export FILE --manifest-sha256 HEX`. Every recording in it is in the access log (`export`). A file that no longer matches its stored SHA-256 breaks the stream off (the archive then fails verification). 404 `recording.export.none` when no recording the caller may export is held for the case.',
    tags: ['recordings'],
    auth: { policy: recordingsPolicy, action: 'recordings.export' },
    body: exportBody,
    produces: ['application/x-tar'],
    errors: [400, 404],
    handler: async ({ body, actor, reply }) => {
      const ex = await exportCase(deps, actor, body);
      reply
        .header('content-length', String(ex.size))
        .header('content-disposition', `attachment; filename="${ex.fileName}"`)
        .header('cache-control', 'no-store')
        .header('x-nodmeld-manifest-sha256', ex.manifestSha256)
        .header('x-nodmeld-export-id', ex.exportId)
        .type('application/x-tar');
      return reply.send(Readable.from(ex.stream));
    },
  });
}
