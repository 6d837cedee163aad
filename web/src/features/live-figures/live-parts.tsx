/** What the wall-board and the map share (issue 11): the time of the figures, the live line, the stale note, the words of a centre's state. */
import { Alert, BodyShort, HStack, Heading } from '@navikt/ds-react';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { formatPercent, formatWait } from '../control-room/queue-view.ts';
import type { NationalCentre } from './api.ts';
import { staleSince, targetLevel, type TargetLevel } from './live-view.ts';

const timeFmt = new Intl.DateTimeFormat('nb-NO', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/Oslo',
});
/** An instant as `14:05:09` in Oslo time. */
export const formatClock = (iso: string) => timeFmt.format(new Date(iso));

/** "Updated 14:05:09 · Updating live", and the note that the figures are old when they are. */
export function LiveLine({
  at,
  failed,
  connected,
}: {
  at: string | null;
  failed: boolean;
  connected: boolean;
}) {
  const { t } = useI18n();
  const stale = staleSince(at, failed, connected);
  return (
    <>
      <HStack gap="space-16" align="center">
        {at && (
          <BodyShort size="small" className="nm-muted" data-testid="live-updated">
            {t('live.updated', { time: formatClock(at) })}
          </BodyShort>
        )}
        <BodyShort size="small" className="nm-muted" data-testid="live-status">
          {t(connected ? 'live.on' : 'live.off')}
        </BodyShort>
      </HStack>
      {stale && (
        <Alert variant="warning" size="small" data-testid="stale">
          <Heading level="2" size="xsmall">
            {t('live.stale.title', { time: formatClock(stale) })}
          </Heading>
          <BodyShort size="small">{t('live.stale.body')}</BodyShort>
        </Alert>
      )}
    </>
  );
}

/** The words for a centre's figures and routing (never the colour alone). */
export function useLiveTexts(names: ReadonlyMap<string, string>) {
  const { t, lang } = useI18n();
  const level = (c: NationalCentre): TargetLevel => targetLevel(c.lastHour.share, c.requiredShare);
  const levelText = (l: TargetLevel) => t(`live.level.${l}` as MessageKey);
  const limit = (c: NationalCentre) => t(c.service === 'amk' ? 'live.limit.amk' : 'live.limit.legevakt');
  const routingText = (c: NationalCentre): string | null => {
    const r = c.routing;
    if (!r || r.status === 'normal') return null;
    const centre = names.get(r.answeredBy) ?? r.answeredBy;
    const site =
      r.alternativeSite && r.status !== 'unavailable' ? ` ${t('live.routing.alternativeSite')}` : '';
    if (r.status === 'unavailable') return t('live.routing.unavailable');
    return `${t(r.status === 'closed' ? 'live.routing.closed' : 'live.routing.rerouted', { centre })}${site}`;
  };
  const statusShort = (c: NationalCentre) =>
    t(`live.routing.short.${c.routing?.status ?? 'normal'}` as MessageKey);
  const percent = (share: number | null) => formatPercent(share, lang);
  const required = (share: number) => formatPercent(share, lang, 0);
  const wait = (ms: number | null) => (ms === null ? t('live.none') : formatWait(ms));
  return { level, levelText, limit, routingText, statusShort, percent, required, wait, t, lang };
}
