/**
 * One AMK unit (issue 14; NN-5, AMK-2): its register data, status and the way to change it through
 * the transition table (only the allowed moves are offered; a refusal is the server's code in
 * words), the crew on duty from the roster with the competence rules' verdict, its status log and
 * its track. Re-read when a push names it (its status or its positions).
 */
import { useState } from 'react';
import { BodyShort, Button, HStack, Loader, Table, VStack } from '@navikt/ds-react';
import { can, useAuth } from '../../shared/auth.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { formatDateTime } from '../../shared/i18n/i18n.tsx';
import { useLiveReload, type LiveEvent } from '../../shared/live/use-event-stream.ts';
import { TextLink } from '../../shared/router.tsx';
import {
  amkApi,
  POSITIONS_RECORDED,
  RESOURCE_CHANGED,
  type PositionsRecordedPayload,
  type ResourceChangedPayload,
  type ResourceDetail,
  type ResourceStatus,
} from './api.ts';
import { MarkerSwatch } from './amk-map.tsx';
import { manualNextStatuses } from './picture-view.ts';
import { useAmkTexts } from './texts.ts';

const TYPES = [RESOURCE_CHANGED, POSITIONS_RECORDED];

export function ResourcePage({ id }: { id: string }) {
  const x = useAmkTexts();
  const { t } = x;
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const detail = useResource((signal) => amkApi.resource(id, signal), [id]);
  const centres = useResource((signal) => amkApi.amkCentres(signal), []);
  const amkName = (amkId: string) => centres.data?.items.find((c) => c.id === amkId)?.name ?? amkId;
  const names = (e: LiveEvent) =>
    e.type === RESOURCE_CHANGED
      ? (e.payload as ResourceChangedPayload).resourceId === id
      : (e.payload as PositionsRecordedPayload).units.some((u) => u.resourceId === id);
  useLiveReload(TYPES, detail.reload, 500, names);
  const r = detail.data;

  return (
    <PageFrame
      title={r ? r.callSign : t('amkPicture.title')}
      actions={<TextLink href="/amk">{t('amkResource.back')}</TextLink>}
    >
      {detail.error !== null && <ProblemAlert error={detail.error} />}
      {!r && detail.error === null && <Loader size="large" title={t('app.loading')} />}
      {r && (
        <>
          <Panel title={t('amkResource.facts')} level="2">
            <dl className="nm-facts" data-testid="amk-resource-facts">
              <div>
                <dt>{t('amkResource.status')}</dt>
                <dd data-testid="amk-resource-status">
                  <HStack gap="space-4" align="center" as="span">
                    <MarkerSwatch status={r.status} from={r.position ? 'position' : 'station'} />
                    {x.status(r.status)}
                  </HStack>
                </dd>
              </div>
              <div>
                <dt>{t('amkResource.statusSince')}</dt>
                <dd>{formatDateTime(r.statusChangedAt)}</dd>
              </div>
              <div>
                <dt>{t('amkResource.kind')}</dt>
                <dd>{x.kindOf(r)}</dd>
              </div>
              <div>
                <dt>{t('amkResource.amk')}</dt>
                <dd>{amkName(r.amkId)}</dd>
              </div>
              <div>
                <dt>{t('amkResource.station')}</dt>
                <dd>{r.station.name}</dd>
              </div>
              <div>
                <dt>{t('amkResource.terminal')}</dt>
                <dd>{r.issi ?? t('amkResource.terminal.none')}</dd>
              </div>
              <div>
                <dt>{t('amkResource.mission')}</dt>
                <dd>{r.missionId ? t('amkResource.mission.yes') : t('amkResource.mission.none')}</dd>
              </div>
              <div>
                <dt>{t('amkResource.position')}</dt>
                <dd>
                  {r.position
                    ? `${formatDateTime(r.position.observedAt)}${r.position.stale ? ` · ${t('amkResource.position.stale')}` : ''}`
                    : t('amkPicture.place.station', { station: r.station.name })}
                </dd>
              </div>
            </dl>
          </Panel>
          {can(actor, 'amk.operate', [r.amkId]) && <StatusChange resource={r} onChanged={detail.reload} />}
          <Crew resource={r} neighbour={!can(actor, 'amk.read', [r.amkId])} />
          <Panel title={t('amkResource.timeline')} level="2">
            {r.timeline.length === 0 ? (
              <BodyShort className="nm-muted">{t('amkResource.timeline.none')}</BodyShort>
            ) : (
              <Table size="small" zebraStripes data-testid="amk-timeline">
                <caption className="aksel-sr-only">{t('amkResource.timeline.caption')}</caption>
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeader scope="col">{t('amkResource.timeline.at')}</Table.ColumnHeader>
                    <Table.ColumnHeader scope="col">{t('amkResource.timeline.from')}</Table.ColumnHeader>
                    <Table.ColumnHeader scope="col">{t('amkResource.timeline.to')}</Table.ColumnHeader>
                    <Table.ColumnHeader scope="col">{t('amkResource.timeline.by')}</Table.ColumnHeader>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {r.timeline.map((c, i) => (
                    <Table.Row key={`${c.at}-${i}`}>
                      <Table.HeaderCell scope="row">{formatDateTime(c.at)}</Table.HeaderCell>
                      <Table.DataCell>{c.from ? x.status(c.from) : t('amkResource.none')}</Table.DataCell>
                      <Table.DataCell>{x.status(c.to)}</Table.DataCell>
                      <Table.DataCell>{c.by}</Table.DataCell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
          </Panel>
          <Panel title={t('amkResource.track')} level="2">
            {r.track.length === 0 ? (
              <BodyShort className="nm-muted">{t('amkResource.track.none')}</BodyShort>
            ) : (
              <Table size="small" zebraStripes data-testid="amk-track">
                <caption className="aksel-sr-only">{t('amkResource.track.caption')}</caption>
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeader scope="col">{t('amkResource.track.at')}</Table.ColumnHeader>
                    <Table.ColumnHeader scope="col">{t('amkResource.track.lat')}</Table.ColumnHeader>
                    <Table.ColumnHeader scope="col">{t('amkResource.track.lon')}</Table.ColumnHeader>
                    <Table.ColumnHeader scope="col">{t('amkResource.track.error')}</Table.ColumnHeader>
                    <Table.ColumnHeader scope="col">{t('amkResource.track.speed')}</Table.ColumnHeader>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {r.track.map((p) => (
                    <Table.Row key={p.observedAt}>
                      <Table.HeaderCell scope="row">{formatDateTime(p.observedAt)}</Table.HeaderCell>
                      <Table.DataCell>{p.lat.toFixed(5)}</Table.DataCell>
                      <Table.DataCell>{p.lon.toFixed(5)}</Table.DataCell>
                      <Table.DataCell>
                        {p.errorMetres === null ? t('amkResource.none') : `±${Math.round(p.errorMetres)} m`}
                      </Table.DataCell>
                      <Table.DataCell>
                        {p.speedKmh === null
                          ? t('amkResource.none')
                          : t('amkResource.track.speed.value', { n: Math.round(p.speedKmh) })}
                      </Table.DataCell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
          </Panel>
        </>
      )}
    </PageFrame>
  );
}

/** The allowed next statuses as buttons; the server decides, and its refusal is shown in words. */
function StatusChange({ resource, onChanged }: { resource: ResourceDetail; onChanged: () => void }) {
  const x = useAmkTexts();
  const { t } = x;
  const [busy, setBusy] = useState<ResourceStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<ResourceStatus | null>(null);
  const next = manualNextStatuses(resource.status);
  const change = async (to: ResourceStatus) => {
    setBusy(to);
    setError(null);
    setDone(null);
    try {
      await amkApi.changeStatus(resource.id, to, resource.revision);
      setDone(to);
      onChanged();
    } catch (e) {
      setError(e);
      onChanged();
    } finally {
      setBusy(null);
    }
  };
  return (
    <Panel title={t('amkResource.changeStatus')} level="2">
      <VStack gap="space-12" data-testid="amk-status-change">
        <BodyShort size="small" className="nm-muted">
          {t('amkResource.changeStatus.hint')}
        </BodyShort>
        {next.length === 0 ? (
          <BodyShort>{t('amkResource.changeStatus.none')}</BodyShort>
        ) : (
          <HStack gap="space-8" wrap>
            {next.map((s) => (
              <Button
                key={s}
                type="button"
                size="small"
                variant="secondary"
                loading={busy === s}
                onClick={() => void change(s)}
              >
                {t('amkResource.changeStatus.to', { status: x.status(s) })}
              </Button>
            ))}
          </HStack>
        )}
        <div role="status">
          {done && <BodyShort>{t('amkResource.changeStatus.done', { status: x.status(done) })}</BodyShort>}
        </div>
        {error !== null && <ProblemAlert error={error} />}
      </VStack>
    </Panel>
  );
}

/** The crew on duty and the competence rules' verdict on it. */
function Crew({ resource, neighbour }: { resource: ResourceDetail; neighbour: boolean }) {
  const x = useAmkTexts();
  const { t } = x;
  const crew = resource.crew;
  return (
    <Panel title={t('amkResource.crew')} level="2">
      <div data-testid="amk-crew">
        {!crew ? (
          <BodyShort className="nm-muted">
            {neighbour
              ? t('amkResource.crew.hidden')
              : resource.rosterUnitId
                ? t('amkResource.crew.none')
                : t('amkResource.crew.noRoster')}
          </BodyShort>
        ) : (
          <VStack gap="space-12">
            <BodyShort>
              {t('amkResource.crew.shift', {
                start: formatDateTime(crew.shift.start),
                end: formatDateTime(crew.shift.end),
              })}
            </BodyShort>
            {crew.ok ? (
              <BodyShort>{t('amkResource.crew.ok')}</BodyShort>
            ) : (
              <BodyShort className="nm-amk-crew-flag" data-testid="crew-flagged">
                {t('amkResource.crew.flagged', {
                  paragraphs: [...new Set(crew.violations.map((v) => v.paragraph))].join(', '),
                })}
              </BodyShort>
            )}
            <Table size="small">
              <caption className="aksel-sr-only">{t('amkResource.crew.caption')}</caption>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeader scope="col">{t('amkResource.crew.name')}</Table.ColumnHeader>
                  <Table.ColumnHeader scope="col">{t('amkResource.crew.role')}</Table.ColumnHeader>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {crew.crew.map((c) => (
                  <Table.Row key={c.personId}>
                    <Table.HeaderCell scope="row">{c.name}</Table.HeaderCell>
                    <Table.DataCell>{x.role(c.role)}</Table.DataCell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </VStack>
        )}
      </div>
    </Panel>
  );
}
