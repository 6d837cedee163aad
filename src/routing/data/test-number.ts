import type { Network } from '../domain/types.ts';

/** A well-known number of the default data set and how it resolves (docs/data.md, RT-2). */
export interface DefaultTestNumber {
  number: string;
  network: Network;
  description: string;
  /** The series a longest-prefix match on the number alone finds, or null. */
  longestPrefix: string | null;
  /** The series the number routes by: its original series when ported (RT-2), else `longestPrefix`. */
  routingPrefix: string | null;
  ported: boolean;
  geo: boolean;
  /** Municipality the number resolves to, or null (county-only, mobile, unknown). */
  municipality: string | null;
  /** County the number resolves to, or null (mobile, unknown). */
  county: string | null;
  /** Centre a call from this number reaches in normal operation; null when positioning or policy decides. */
  centreId: string | null;
}
