/** Shared by the lydlogg specs (issue 12): a recording uploaded for a call as the telephony does. */
import { uid } from './control-room-helpers.ts';

/** Uploads `bytes` as a recording of `callId` at Bergen legevaktsentral, started a day ago; its id. */
export async function uploadRecording(
  baseURL: string,
  token: string,
  callId: string,
  audio: { bytes: Buffer; contentType: string; codec: string; durationMs: number; prefix?: string },
): Promise<string> {
  const id = `${audio.prefix ?? 'rec'}-${uid()}`;
  const q = new URLSearchParams({
    centreId: 'lv-bergen',
    startedAt: new Date(Date.now() - 86_400_000).toISOString(),
    durationMs: String(audio.durationMs),
    channels: '1',
    codec: audio.codec,
  });
  const res = await fetch(`${baseURL}/api/v1/calls/${callId}/recordings/${id}?${q}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': audio.contentType },
    body: new Uint8Array(audio.bytes).buffer,
  });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return id;
}
