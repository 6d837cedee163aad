/**
 * The calls context's policy (issue 10; decision 0007): calls are personal data. A call belongs to
 * the centre it was offered to; a membership at that centre, or at the AMK area the centre
 * belongs to, covers it (the same rule as routing's centres).
 *
 * - `calls.read`: list calls and read one call's record and events (every read audited). The
 *   calling number is left out unless the reader also holds `calls.read-caller` there.
 * - `calls.read-caller`: see the calling number (and a callback number) of the centre's calls.
 * - `calls.record`: report call events (the centres' telephone systems through an integration
 *   token bound to the centre; the SIP server and simulator nationally).
 * - `calls.answer`: answer a waiting call from the control room (issue 11), as an operator of the
 *   centre (or of its AMK area).
 * - `calls.contact-record.write` / `.read`: the contact record of a call (LV-3, LV-6): health
 *   data, so only those who work the centre's calls (and the operations centre, reading); every
 *   read audited.
 * - `calls.live-figures`: every centre's live service level and routing status at once (issue 11:
 *   the wall-board and the national map) — aggregate counts, no call and no health data, read
 *   nationally by those who follow the service: the operations centre, centre leaders, operators
 *   and AMK (and administrators). Not auditors, readiness administrators or integrations: they
 *   have the official figures (`calls.figures`) and the reports.
 * - `calls.figures`: the official figures from the rollup cells — counts, no personal data, the
 *   same the health directorate publishes, so every signed-in role may read them nationally.
 */
import { ROLES } from '../platform/auth/actor.ts';
import { definePolicy } from '../platform/auth/policy.ts';
import { coversCentre, type CentreResource } from '../routing/policy.ts';

export type CallResource = CentreResource;

export const callsPolicy = definePolicy(
  'calls',
  {
    'calls.read': { roles: ['operations', 'centre-leader', 'operator', 'amk-operator', 'auditor'] },
    'calls.read-caller': { roles: ['operations', 'centre-leader', 'operator', 'amk-operator'] },
    'calls.record': { roles: ['integration', 'operations'] },
    'calls.answer': { roles: ['operator', 'amk-operator', 'centre-leader'] },
    'calls.contact-record.write': { roles: ['operator', 'amk-operator', 'centre-leader'] },
    'calls.contact-record.read': { roles: ['operator', 'amk-operator', 'centre-leader', 'operations'] },
    'calls.live-figures': { roles: ['operations', 'centre-leader', 'operator', 'amk-operator'] },
    'calls.figures': { roles: ROLES },
  },
  coversCentre,
);
