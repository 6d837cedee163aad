/**
 * Landskart (issue 11; LV-4, RT-7, RT-10, RT-11): Norway's 357 municipalities drawn with d3-geo
 * from the server's compact boundaries (Kartverket, credited on the page), each in the colour of
 * its legevaktsentral's share answered within 2 minutes in the last hour — met, near, not met,
 * no calls — and hatched with a dark outline where the centre is re-routed, closed or unavailable
 * now. Each centre is one link (to its wall-board) that Tab reaches and a screen reader reads
 * with its figures; pointing at a municipality or focusing a centre shows the figures beside the
 * map; the legend, the list of marked centres and a table say all of it in words. Live like the
 * wall-board (use-national-live.ts).
 */
import { useEffect, useId, useMemo, useState, type MouseEvent } from 'react';
import { BodyShort, HGrid, Link, Loader, Table, VStack } from '@navikt/ds-react';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { navigate } from '../../shared/router.tsx';
import type { NationalCentre } from './api.ts';
import { useNow } from '../../shared/live/use-now.ts';
import { LiveLine, useLiveTexts } from './live-parts.tsx';
import { longestWaitNow, sortCentres, type TargetLevel } from './live-view.ts';
import {
  loadMunicipalityMap,
  projectMunicipalities,
  type MapShape,
} from '../../shared/map/project-municipalities.ts';
import { shapesByCentre } from './map-view.ts';
import { useNationalLive } from './use-national-live.ts';

type Mark = 'rerouted' | 'closed' | 'unavailable';
const LEVELS: TargetLevel[] = ['met', 'near', 'not-met', 'none'];
const MARKS: Mark[] = ['rerouted', 'closed', 'unavailable'];

const markOf = (c: NationalCentre | undefined): Mark | null => {
  const s = c?.routing?.status;
  return s === 'rerouted' || s === 'closed' || s === 'unavailable' ? s : null;
};

/** The hatchings: diagonal for re-routed, horizontal for closed, crossed for unavailable. */
function Patterns() {
  const line = { stroke: '#23262a', strokeWidth: 1.1 };
  return (
    <defs>
      <pattern
        id="nm-hatch-rerouted"
        patternUnits="userSpaceOnUse"
        width="5"
        height="5"
        patternTransform="rotate(45)"
      >
        <line x1="0" y1="0" x2="0" y2="5" {...line} />
      </pattern>
      <pattern id="nm-hatch-closed" patternUnits="userSpaceOnUse" width="5" height="5">
        <line x1="0" y1="2.5" x2="5" y2="2.5" {...line} />
      </pattern>
      <pattern
        id="nm-hatch-unavailable"
        patternUnits="userSpaceOnUse"
        width="6"
        height="6"
        patternTransform="rotate(45)"
      >
        <line x1="0" y1="0" x2="0" y2="6" {...line} />
        <line x1="0" y1="3" x2="6" y2="3" {...line} />
      </pattern>
    </defs>
  );
}

function Swatch({ level, mark }: { level?: TargetLevel; mark?: Mark }) {
  return (
    <svg width="28" height="18" aria-hidden="true" className="nm-map-swatch">
      <rect width="28" height="18" className={`nm-map-fill nm-level-${level ?? 'none'}`} />
      {mark && <rect width="28" height="18" className={`nm-map-mark nm-map-mark-${mark}`} />}
    </svg>
  );
}

