/**
 * Statustavle (issue 11; LV-4, AMK-1): the live service level, big enough to read across a room.
 * One tile per centre — the share answered within the limit in the last hour, met / near / not met
 * in words and colour, today, calls waiting, the longest wait ticking on the server's clock, and
 * where the centre's calls go when not to itself (closed, re-routed, unavailable). Which centres:
 * `?centre=<id>[,<id>…]`, `?centre=all`, or by default those of the reader's own scopes. Kept
 * current by push with no interaction (use-national-live.ts); when the server cannot answer, the
 * last figures stay with a "not updated since" note.
 */
import { useId, useMemo, useRef, useState, useEffect } from 'react';
import { BodyShort, Button, HStack, Heading, Loader, Tag, VStack } from '@navikt/ds-react';
import { useAuth } from '../../shared/auth.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { TextLink, queryParam, useLocation } from '../../shared/router.tsx';
import type { NationalCentre } from './api.ts';
import { useNow } from '../../shared/live/use-now.ts';
import { LiveLine, useLiveTexts } from './live-parts.tsx';
import { centresOnBoard, longestWaitNow, type TargetLevel } from './live-view.ts';
import { useNationalLive } from './use-national-live.ts';

const LEVEL_COLOUR: Record<TargetLevel, string> = {
  met: 'success',
  near: 'warning',
  'not-met': 'danger',
  none: 'neutral',
};

function CentreTile({
  c,
  at,
  offsetMs,
  now,
  names,
}: {
  c: NationalCentre;
  at: string;
  offsetMs: number;
  now: number;
  names: ReadonlyMap<string, string>;
}) {
  const x = useLiveTexts(names);
  const headingId = useId();
  const level = x.level(c);
  const routing = x.routingText(c);
  const longest = longestWaitNow(c.longestWaitMs, at, offsetMs, now);
  return (
    <article
      className={`nm-board-tile nm-level-${level}`}
      aria-labelledby={headingId}
      data-testid="board-tile"
      data-centre={c.centreId}
      data-level={level}
      data-status={c.routing?.status ?? 'normal'}
    >
      <Heading level="3" size="medium" id={headingId} className="nm-board-name">
        {c.name}
      </Heading>
      {routing && (
        <Tag variant="strong" data-color="info" className="nm-board-routing" data-testid="board-routing">
          {routing}
        </Tag>
      )}
      <p className="nm-board-share" data-testid="board-share">
        <span className="nm-board-share-value">{x.percent(c.lastHour.share)}</span>{' '}
        <span className="nm-board-share-label">{x.t('live.share.lastHour', { limit: x.limit(c) })}</span>
      </p>
      <HStack gap="space-8" align="center" wrap>
        <Tag variant="moderate" data-color={LEVEL_COLOUR[level]} data-testid="board-level">
          {x.levelText(level)}
        </Tag>
        <BodyShort data-testid="board-count">
          {x.t('live.count', { answered: c.lastHour.withinLimit, calls: c.lastHour.calls })} ·{' '}
          {x.t('live.required', { share: x.required(c.requiredShare) })}
        </BodyShort>
      </HStack>
      <dl className="nm-board-facts">
        <div>
          <dt>{x.t('live.today')}</dt>
          <dd data-testid="board-today">
            {c.today.calls === 0 ? (
              x.t('live.none')
            ) : (
              <>
                {x.percent(c.today.share)}{' '}
                <span className="nm-board-sub">
                  {x.t('live.todayCount', { answered: c.today.withinLimit, calls: c.today.calls })}
                </span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{x.t('live.waiting')}</dt>
          <dd data-testid="board-waiting">{c.waiting}</dd>
        </div>
        <div>
          <dt>{x.t('live.longest')}</dt>
          <dd data-testid="board-longest">{x.wait(longest)}</dd>
        </div>
      </dl>
    </article>
  );
}

/** Full screen for the board itself (a wall screen shows nothing else). */
function useFullscreen(target: React.RefObject<HTMLElement | null>) {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const sync = () => setOn(document.fullscreenElement === target.current && target.current !== null);
    document.addEventListener('fullscreenchange', sync);
    return () => document.removeEventListener('fullscreenchange', sync);
  }, [target]);
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void target.current?.requestFullscreen?.();
  };
  return { on, toggle, supported: typeof document !== 'undefined' && document.fullscreenEnabled };
}

