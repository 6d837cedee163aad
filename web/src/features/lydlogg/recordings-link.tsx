/**
 * The way from the control room to a call's recordings: one click, in a new tab, so the queue and
 * the answered call stay where they are. Shown only to those who may listen at the centre.
 */
import { Link } from '@navikt/ds-react';
import { can, useAuth } from '../../shared/auth.tsx';
import { useI18n } from '../../shared/i18n/i18n.tsx';

export function RecordingsLink({ callId, centreId }: { callId: string; centreId: string }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  if (!can(actor, 'recordings.listen', [centreId])) return null;
  return (
    <Link
      href={`/recordings/calls/${encodeURIComponent(callId)}`}
      target="_blank"
      rel="noopener"
      data-testid="recordings-link"
    >
      {t('rec.controlRoom.link')}
      <span className="aksel-sr-only"> {t('rec.newTab')}</span>
    </Link>
  );
}
