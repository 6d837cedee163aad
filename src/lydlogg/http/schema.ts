/**
 * The recordings API's schemas (docs/lydlogg.md, "API"): what the routes take and answer, written
 * against the domain types.
 */
import { z } from 'zod';
import { CODECS } from '../domain/audio-format.ts';
import { ACCESS_KINDS, HOLD_CASE_KINDS, RECORDING_STATES } from '../domain/vocabulary.ts';
import type { AccessEntry, Hold, Recording } from '../recordings.ts';
import type { DryRun } from '../retention/retention.ts';
import type { FoundRecording, RecordingWaveform } from '../review.ts';

/** Ids that are also blob key segments: letters, digits, `.`, `_`, `-`; 1–128 characters. */
export const recordingId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);
const isoDate = z.iso.date();

export const ingestParams = z.object({ id: z.string().min(1).max(200), recordingId });
export const ingestQuery = z.object({
  centreId: z.string().min(1).max(100),
  startedAt: z.iso.datetime({ offset: true }),
  durationMs: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400_000),
  channels: z.coerce.number().int().min(1).max(8),
  codec: z.enum(CODECS),
});

export const recordingSchema = z.object({
  id: z.string(),
  callId: z.string(),
  centreId: z.string(),
  state: z.enum(RECORDING_STATES),
  startedAt: z.string(),
  recordingDate: z.string(),
  deletableFrom: z.string(),
  durationMs: z.number(),
  channels: z.number(),
  codec: z.enum(CODECS),
  container: z.string(),
  contentType: z.string(),
  sampleRate: z.number(),
  sizeBytes: z.number().nullable(),
  sha256: z.string().nullable(),
  held: z.boolean(),
  createdAt: z.string(),
}) satisfies z.ZodType<Recording>;

export const ingestResponse = z.object({ recording: recordingSchema, created: z.boolean() });

export const holdSchema = z.object({
  id: z.string(),
  recordingId: z.string(),
  caseKind: z.enum(HOLD_CASE_KINDS),
  caseReference: z.string(),
  reason: z.string(),
  heldBy: z.string(),
  heldAt: z.string(),
  releasedBy: z.string().nullable(),
  releasedAt: z.string().nullable(),
  releaseReason: z.string().nullable(),
}) satisfies z.ZodType<Hold>;

export const callRecordingsResponse = z.object({
  recordings: z.array(z.object({ recording: recordingSchema, holds: z.array(holdSchema) })),
});

export const holdBody = z.object({
  caseKind: z.enum(HOLD_CASE_KINDS),
  caseReference: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(2000),
});
/** A hold of every recording of a patient: the identity number (fødselsnummer or D-nummer) and the case. */
export const patientHoldBody = holdBody.extend({ nationalId: z.string().regex(/^\d{11}$/) });
export const patientHoldsResponse = z.object({
  holds: z.array(holdSchema),
  /** Calls whose recordings were held. */
  calls: z.number().int(),
});
export const releaseBody = z.object({ reason: z.string().trim().min(1).max(2000) });
export const holdsResponse = z.object({ holds: z.array(holdSchema) });

export const audioParams = z.object({ id: recordingId });
export const audioQuery = z.object({
  /** Why the recording is played or downloaded (the access log); or the header x-nodmeld-reason. */
  reason: z.string().trim().min(1).max(1000).optional(),
  download: z.enum(['0', '1', 'true', 'false']).optional(),
});

export const accessLogQuery = z.object({
  centre: z.string().min(1).max(100),
  recordingId: recordingId.optional(),
  /** Part of the user's name. */
  actor: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(ACCESS_KINDS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const accessLogResponse = z.object({
  entries: z.array(
    z.object({
      at: z.string(),
      actor: z.string().nullable(),
      actorType: z.string(),
      kind: z.string(),
      recordingId: z.string(),
      reason: z.string().nullable(),
      range: z.string().nullable(),
      caseReference: z.string().nullable(),
    }) satisfies z.ZodType<AccessEntry>,
  ),
});

export const dryRunQuery = z.object({
  asOf: isoDate.optional(),
  limit: z.coerce.number().int().min(0).max(10_000).default(100),
});
export const dryRunResponse = z.object({
  asOf: z.string(),
  due: z.number(),
  held: z.number(),
  sample: z.array(
    z.object({
      id: z.string(),
      callId: z.string(),
      centreId: z.string(),
      recordingDate: z.string(),
      deletableFrom: z.string(),
    }),
  ),
}) satisfies z.ZodType<DryRun>;

export const waveformQuery = z.object({
  /** Why the recording is looked at (the access log); or the header x-nodmeld-reason. */
  reason: z.string().trim().min(1).max(1000).optional(),
  /** Stretches of time the waveform has (default 600). */
  points: z.coerce.number().int().min(10).max(4000).default(600),
});
export const waveformResponse = z.object({
  recordingId: z.string(),
  durationMs: z.number(),
  points: z.number(),
  peaks: z.array(z.number()),
}) satisfies z.ZodType<RecordingWaveform>;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const searchQuery = z.object({
  centre: z.string().min(1).max(100),
  from: isoDate.optional(),
  to: isoDate.optional(),
  callId: z.string().trim().min(1).max(200).optional(),
  held: bool.optional(),
  /** Unheld recordings the retention may delete within this many days. */
  dueWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const searchResponse = z.object({
  recordings: z.array(
    z.object({
      recording: recordingSchema,
      caseReferences: z.array(z.string()),
    }) satisfies z.ZodType<FoundRecording>,
  ),
});

export const exportBody = z.object({
  caseReference: z.string().trim().min(1).max(200),
  /** Why the case's recordings leave the system (the access log of each). */
  reason: z.string().trim().min(1).max(2000),
});