export function WallboardPage() {
  const location = useLocation();
  const param = queryParam(location, 'centre');
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const scopes = useMemo(
    () => actor?.capabilities?.find((c) => c.action === 'calls.live-figures')?.scopes ?? [],
    [actor],
  );
  const shown = useRef(new Set<string>());
  const live = useNationalLive((ids) => ids.some((id) => shown.current.has(id)));
  const now = useNow();
  const board = useRef<HTMLDivElement>(null);
  const fullscreen = useFullscreen(board);
  const x = useLiveTexts(new Map());

  const all = useMemo(() => live.data?.centres ?? [], [live.data]);
  const names = useMemo(() => new Map(all.map((c) => [c.centreId, c.name])), [all]);
  const centres = useMemo(() => centresOnBoard(all, scopes, param), [all, scopes, param]);
  shown.current = new Set(centres.map((c) => c.centreId));
  const groups = (['legevakt', 'amk'] as const)
    .map((service) => ({ service, centres: centres.filter((c) => c.service === service) }))
    .filter((g) => g.centres.length > 0);
  const showing =
    centres.length === 1
      ? x.t('wallboard.showing.one', { name: centres[0]!.name })
      : x.t(
          param === 'all'
            ? 'wallboard.showing.all'
            : param
              ? 'wallboard.showing.chosen'
              : 'wallboard.showing.mine',
          { count: centres.length },
        );

  return (
    <div
      ref={board}
      className={`nm-board${centres.length > 8 ? ' nm-board--many' : ''}`}
      data-testid="wallboard"
    >
      <VStack gap="space-16">
        <HStack gap="space-16" align="end" justify="space-between" wrap>
          <VStack gap="space-4">
            <Heading level="1" size="xlarge">
              {x.t('wallboard.title')}
            </Heading>
            {live.data && (
              <BodyShort size="large" data-testid="board-showing">
                {showing}
              </BodyShort>
            )}
          </VStack>
          <HStack gap="space-16" align="center" wrap>
            {param === 'all' ? (
              <TextLink href="/calls/wallboard">{x.t('wallboard.showMine')}</TextLink>
            ) : (
              <TextLink href="/calls/wallboard?centre=all">{x.t('wallboard.showAll')}</TextLink>
            )}
            <TextLink href="/calls/map">{x.t('wallboard.toMap')}</TextLink>
            {fullscreen.supported && (
              <Button variant="secondary" size="small" onClick={fullscreen.toggle}>
                {x.t(fullscreen.on ? 'wallboard.fullscreen.exit' : 'wallboard.fullscreen')}
              </Button>
            )}
          </HStack>
        </HStack>
        <LiveLine at={live.data?.at ?? null} failed={live.error !== null} connected={live.connected} />
        {!live.data && live.error !== null && <ProblemAlert error={live.error} />}
        {!live.data && live.error === null && <Loader size="large" title={x.t('app.loading')} />}
        {live.data && centres.length === 0 && <BodyShort>{x.t('live.noCentres')}</BodyShort>}
        {live.data &&
          groups.map((g) => (
            <section key={g.service} aria-labelledby={`board-${g.service}`}>
              <Heading
                level="2"
                size="small"
                id={`board-${g.service}`}
                className={groups.length === 1 ? 'aksel-sr-only' : undefined}
              >
                {x.t(g.service === 'amk' ? 'wallboard.section.amk' : 'wallboard.section.legevakt')}
              </Heading>
              <div className="nm-board-grid">
                {g.centres.map((c) => (
                  <CentreTile
                    key={c.centreId}
                    c={c}
                    at={live.data!.at}
                    offsetMs={live.offsetMs}
                    now={now}
                    names={names}
                  />
                ))}
              </div>
            </section>
          ))}
      </VStack>
    </div>
  );
}
