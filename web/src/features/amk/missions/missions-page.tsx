/**
 * Oppdrag (issue 14; AMK-2): the missions the user's AMKs follow — open, closed, those across AMK
 * borders — with urgency, place, units and age, updated by push; and the create form (urgency,
 * place as coordinates or a municipality, optionally the 113 call it comes from: the control room's
 * "Opprett oppdrag" opens this page with `?callId=`).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Button, HGrid, HStack, Radio, RadioGroup, Select, TextField, VStack } from '@navikt/ds-react';
import { DataTable } from '../../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../../shared/components/page.tsx';
import { ProblemAlert } from '../../../shared/components/problem.tsx';
import { SummaryFilter } from '../../../shared/components/summary-filter.tsx';
import { useResource } from '../../../shared/components/use-resource.ts';
import { useI18n } from '../../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../../shared/live/use-event-stream.ts';
import { navigate, queryParam, TextLink, useLocation } from '../../../shared/router.tsx';
import {
  MISSION_EVENTS,
  RESOURCE_CHANGED,
  URGENCIES,
  missionsApi,
  type Mission,
  type Urgency,
} from './api.ts';
import { clockTime, LiveNote, UrgencyTag, useAgeText, usePlaces, type Places } from './common.tsx';
import {
  MISSION_FILTERS,
  crossesBorder,
  filterCounts,
  locationOf,
  missionsFor,
  unitsOnMission,
  type LocationForm,
  type LocationProblem,
  type MissionFilter,
} from './mission-view.ts';

/** Re-renders every 30 s, so ages move on without a reload. */
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function MissionsPage() {
  const { t } = useI18n();
  const location = useLocation();
  const callId = queryParam(location, 'callId') ?? '';
  const urgencyParam = queryParam(location, 'urgency');
  const places = usePlaces();
  const missions = useResource((signal) => missionsApi.list(undefined, signal), []);
  const { connected } = useLiveReload([...MISSION_EVENTS, RESOURCE_CHANGED], missions.reload);
  const [filter, setFilter] = useState<MissionFilter>('open');
  const [formOpen, setFormOpen] = useState(callId !== '');
  const now = useNow();
  const ageText = useAgeText();
  const items = missions.data?.items ?? [];
  const counts = filterCounts(items);
  const rows = missionsFor(items, filter);
  const formId = useId();

  return (
    <PageFrame
      title={t('amkMissions.list.title')}
      intro={t('amkMissions.list.intro')}
      actions={<LiveNote connected={connected} />}
    >
      <VStack gap="space-16">
        <div>
          <Button
            type="button"
            aria-expanded={formOpen}
            aria-controls={formId}
            onClick={() => setFormOpen((o) => !o)}
          >
            {t('amkMissions.create.open')}
          </Button>
        </div>
        <div id={formId} hidden={!formOpen}>
          {formOpen && (
            <CreateMissionForm
              places={places}
              callId={callId}
              urgency={URGENCIES.find((u) => u === urgencyParam) ?? ''}
              onCancel={() => setFormOpen(false)}
            />
          )}
        </div>
      </VStack>
      <Panel title={t('amkMissions.list.title')}>
        <SummaryFilter
          label={t('amkMissions.list.counts')}
          options={MISSION_FILTERS.map((f) => ({
            value: f,
            label: t(`amkMissions.filter.${f}`),
            count: counts[f],
          }))}
          value={filter}
          onChange={setFilter}
          testId="mission-filter"
        />
        <ProblemAlert error={missions.error} />
        <DataTable<Mission>
          caption={t('amkMissions.list.caption')}
          rows={rows}
          rowKey={(m) => m.id}
          empty={t('amkMissions.list.none')}
          testId="missions-table"
          columns={[
            {
              header: t('amkMissions.col.mission'),
              rowHeader: true,
              cell: (m) => (
                <TextLink href={`/amk/missions/${m.id}`} data-testid="mission-link" data-mission-id={m.id}>
                  {t('amkMissions.open', { time: clockTime(m.createdAt) })}
                </TextLink>
              ),
            },
            { header: t('amkMissions.col.urgency'), cell: (m) => <UrgencyTag value={m.urgency} /> },
            {
              header: t('amkMissions.col.place'),
              cell: (m) => places.municipalityName(m.location.municipality),
            },
            {
              header: t('amkMissions.col.amk'),
              cell: (m) => (
                <>
                  {places.amkName(m.amkId)}
                  {crossesBorder(m) && (
                    <>
                      <br />
                      <span className="nm-muted">
                        {t('amkMissions.crossBorder')}:{' '}
                        {m.amkIds
                          .filter((a) => a !== m.amkId)
                          .map(places.amkName)
                          .join(', ')}
                      </span>
                    </>
                  )}
                </>
              ),
            },
            {
              header: t('amkMissions.col.units'),
              cell: (m) => {
                const on = unitsOnMission(m);
                return on.length === 0
                  ? t('amkMissions.units.none')
                  : on.map((u) => `${u.callSign} (${t(`amkMissions.status.${u.status}`)})`).join(', ');
              },
            },
            { header: t('amkMissions.col.age'), cell: (m) => ageText(m, now) },
            { header: t('amkMissions.col.state'), cell: (m) => t(`amkMissions.state.${m.state}`) },
          ]}
        />
      </Panel>
    </PageFrame>
  );
}

