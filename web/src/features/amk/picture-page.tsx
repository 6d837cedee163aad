/**
 * AMK-bilde (issue 14; NN-4, NN-5, AMK-2): the AMK operator's picture. At the top, the safety
 * alarms that wait to be acknowledged (and an assertive live region that says a new one at once);
 * then the live map of the caller's AMK area with its units and the neighbours' available ones,
 * beside it the list of units with counts per status, the crew flag and filters; below, the alarms
 * acknowledged in the last day. Live by one event stream (use-amk-live.ts); the operations centre
 * sees every AMK's units on the map of the whole country.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { Alert, BodyShort, Heading, HGrid, Loader, VStack } from '@navikt/ds-react';
import { can, useAuth } from '../../shared/auth.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { formatDateTime } from '../../shared/i18n/i18n.tsx';
import { useNow } from '../../shared/live/use-now.ts';
import { loadMunicipalityMap, projectMunicipalities } from '../../shared/map/project-municipalities.ts';
import { AppLink } from '../../shared/router.tsx';
import { AcknowledgedAlarms, OpenAlarms } from './alarm-panel.tsx';
import { amkApi, RESOURCE_STATUSES, type SafetyAlarm, type SafetyAlarmChangedPayload } from './api.ts';
import { AmkMap, MarkerSwatch } from './amk-map.tsx';
import { NO_FILTER, placeOf, splitAlarms, type Filter, type PictureUnit } from './picture-view.ts';
import { ResourceList } from './resource-list.tsx';
import { useAmkTexts } from './texts.ts';
import { useAmkLive } from './use-amk-live.ts';

/** The map's stale marks and the list's ages move on this often (the alarms' clocks each second). */
const COARSE_MS = 10_000;

