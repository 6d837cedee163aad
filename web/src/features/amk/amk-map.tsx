/**
 * The AMK picture's map (issue 14; NN-4, NN-5): the municipalities of the caller's AMK area and its
 * neighbours' (the boundaries of the national map, projected by shared/map — no tile server), and
 * on them every unit as a marker: its shape and colour by status, hollow at its home station when
 * it has no position, dashed when its position is old, ringed when it is a neighbouring AMK's, with
 * its short track as a line. Markers are memoised: a redraw after a batch of positions touches
 * only the units that moved. The markers are for the eye and the pointer (a click chooses a unit);
 * the list beside the map says all of it in words and is the keyboard's way in.
 */
import { memo, useCallback, useId, useMemo, useRef, useState, type MouseEvent } from 'react';
import { BodyShort, Link } from '@navikt/ds-react';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import type { MunicipalityMapBody, ProjectedMap } from '../../shared/map/project-municipalities.ts';
import type { ResourceStatus } from './api.ts';
import { placeOf, STATUS_SHAPES, type Picture, type PictureUnit } from './picture-view.ts';

export interface MarkerProps {
  id: string;
  x: number;
  y: number;
  status: ResourceStatus;
  from: 'position' | 'station';
  stale: boolean;
  neighbour: boolean;
  selected: boolean;
  /** An unacknowledged safety alarm from the unit's terminal. */
  alarm: boolean;
  /** The track's points as an SVG `points` list (empty: none). */
  track: string;
  label: string;
  /** Map units per screen pixel: markers keep their size on screen however the map is scaled. */
  k: number;
}

const UnitMarker = memo(function UnitMarker(p: MarkerProps) {
  const cls = [
    'nm-amk-unit',
    `nm-amk-status-${p.status}`,
    p.from === 'station' ? 'nm-amk-at-station' : '',
    p.stale ? 'nm-amk-stale' : '',
    p.neighbour ? 'nm-amk-neighbour-unit' : '',
    p.selected ? 'nm-amk-selected' : '',
    p.alarm ? 'nm-amk-alarmed' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <g
      className={cls}
      data-unit={p.id}
      data-alarm={p.alarm ? 'true' : undefined}
      data-status={p.status}
      data-place={p.from}
      data-stale={p.stale ? 'true' : undefined}
    >
      {p.track && <polyline className="nm-amk-track" points={p.track} style={{ strokeWidth: 1.5 * p.k }} />}
      <g transform={`translate(${p.x},${p.y}) scale(${p.k})`}>
        {p.neighbour && <circle r="10" className="nm-amk-ring" />}
        {p.selected && <circle r="13" className="nm-amk-selected-ring" />}
        {p.alarm && <circle r="16" className="nm-amk-alarm-ring" />}
        <path d={STATUS_SHAPES[p.status]} className="nm-amk-shape" />
        <title>{p.label}</title>
      </g>
    </g>
  );
});

/** A legend swatch: the marker's shape in the marker's look. */
export function MarkerSwatch({
  status,
  from = 'position',
  stale = false,
  neighbour = false,
  alarm = false,
}: {
  status: ResourceStatus;
  from?: 'position' | 'station';
  stale?: boolean;
  neighbour?: boolean;
  alarm?: boolean;
}) {
  const cls = [
    'nm-amk-unit',
    `nm-amk-status-${status}`,
    from === 'station' ? 'nm-amk-at-station' : '',
    stale ? 'nm-amk-stale' : '',
    neighbour ? 'nm-amk-neighbour-unit' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <svg width="30" height="30" viewBox="-18 -18 36 36" aria-hidden="true" className="nm-map-swatch">
      <g className={cls}>
        {neighbour && <circle r="10" className="nm-amk-ring" />}
        {alarm && <circle r="16" className="nm-amk-alarm-ring" />}
        <path d={STATUS_SHAPES[status]} className="nm-amk-shape" />
      </g>
    </svg>
  );
}

