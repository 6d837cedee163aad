/**
 * What the missions' pages share: names for AMK ids and municipality numbers (the routing data and
 * the map's municipalities, whose shapes also give a municipality's point), the urgency as a worded
 * tag, a mission's age, where the user may operate, and the live-updates note.
 */
import { useMemo } from 'react';
import { BodyShort, Tag } from '@navikt/ds-react';
import { useAuth } from '../../../shared/auth.tsx';
import { useResource } from '../../../shared/components/use-resource.ts';
import { api, apiAll, type Page } from '../../../shared/api/client.ts';
import { useI18n } from '../../../shared/i18n/i18n.tsx';
import type { MunicipalityMapBody } from '../../../../../src/routing/map/municipality-map.ts';
import type { Mission, TripleAlert, Urgency } from './api.ts';
import { ageOf, municipalityPoint, scopeIds } from './mission-view.ts';

export interface Places {
  amkName: (id: string) => string;
  municipalityName: (nr: string) => string;
  municipalities: readonly { number: string; name: string }[];
  pointOf: (nr: string) => { lat: number; lon: number } | null;
}

/** AMK and municipality names (and a municipality's point), loaded once per page. */
export function usePlaces(): Places {
  const amks = useResource(
    (signal) => apiAll<Page<{ id: string; name: string }>>('/api/v1/routing/amk-centres', { signal }),
    [],
  );
  const map = useResource(
    (signal) => api<MunicipalityMapBody>('GET', '/api/v1/routing/map/municipalities', { signal }),
    [],
  );
  return useMemo(() => {
    const amkNames = new Map((amks.data?.items ?? []).map((a) => [a.id, a.name]));
    const byNumber = new Map((map.data?.municipalities ?? []).map((m) => [m.number, m]));
    const quantum = map.data?.quantum ?? 1;
    return {
      amkName: (id) => amkNames.get(id) ?? id,
      municipalityName: (nr) => byNumber.get(nr)?.name ?? nr,
      municipalities: [...byNumber.values()]
        .map((m) => ({ number: m.number, name: m.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nb')),
      pointOf: (nr) => {
        const m = byNumber.get(nr);
        return m ? municipalityPoint(m.polygons, quantum) : null;
      },
    };
  }, [amks.data, map.data]);
}

const URGENCY_COLOUR: Record<Urgency, 'danger' | 'warning' | 'success'> = {
  akutt: 'danger',
  haster: 'warning',
  vanlig: 'success',
};

/** The urgency as a worded colour tag (never colour alone). */
export function UrgencyTag({ value }: { value: Urgency }) {
  const { t } = useI18n();
  return (
    <Tag size="small" variant="strong" data-color={URGENCY_COLOUR[value]} data-urgency={value}>
      {t(`amkMissions.urgency.${value}`)}
    </Tag>
  );
}

/** A mission's age as text ("12 min", "2 t 5 min"). */
export function useAgeText(): (m: Pick<Mission, 'createdAt' | 'closedAt'>, nowMs: number) => string {
  const { t } = useI18n();
  return (m, nowMs) => {
    const { hours, minutes } = ageOf(m, nowMs);
    return hours > 0
      ? t('amkMissions.age.hours', { hours, minutes })
      : t('amkMissions.age.minutes', { minutes });
  };
}

/** Where the signed-in user may operate AMK missions: everywhere, or these AMK ids. */
export function useOperates(): 'national' | string[] {
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  return scopeIds(actor?.capabilities, 'amk.operate');
}

export function LiveNote({ connected }: { connected: boolean }) {
  const { t } = useI18n();
  return (
    <BodyShort size="small" className="nm-muted" role="status" data-testid="live-status">
      {t(connected ? 'amkMissions.live.on' : 'amkMissions.live.off')}
    </BodyShort>
  );
}

const timeFmt = new Intl.DateTimeFormat('nb-NO', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Oslo',
});
/** A clock time in Oslo, `14:05`. */
export const clockTime = (iso: string) => timeFmt.format(new Date(iso));

type Delivery = NonNullable<TripleAlert['recipients'][number]['delivery']>;

/**
 * An alert's delivery over Nødnett to a recipient outside nodmeld (AMK-3, NN-6): delivered (when,
 * to whom, read when), on its way with the reason of the last failed attempt and the next one, or
 * given up — then the operator must alert the recipient by telephone, said in words, not colour.
 */
export function DeliveryStatus({ delivery }: { delivery: Delivery | null }) {
  const { t } = useI18n();
  if (!delivery) return <span className="nm-muted">{t('amkMissions.delivery.console')}</span>;
  const reason = delivery.outcome ? t(`amkMissions.delivery.outcome.${delivery.outcome}`) : '';
  if (delivery.state === 'delivered')
    return (
      <span data-testid="delivery" data-state="delivered">
        {t('amkMissions.delivery.delivered', {
          time: clockTime(delivery.deliveredAt ?? delivery.lastAttemptAt ?? ''),
          to: delivery.addressName ?? '',
        })}
        {delivery.consumedAt &&
          ` · ${t('amkMissions.delivery.read', { time: clockTime(delivery.consumedAt) })}`}
      </span>
    );
  if (delivery.state === 'failed')
    return (
      <Tag size="small" variant="strong" data-color="danger" data-testid="delivery" data-state="failed">
        {t('amkMissions.delivery.failed', { reason })}
      </Tag>
    );
  return (
    <span data-testid="delivery" data-state="pending">
      {delivery.outcome === null
        ? t('amkMissions.delivery.sending')
        : t('amkMissions.delivery.retrying', {
            reason,
            attempts: delivery.attempts,
            time: delivery.nextAttemptAt ? clockTime(delivery.nextAttemptAt) : '',
          })}
    </span>
  );
}
