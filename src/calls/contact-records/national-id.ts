/**
 * The national identity number check of the contact record (issue 11; LV-3): a valid fødselsnummer
 * or D-nummer. Its own module, free of zod, so the web bundles the very same rule for its immediate
 * feedback (web/src/features/control-room/contact-record-view.ts) as the server applies.
 */
import { idnr } from '@navikt/fnrvalidator';

/** A problem with a national identity number, or null when it is a valid fødselsnummer or D-nummer. */
export function nationalIdProblem(nationalId: string): 'contact.national-id-invalid' | null {
  const r = idnr(nationalId);
  // H- and T-numbers are the health services' and tax authority's own: not a person's identity here.
  if (r.status === 'valid' && (r.type === 'fnr' || r.type === 'dnr')) return null;
  return 'contact.national-id-invalid';
}
