/**
 * Integration-test harness for recordings: routing (the factory data set), calls and lydlogg on a
 * fresh database, the blob store in a temporary folder, a recording key, and upload/play helpers.
 */
import type { LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DbKind } from '../../platform/db/testing.ts';
import type { Clock, Timers } from '../../platform/time/clock.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { callsModule } from '../../calls/module.ts';
import { lydloggModule, type LydloggApi } from '../module.ts';
import { wav } from './audio.ts';

export interface RecordingsTestApp extends RoutingTestApp {
  lydlogg: LydloggApi;
  blobDir: string;
  upload(opts: UploadOpts): Promise<LightMyRequestResponse>;
  get(url: string, token?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, token?: string): Promise<LightMyRequestResponse>;
}

export interface UploadOpts {
  callId?: string;
  recordingId: string;
  bytes?: Buffer;
  contentType?: string;
  centreId?: string;
  startedAt?: string;
  durationMs?: number;
  channels?: number;
  codec?: string;
  token?: string;
}

let serial = 0;
export const uniqueId = (p: string) => `${p}-${Date.now().toString(36)}-${++serial}`;

export async function createRecordingsTestApp(
  kind: DbKind,
  env: Record<string, string> = {},
  clock?: Clock & Timers,
): Promise<RecordingsTestApp> {
  const blobDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-rec-'));
  const t = await createRoutingTestApp({
    kind,
    more: [callsModule, lydloggModule],
    ...(clock ? { clock } : {}),
    env: {
      NODMELD_STORAGE_DIR: blobDir,
      NODMELD_STORAGE_KEY: randomBytes(32).toString('base64'),
      ...env,
    },
  });
  const auth = (token?: string) => ({ authorization: `Bearer ${token ?? t.adminToken}` });
  const close = () => t.close();
  return {
    ...t,
    blobDir,
    lydlogg: t.use(lydloggModule),
    upload(o) {
      const bytes = o.bytes ?? wav({ frames: 8000 });
      const q = new URLSearchParams({
        centreId: o.centreId ?? 'lv-oslo',
        startedAt: o.startedAt ?? '2025-03-05T10:00:00Z',
        durationMs: String(o.durationMs ?? 1000),
        channels: String(o.channels ?? 1),
        codec: o.codec ?? 'pcm-s16le',
      });
      return t.app.inject({
        method: 'PUT',
        url: `/api/v1/calls/${o.callId ?? 'call-1'}/recordings/${o.recordingId}?${q}`,
        headers: { ...auth(o.token), 'content-type': o.contentType ?? 'audio/wav' },
        payload: bytes,
      });
    },
    get: (url, token, headers = {}) =>
      t.app.inject({ method: 'GET', url, headers: { ...auth(token), ...headers } }),
    post: (url, body, token) =>
      t.app.inject({ method: 'POST', url, headers: auth(token), payload: body as Record<string, unknown> }),
    async close() {
      await close();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
}