function CreateMissionForm({
  places,
  callId: initialCallId,
  urgency: initialUrgency,
  onCancel,
}: {
  places: Places;
  callId: string;
  urgency: Urgency | '';
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [callId, setCallId] = useState(initialCallId);
  const [urgency, setUrgency] = useState<Urgency | ''>(initialUrgency);
  const [place, setPlace] = useState<LocationForm>({ mode: 'point', lat: '', lon: '', municipality: '' });
  const [problems, setProblems] = useState<(LocationProblem | 'urgency')[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const has = (p: LocationProblem | 'urgency') => problems.includes(p);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const made = locationOf(place, places.pointOf);
    const found: (LocationProblem | 'urgency')[] = [
      ...(urgency === '' ? (['urgency'] as const) : []),
      ...('problems' in made ? made.problems : []),
    ];
    setProblems(found);
    if (found.length > 0 || !('location' in made) || urgency === '') return;
    setBusy(true);
    setError(null);
    try {
      const m = await missionsApi.create({
        urgency,
        ...made.location,
        ...(callId.trim() && { callId: callId.trim() }),
      });
      navigate(`/amk/missions/${m.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title={t('amkMissions.create.title')}>
      <form
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-label={t('amkMissions.create.title')}
        data-testid="create-mission"
      >
        <VStack gap="space-16">
          <ProblemAlert error={error} />
          <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
            <TextField
              ref={first}
              label={t('amkMissions.create.fromCall')}
              description={t('amkMissions.create.fromCall.description')}
              value={callId}
              autoComplete="off"
              onChange={(e) => setCallId(e.target.value)}
            />
            <RadioGroup
              legend={t('amkMissions.create.urgency')}
              value={urgency}
              onChange={(v: Urgency) => setUrgency(v)}
              error={has('urgency') ? t('amkMissions.create.problem.urgency') : undefined}
            >
              <HStack gap="space-16">
                {URGENCIES.map((u) => (
                  <Radio key={u} value={u}>
                    {t(`amkMissions.urgency.${u}`)}
                  </Radio>
                ))}
              </HStack>
            </RadioGroup>
          </HGrid>
          <RadioGroup
            legend={t('amkMissions.create.place')}
            value={place.mode}
            onChange={(mode: LocationForm['mode']) => setPlace((p) => ({ ...p, mode }))}
          >
            <HStack gap="space-16">
              <Radio value="point">{t('amkMissions.create.place.point')}</Radio>
              <Radio value="municipality">{t('amkMissions.create.place.municipality')}</Radio>
            </HStack>
          </RadioGroup>
          {place.mode === 'point' ? (
            <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
              <TextField
                label={t('amkMissions.create.lat')}
                description={t('amkMissions.create.lat.description')}
                inputMode="decimal"
                autoComplete="off"
                value={place.lat}
                onChange={(e) => setPlace((p) => ({ ...p, lat: e.target.value }))}
                error={has('lat') ? t('amkMissions.create.problem.lat') : undefined}
              />
              <TextField
                label={t('amkMissions.create.lon')}
                description={t('amkMissions.create.lon.description')}
                inputMode="decimal"
                autoComplete="off"
                value={place.lon}
                onChange={(e) => setPlace((p) => ({ ...p, lon: e.target.value }))}
                error={has('lon') ? t('amkMissions.create.problem.lon') : undefined}
              />
            </HGrid>
          ) : (
            <Select
              label={t('amkMissions.create.municipality')}
              description={t('amkMissions.create.municipality.description')}
              value={place.municipality}
              onChange={(e) => setPlace((p) => ({ ...p, municipality: e.target.value }))}
              error={
                has('municipality')
                  ? t('amkMissions.create.problem.municipality')
                  : has('municipality-no-point')
                    ? t('amkMissions.create.problem.municipality-no-point')
                    : undefined
              }
            >
              <option value="">{t('common.select')}</option>
              {places.municipalities.map((m) => (
                <option key={m.number} value={m.number}>
                  {`${m.name} (${m.number})`}
                </option>
              ))}
            </Select>
          )}
          <HStack gap="space-12">
            <Button type="submit" loading={busy}>
              {t('amkMissions.create.submit')}
            </Button>
            <Button type="button" variant="tertiary" onClick={onCancel}>
              {t('amkMissions.create.cancel')}
            </Button>
          </HStack>
        </VStack>
      </form>
    </Panel>
  );
}
