/**
 * PURE, plain data (the web imports the value lists): the words of the recordings context.
 */
export { CODECS, type Codec } from './audio-format.ts';

/**
 * Why a recording is held (§20: not deleted while it is part of the basis for a decision in a
 * supervision, complaint or compensation case, is part of other case processing, or has value as
 * documentation for other reasons).
 */
export const HOLD_CASE_KINDS = [
  'supervision',
  'complaint',
  'compensation',
  'other-case-processing',
  'documentary-value',
] as const;
export type HoldCaseKind = (typeof HOLD_CASE_KINDS)[number];

/**
 * A recording's state: `uploading` (a row written before the bytes, so a file never exists without
 * its record), `present` (the file is stored and verified), `deleting` (the retention decided; the
 * file may be gone, the row and its tombstone follow).
 */
export const RECORDING_STATES = ['uploading', 'present', 'deleting'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

/**
 * The accesses in the access log, each with a stated reason: a playback, a download, the waveform
 * drawn from the audio, an export in a case's archive.
 */
export const ACCESS_KINDS = ['play', 'download', 'waveform', 'export'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];
