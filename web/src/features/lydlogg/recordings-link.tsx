/**
 * Links to a call's recordings. The way from the control room to a call's recordings: one click, in a new tab, so the queue and
 * the answered call stay where they are. Shown only to those who may listen at the centre.
 */
import { HStack, Link } from '@navikt/ds-react';
import { can, useAuth } from '../../shared/auth.tsx';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { TextLink } from '../../shared/router.tsx';

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

/**
 * A call in a list (the misrouting register, the call reports' lists): with a link to its
 * recordings' page for those who may listen at the centre the call was at. Whether the call has
 * recordings is not known in the list (the page then says it has none the user may hear).
 */
export function CallRecordingsCell({ callId, centreId }: { callId: string; centreId: string | null }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const allowed = centreId !== null && can(actor, 'recordings.listen', [centreId]);
  if (!allowed) return <>{callId}</>;
  return (
    <HStack gap="space-8" align="center" wrap>
      <span>{callId}</span>
      <TextLink
        href={`/recordings/calls/${encodeURIComponent(callId)}`}
        aria-label={t('rec.callLink.label', { callId })}
        data-testid="call-recordings-link"
      >
        {t('rec.callLink')}
      </TextLink>
    </HStack>
  );
}