export function AmkMap({
  body,
  projected,
  picture,
  nowMs,
  selectedId,
  alarmed,
  onSelect,
  labelOf,
  skipTo,
}: {
  body: MunicipalityMapBody;
  projected: ProjectedMap;
  picture: Picture;
  /** The clock for "stale" (a coarse one: the map need not redraw every second). */
  nowMs: number;
  selectedId: string | null;
  /** The units with an unacknowledged safety alarm (drawn on top, in a red ring). */
  alarmed: ReadonlySet<string>;
  onSelect: (id: string) => void;
  labelOf: (u: PictureUnit, from: 'position' | 'station', stale: boolean, alarm: boolean) => string;
  skipTo: string;
}) {
  const { t } = useI18n();
  const titleId = useId();
  const descId = useId();
  // Map units per screen pixel, from the drawn width (markers ~14 px across at any size).
  const [k, setK] = useState(1);
  const observer = useRef<ResizeObserver | null>(null);
  const svgRef = useCallback(
    (el: SVGSVGElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!el) return;
      const measure = () => {
        const w = el.getBoundingClientRect().width;
        if (w > 0) setK(Math.round((projected.width / w) * 20) / 20);
      };
      measure();
      observer.current = new ResizeObserver(measure);
      observer.current.observe(el);
    },
    [projected.width],
  );
  const own = useMemo(() => new Set(picture.amkIds), [picture.amkIds]);
  const neighbours = useMemo(() => new Set(picture.neighbourAmkIds), [picture.neighbourAmkIds]);

  const areas = useMemo(
    () =>
      projected.shapes.map((s) => {
        const area =
          own.size === 0 || (s.amkId && own.has(s.amkId))
            ? 'own'
            : s.amkId && neighbours.has(s.amkId)
              ? 'neighbour'
              : 'other';
        return (
          <path
            key={s.number}
            d={s.d}
            className={`nm-amk-area nm-amk-area-${area}`}
            data-municipality={s.number}
          >
            <title>{s.name}</title>
          </path>
        );
      }),
    [projected, own, neighbours],
  );

  const { markers, outside } = useMemo(() => {
    const markers: MarkerProps[] = [];
    const outside: string[] = [];
    for (const u of picture.units.values()) {
      const place = placeOf(u, picture.staleAfterMs, nowMs);
      const xy = projected.project(place.lon, place.lat);
      if (!xy || xy[0] < 0 || xy[1] < 0 || xy[0] > projected.width || xy[1] > projected.height) {
        outside.push(u.resource.callSign);
        continue;
      }
      const track =
        place.from === 'position' && u.track.length > 1
          ? u.track
              .map((p) => projected.project(p.lon, p.lat))
              .filter((q): q is [number, number] => q !== null)
              .map(([x, y]) => `${x},${y}`)
              .join(' ')
          : '';
      markers.push({
        id: u.resource.id,
        x: xy[0],
        y: xy[1],
        status: u.resource.status,
        from: place.from,
        stale: place.stale,
        neighbour: u.neighbour,
        selected: u.resource.id === selectedId,
        alarm: alarmed.has(u.resource.id),
        track,
        label: labelOf(u, place.from, place.stale, alarmed.has(u.resource.id)),
        k,
      });
    }
    // The chosen unit and those in alarm last: drawn on top.
    const rank = (m: MarkerProps) => Number(m.selected) + 2 * Number(m.alarm);
    markers.sort((a, b) => rank(a) - rank(b));
    return { markers, outside };
  }, [picture, projected, nowMs, selectedId, alarmed, labelOf, k]);

  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    const id = (e.target as Element).closest('[data-unit]')?.getAttribute('data-unit');
    if (id) onSelect(id);
  };

  return (
    <div className="nm-map-frame">
      <a className="nm-map-skip" href={`#${skipTo}`}>
        {t('amkPicture.map.skip')}
      </a>
      {/* A pointer's shortcut to choosing a unit; the list does the same from the keyboard. */}
      <svg
        viewBox={`0 0 ${projected.width} ${projected.height}`}
        className="nm-map nm-amk-map"
        role="group"
        aria-labelledby={titleId}
        aria-describedby={descId}
        data-testid="amk-map"
        ref={svgRef}
        onClick={onClick}
      >
        <title id={titleId}>{t('amkPicture.map.title')}</title>
        <desc id={descId}>{t('amkPicture.map.desc')}</desc>
        <g className="nm-amk-areas">{areas}</g>
        <g className="nm-amk-units">
          {markers.map((m) => (
            <UnitMarker key={m.id} {...m} />
          ))}
        </g>
      </svg>
      {outside.length > 0 && (
        <BodyShort size="small" className="nm-muted" data-testid="amk-map-outside">
          {t('amkPicture.map.outside', { names: outside.join(', ') })}
        </BodyShort>
      )}
      <BodyShort size="small" className="nm-muted">
        {t('amkPicture.map.attribution', { holder: body.attribution.holder, year: body.attribution.year })}{' '}
        <Link href={body.attribution.licenceUrl}>{body.attribution.licence}</Link>
      </BodyShort>
    </div>
  );
}
