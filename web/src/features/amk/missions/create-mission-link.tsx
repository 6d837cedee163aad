/**
 * "Opprett oppdrag" on a 113 call answered in the control room (issue 14; AMK-2): opens the
 * missions page with the call and its hastegrad filled in. Shown only for a call answered at an
 * AMK centre, to those who may run missions there.
 */
import { can, useAuth } from '../../../shared/auth.tsx';
import { useI18n } from '../../../shared/i18n/i18n.tsx';
import { TextLink } from '../../../shared/router.tsx';
import type { Urgency } from './api.ts';
import { missionFromCallPath } from './mission-view.ts';

export function CreateMissionLink({
  callId,
  centre,
  hastegrad,
}: {
  callId: string;
  centre: { id: string; service: 'legevakt' | 'amk' };
  hastegrad: Urgency | '';
}) {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const href = missionFromCallPath(callId, centre, hastegrad);
  if (!href || !can(actor, 'amk.operate', [centre.id])) return null;
  return (
    <TextLink href={href} data-testid="create-mission-link">
      {t('amkMissions.controlRoom.create')}
    </TextLink>
  );
}
