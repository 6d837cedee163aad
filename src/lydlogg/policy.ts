/**
 * The recordings' policy (issue 12; docs/lydlogg.md, "Access"). A recording belongs to the centre
 * of its call; a membership at that centre, or at the AMK area it belongs to, covers it (the rule
 * of the calls and routing policies).
 *
 * - `recordings.ingest`: upload a recording — the centre's telephony through an integration token
 *   (national integration tokens for any centre), or the operations centre.
 * - `recordings.listen`: list a call's recordings and play or download one, with a stated reason
 *   (every playback and download is in the access log): those who work the centre's calls, its
 *   leader and the operations centre.
 * - `recordings.hold`: place and release legal holds: the centre's leader, the operations centre.
 * - `recordings.access-log`: read who listened to what and why: the centre's leader and auditors.
 * - `recordings.search`: search a centre's recordings (dates, call, held, near deletion): its
 *   leader, the operations centre.
 * - `recordings.export`: export every recording of a case as a verifiable archive: the centre's
 *   leader, the operations centre (each recording in it is in the access log).
 * - `recordings.admin`: the retention's dry run: the national operations centre.
 */
import { definePolicy } from '../platform/auth/policy.ts';
import { coversCentre, type CentreResource } from '../routing/policy.ts';

export type RecordingResource = CentreResource;

export const recordingsPolicy = definePolicy(
  'recordings',
  {
    'recordings.ingest': { roles: ['integration', 'operations'] },
    'recordings.listen': { roles: ['operator', 'amk-operator', 'centre-leader', 'operations'] },
    'recordings.hold': { roles: ['centre-leader', 'operations'] },
    'recordings.access-log': { roles: ['centre-leader', 'auditor'] },
    'recordings.search': { roles: ['centre-leader', 'operations'] },
    'recordings.export': { roles: ['centre-leader', 'operations'] },
    'recordings.admin': { roles: ['operations'], nationalOnly: true },
  },
  coversCentre,
);
