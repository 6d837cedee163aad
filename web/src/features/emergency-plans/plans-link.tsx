/**
 * The way from the control room to the emergency plans (LV-7): the plans of the centre's
 * municipalities, or of an answered caller's municipality — one click, in a new tab, so the queue
 * and the answered call stay where they are. Shown only to those who may read plans.
 */
import { Link } from '@navikt/ds-react';
import { can, useAuth } from '../../shared/auth.tsx';
import { useI18n } from '../../shared/i18n/i18n.tsx';

export function PlansLink({
  centre,
  municipality,
  municipalityName,
}: {
  /** The centre whose municipalities to list. */
  centre?: string;
  /** A caller's municipality number: its plans. */
  municipality?: string | null;
  municipalityName?: string;
}) {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  if (!can(actor, 'emergency-plans.read')) return null;
  if (municipality === null || (municipality === undefined && !centre)) return null;
  const href = municipality
    ? `/emergency-plans/municipalities/${encodeURIComponent(municipality)}`
    : `/emergency-plans?centre=${encodeURIComponent(centre!)}`;
  const text = municipality
    ? t('ep.controlRoom.callerPlans', { municipality: municipalityName ?? municipality })
    : t('ep.controlRoom.link');
  return (
    <Link href={href} target="_blank" rel="noopener" data-testid="plans-link">
      {text}
      <span className="aksel-sr-only"> {t('ep.newTab')}</span>
    </Link>
  );
}