export function NationalMapPage() {
  const live = useNationalLive(() => true, 500);
  const map = useResource((signal) => loadMunicipalityMap(signal), []);
  const now = useNow();
  const [pointed, setPointed] = useState<{ centreId: string; municipality: MapShape | null } | null>(null);
  const titleId = useId();
  const descId = useId();

  // A new routing data version: the municipalities' centres may have changed (304 when not).
  const version = live.data?.dataVersion;
  const mapVersion = map.data?.dataVersion;
  const reloadMap = map.reload;
  useEffect(() => {
    if (version != null && mapVersion !== undefined && version !== mapVersion) reloadMap();
  }, [version, mapVersion, reloadMap]);

  const projected = useMemo(() => (map.data ? projectMunicipalities(map.data, 600) : null), [map.data]);
  const groups = useMemo(() => (projected ? [...shapesByCentre(projected.shapes)] : []), [projected]);
  const centres = useMemo(() => new Map((live.data?.centres ?? []).map((c) => [c.centreId, c])), [live.data]);
  const names = useMemo(() => new Map([...centres].map(([id, c]) => [id, c.name])), [centres]);
  const x = useLiveTexts(names);
  const sorted = useMemo(() => sortCentres([...centres.values()]), [centres]);
  const marked = sorted.filter((c) => markOf(c) !== null);
  const withoutShape = map.data?.municipalities.filter((m) => m.polygons.length === 0) ?? [];

  const label = (c: NationalCentre) =>
    x.t('map.centreLabel', {
      name: c.name,
      share: x.percent(c.lastHour.share),
      label: x.t('live.share.lastHour', { limit: x.limit(c) }),
      level: x.levelText(x.level(c)),
      status: x.routingText(c) ? `${x.routingText(c)}. ` : '',
      waiting: c.waiting,
    });
  const onPoint = (e: MouseEvent<SVGSVGElement>) => {
    const el = (e.target as Element).closest('[data-municipality]');
    const centreId = el?.parentElement?.getAttribute('data-centre');
    if (!el || !centreId) return;
    const nr = el.getAttribute('data-municipality');
    setPointed({ centreId, municipality: projected?.shapes.find((s) => s.number === nr) ?? null });
  };
  const chosen = pointed ? centres.get(pointed.centreId) : undefined;
  const longest = (c: NationalCentre) =>
    x.wait(live.data ? longestWaitNow(c.longestWaitMs, live.data.at, live.offsetMs, now) : null);

  return (
    <PageFrame title={x.t('map.title')} intro={x.t('map.intro')}>
      <LiveLine at={live.data?.at ?? null} failed={live.error !== null} connected={live.connected} />
      {map.error !== null && !map.data && <ProblemAlert error={map.error} />}
      {live.error !== null && !live.data && <ProblemAlert error={live.error} />}
      {(!projected || !live.data) && map.error === null && live.error === null && (
        <Loader size="large" title={x.t('app.loading')} />
      )}
      {projected && live.data && (
        <HGrid columns={{ xs: 1, md: '3fr 2fr' }} gap="space-24" align="start">
          <div className="nm-map-frame">
            <a className="nm-map-skip" href="#map-side">
              {x.t('map.skip')}
            </a>
            <svg
              viewBox={`0 0 ${projected.width} ${projected.height}`}
              className="nm-map"
              role="group"
              aria-labelledby={titleId}
              aria-describedby={descId}
              data-testid="national-map"
              onMouseOver={onPoint}
            >
              <title id={titleId}>{x.t('map.svg.title')}</title>
              <desc id={descId}>{x.t('map.svg.desc')}</desc>
              <Patterns />
              {groups.map(([centreId, shapes]) => {
                const c = centreId === null ? undefined : centres.get(centreId);
                const level = c ? x.level(c) : 'none';
                const mark = markOf(c);
                const paths = shapes.map((s) => (
                  <path
                    key={s.number}
                    d={s.d}
                    data-municipality={s.number}
                    className={`nm-map-fill nm-level-${level}`}
                  >
                    <title>{s.name}</title>
                  </path>
                ));
                if (!c) return <g key="none">{paths}</g>;
                const href = `/calls/wallboard?centre=${encodeURIComponent(c.centreId)}`;
                return (
                  <a
                    key={c.centreId}
                    href={href}
                    aria-label={label(c)}
                    className="nm-map-centre"
                    data-centre={c.centreId}
                    data-level={level}
                    data-status={c.routing?.status ?? 'normal'}
                    onFocus={() => setPointed({ centreId: c.centreId, municipality: null })}
                    onClick={(e) => {
                      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                      e.preventDefault();
                      navigate(href);
                    }}
                  >
                    {paths}
                    {mark &&
                      shapes.map((s) => (
                        <path
                          key={`m${s.number}`}
                          d={s.d}
                          className={`nm-map-mark nm-map-mark-${mark}`}
                          aria-hidden="true"
                        />
                      ))}
                  </a>
                );
              })}
            </svg>
            <BodyShort size="small" className="nm-muted" data-testid="map-attribution">
              {x.t('map.attribution', {
                holder: map.data!.attribution.holder,
                year: map.data!.attribution.year,
              })}{' '}
              <Link href={map.data!.attribution.licenceUrl}>{map.data!.attribution.licence}</Link>
            </BodyShort>
          </div>
          <VStack gap="space-16" id="map-side" tabIndex={-1} className="nm-map-side">
            <Panel title={x.t('map.details')} level="2">
              <div data-testid="map-details">
                {chosen ? (
                  <dl className="nm-facts">
                    <div>
                      <dt>{x.t('map.col.centre')}</dt>
                      <dd>{chosen.name}</dd>
                    </div>
                    {pointed?.municipality && (
                      <div>
                        <dt>{x.t('map.details.municipality')}</dt>
                        <dd>{pointed.municipality.name}</dd>
                      </div>
                    )}
                    <div>
                      <dt>{x.t('map.col.lastHour')}</dt>
                      <dd>
                        {x.percent(chosen.lastHour.share)} · {x.levelText(x.level(chosen))}
                      </dd>
                    </div>
                    <div>
                      <dt>{x.t('map.col.today')}</dt>
                      <dd>{x.percent(chosen.today.share)}</dd>
                    </div>
                    <div>
                      <dt>{x.t('live.waiting')}</dt>
                      <dd>{chosen.waiting}</dd>
                    </div>
                    <div>
                      <dt>{x.t('live.longest')}</dt>
                      <dd>{longest(chosen)}</dd>
                    </div>
                    <div>
                      <dt>{x.t('map.col.status')}</dt>
                      <dd>{x.routingText(chosen) ?? x.statusShort(chosen)}</dd>
                    </div>
                  </dl>
                ) : (
                  <BodyShort className="nm-muted">{x.t('map.details.hint')}</BodyShort>
                )}
              </div>
            </Panel>
            <Panel title={x.t('map.legend')} level="2">
              <ul className="nm-map-legend" data-testid="map-legend">
                {LEVELS.map((l) => (
                  <li key={l}>
                    <Swatch level={l} /> {x.t(`map.legend.${l}`)}
                  </li>
                ))}
                {MARKS.map((m) => (
                  <li key={m}>
                    <Swatch mark={m} /> {x.t(`map.legend.${m}`)}
                  </li>
                ))}
              </ul>
            </Panel>
            <Panel title={x.t('map.marked')} level="2">
              {marked.length === 0 ? (
                <BodyShort data-testid="map-marked">{x.t('map.marked.none')}</BodyShort>
              ) : (
                <ul className="nm-map-marked" data-testid="map-marked">
                  {marked.map((c) => (
                    <li key={c.centreId} data-centre={c.centreId}>
                      <Swatch mark={markOf(c)!} /> <strong>{c.name}</strong>: {x.routingText(c)}
                    </li>
                  ))}
                </ul>
              )}
              {withoutShape.length > 0 && (
                <BodyShort size="small" className="nm-muted">
                  {x.t('map.noShape', { names: withoutShape.map((m) => m.name).join(', ') })}
                </BodyShort>
              )}
            </Panel>
          </VStack>
        </HGrid>
      )}
      {live.data && (
        <Panel title={x.t('map.table')} level="2">
          <Table size="small" zebraStripes data-testid="map-table">
            <caption className="aksel-sr-only">{x.t('map.table.caption')}</caption>
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader scope="col">{x.t('map.col.centre')}</Table.ColumnHeader>
                <Table.ColumnHeader scope="col">{x.t('map.col.status')}</Table.ColumnHeader>
                <Table.ColumnHeader scope="col">{x.t('map.col.lastHour')}</Table.ColumnHeader>
                <Table.ColumnHeader scope="col">{x.t('map.col.today')}</Table.ColumnHeader>
                <Table.ColumnHeader scope="col">{x.t('map.col.waiting')}</Table.ColumnHeader>
                <Table.ColumnHeader scope="col">{x.t('map.col.longest')}</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {sorted.map((c) => (
                <Table.Row key={c.centreId} data-centre={c.centreId}>
                  <Table.HeaderCell scope="row">{c.name}</Table.HeaderCell>
                  <Table.DataCell>{x.routingText(c) ?? x.statusShort(c)}</Table.DataCell>
                  <Table.DataCell>
                    {x.percent(c.lastHour.share)} · {x.levelText(x.level(c))} (
                    {x.t('live.count', { answered: c.lastHour.withinLimit, calls: c.lastHour.calls })})
                  </Table.DataCell>
                  <Table.DataCell>{x.percent(c.today.share)}</Table.DataCell>
                  <Table.DataCell>{c.waiting}</Table.DataCell>
                  <Table.DataCell>{longest(c)}</Table.DataCell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </Panel>
      )}
    </PageFrame>
  );
}