export function AmkPicturePage() {
  const x = useAmkTexts();
  const { t } = x;
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;

  // The assertive live region: said at once by a screen reader, whatever has focus.
  const [announcement, setAnnouncement] = useState('');
  const onAlarm = useCallback(
    (p: SafetyAlarmChangedPayload) => {
      const unit = p.callSign ?? t('amkPicture.alarm.unknownUnit', { issi: p.issi });
      setAnnouncement(
        p.change === 'raised'
          ? t('amkPicture.alarms.announce', { unit })
          : p.change === 'escalated'
            ? t('amkPicture.alarms.announce.escalated', {
                unit,
                level: t(`amkPicture.alarm.level.${p.level}`),
              })
            : t('amkPicture.alarms.announce.acknowledged', { unit }),
      );
    },
    [t],
  );
  const live = useAmkLive(onAlarm);
  const map = useResource((signal) => loadMunicipalityMap(signal), [live.dataVersionSeen]);
  const centres = useResource((signal) => amkApi.amkCentres(signal), []);
  const names = useMemo(
    () => new Map((centres.data?.items ?? []).map((c) => [c.id, c.name])),
    [centres.data],
  );
  const amkName = useCallback((id: string) => names.get(id) ?? id, [names]);

  const now = useNow();
  const coarseNow = Math.floor(now / COARSE_MS) * COARSE_MS;
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selectedRef = useRef<HTMLHeadingElement>(null);

  const picture = live.picture;
  // Projected once per map body and area: not on every batch of positions.
  const areaKey = picture ? picture.amkIds.join(',') : null;
  const projected = useMemo(() => {
    if (!map.data || areaKey === null) return null;
    const own = new Set(areaKey.split(',').filter(Boolean));
    return projectMunicipalities(map.data, {
      width: 640,
      maxHeight: 720,
      // The own area, with room around it for the neighbours' units near the border.
      ...(own.size > 0 ? { fitTo: (m) => m.amkId !== null && own.has(m.amkId), margin: 0.12 } : {}),
    });
  }, [map.data, areaKey]);

  const labelOf = useCallback(
    (u: PictureUnit, from: 'position' | 'station', stale: boolean, alarm: boolean) =>
      (alarm ? t('amkPicture.map.unit.alarm') : '') +
      t('amkPicture.map.unit', {
        callSign: u.resource.callSign,
        status: x.status(u.resource.status),
        where:
          (from === 'station'
            ? t('amkPicture.map.unit.station', { station: u.resource.station.name })
            : stale
              ? t('amkPicture.map.unit.stale')
              : '') +
          (u.neighbour ? t('amkPicture.map.unit.neighbour', { amk: amkName(u.resource.amkId) }) : ''),
      }),
    // x.status is t by another name: these two are all it depends on.
    [t, amkName],
  );

  const alarms = useMemo(() => splitAlarms(live.alarms?.items ?? []), [live.alarms]);
  const alarmed = useMemo(
    () => new Set(alarms.open.flatMap((a) => (a.resourceId ? [a.resourceId] : []))),
    [alarms],
  );
  const mayAcknowledge = useCallback((a: SafetyAlarm) => can(actor, 'amk.operate', a.audience), [actor]);
  const select = (id: string) => {
    setSelectedId(id);
    selectedRef.current?.focus();
  };
  const selected = selectedId && picture ? picture.units.get(selectedId) : undefined;

  const area =
    picture && picture.amkIds.length > 0
      ? t('amkPicture.area', { own: picture.amkIds.map(amkName).join(', ') }) +
        (picture.neighbourAmkIds.length
          ? ` · ${t('amkPicture.area.neighbours', { names: picture.neighbourAmkIds.map(amkName).join(', ') })}`
          : '')
      : t('amkPicture.area.national');

  return (
    <PageFrame title={t('amkPicture.title')} intro={t('amkPicture.intro')}>
      <div
        role="alert"
        aria-live="assertive"
        aria-atomic="true"
        className="aksel-sr-only"
        data-testid="alarm-announcer"
      >
        {announcement}
      </div>
      <VStack gap="space-8">
        {live.alarmsError !== null && <ProblemAlert error={live.alarmsError} />}
        {live.alarms && (
          <OpenAlarms
            alarms={alarms.open}
            mayAcknowledge={mayAcknowledge}
            onAcknowledged={live.reloadAlarms}
          />
        )}
      </VStack>
      <BodyShort size="small" className="nm-muted" data-testid="amk-live-status">
        {live.connected ? t('amkPicture.live.on') : t('amkPicture.live.off')}
        {picture ? ` · ${area}` : ''}
      </BodyShort>
      {live.error !== null && picture && (
        <Alert variant="warning" size="small" data-testid="amk-stale">
          <strong>{t('amkPicture.stale.title', { time: formatDateTime(live.readAt) })}</strong>{' '}
          {t('amkPicture.stale.body')}
        </Alert>
      )}
      {live.error !== null && !picture && <ProblemAlert error={live.error} />}
      {map.error !== null && !map.data && <ProblemAlert error={map.error} />}
      {(!picture || !projected) && live.error === null && map.error === null && (
        <Loader size="large" title={t('app.loading')} />
      )}
      {picture && projected && map.data && (
        <HGrid columns={{ xs: 1, lg: '1fr 1fr' }} gap="space-24" align="start">
          <VStack gap="space-16">
            <AmkMap
              body={map.data}
              projected={projected}
              picture={picture}
              nowMs={coarseNow}
              selectedId={selectedId}
              alarmed={alarmed}
              onSelect={select}
              labelOf={labelOf}
              skipTo="amk-units"
            />
            <Panel title={t('amkPicture.selected')} level="2" headingRef={selectedRef}>
              <div data-testid="amk-selected">
                {selected ? (
                  <dl className="nm-facts">
                    <div>
                      <dt>{t('amkPicture.col.callSign')}</dt>
                      <dd>
                        <AppLink href={`/amk/resources/${selected.resource.id}`}>
                          {t('amkPicture.open', { callSign: selected.resource.callSign })}
                        </AppLink>
                      </dd>
                    </div>
                    <div>
                      <dt>{t('amkPicture.col.status')}</dt>
                      <dd>{x.status(selected.resource.status)}</dd>
                    </div>
                    <div>
                      <dt>{t('amkPicture.col.kind')}</dt>
                      <dd>{x.kindOf(selected.resource)}</dd>
                    </div>
                    <div>
                      <dt>{t('amkPicture.col.place')}</dt>
                      <dd>
                        {placeOf(selected, picture.staleAfterMs, coarseNow).from === 'station'
                          ? t('amkPicture.place.station', { station: selected.resource.station.name })
                          : formatDateTime(selected.resource.position!.observedAt)}
                      </dd>
                    </div>
                    {selected.neighbour && (
                      <div>
                        <dt>{t('amkResource.amk')}</dt>
                        <dd>{amkName(selected.resource.amkId)}</dd>
                      </div>
                    )}
                  </dl>
                ) : (
                  <BodyShort className="nm-muted">{t('amkPicture.selected.hint')}</BodyShort>
                )}
              </div>
            </Panel>
            <Panel title={t('amkPicture.legend')} level="2">
              <ul className="nm-map-legend" data-testid="amk-legend">
                {RESOURCE_STATUSES.map((s) => (
                  <li key={s}>
                    <MarkerSwatch status={s} /> {x.status(s)}
                  </li>
                ))}
                <li>
                  <MarkerSwatch status="available" neighbour /> {t('amkPicture.legend.neighbour')}
                </li>
                <li>
                  <MarkerSwatch status="at-scene" alarm /> {t('amkPicture.legend.alarm')}
                </li>
                <li>
                  <MarkerSwatch status="en-route" stale />{' '}
                  {t('amkPicture.legend.stale', { minutes: Math.round(picture.staleAfterMs / 60_000) })}
                </li>
                <li>
                  <MarkerSwatch status="available" from="station" /> {t('amkPicture.legend.station')}
                </li>
                <li>
                  <svg width="26" height="18" aria-hidden="true" className="nm-map-swatch">
                    <rect width="26" height="18" className="nm-amk-area nm-amk-area-own" />
                  </svg>{' '}
                  {t('amkPicture.legend.area.own')}
                </li>
                <li>
                  <svg width="26" height="18" aria-hidden="true" className="nm-map-swatch">
                    <rect width="26" height="18" className="nm-amk-area nm-amk-area-neighbour" />
                  </svg>{' '}
                  {t('amkPicture.legend.area.neighbour')}
                </li>
                <li>
                  <svg width="26" height="18" aria-hidden="true" className="nm-map-swatch">
                    <polyline points="2,15 10,9 17,11 24,3" className="nm-amk-track" />
                  </svg>{' '}
                  {t('amkPicture.legend.track')}
                </li>
              </ul>
            </Panel>
          </VStack>
          <section id="amk-units" tabIndex={-1} className="nm-map-side" aria-labelledby="amk-units-heading">
            <VStack gap="space-16">
              <Heading level="2" size="medium" id="amk-units-heading">
                {t('amkPicture.list')}
              </Heading>
              <ResourceList
                picture={picture}
                nowMs={coarseNow}
                filter={filter}
                onFilter={setFilter}
                selectedId={selectedId}
                onSelect={select}
                amkName={amkName}
              />
            </VStack>
          </section>
        </HGrid>
      )}
      {live.alarms && (
        <Panel title={t('amkPicture.alarms.recent')} level="2">
          <AcknowledgedAlarms alarms={alarms.acknowledged} />
        </Panel>
      )}
    </PageFrame>
  );
}
