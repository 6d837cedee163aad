/**
 * Konferanse (NN-3): set up the COPD flow's call — the ambulance crew's terminal, the doctor on
 * call (terminal or telephone) and the hospital specialist's telephone — for an AMK area, see
 * each party's outcome, and end it. The conferences set up in this browser tab are listed (kept in
 * the tab's session storage); the network ends a call itself when its parties hang up.
 */
import { useEffect, useState } from 'react';
import {
  BodyShort,
  Button,
  HStack,
  Heading,
  Radio,
  RadioGroup,
  Tag,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { TextLink, queryParam, useLocation } from '../../shared/router.tsx';
import { nodnettApi, type Conference } from './api.ts';
import { conferenceParties, fleetTree, type ConferenceForm } from './fleet-view.ts';
import { AreaSelect, useOperableAreas } from './parts.tsx';

type Role = 'crew' | 'doctor' | 'specialist';

interface Started {
  conference: Conference;
  roles: Role[];
  startedAt: string;
  ended: boolean;
}

const STORE = 'nodmeld.nodnett.conferences';

function loadStarted(): Started[] {
  try {
    return JSON.parse(sessionStorage.getItem(STORE) ?? '[]') as Started[];
  } catch {
    return [];
  }
}

function StartedConference({ item, onEnded }: { item: Started; onEnded: () => void }) {
  const { t } = useI18n();
  const at = formatDateTime(item.startedAt);
  const end = useSubmit(() => nodnettApi.endConference(item.conference.id), onEnded);
  const status = item.ended ? 'ended' : item.conference.status;
  const rows = item.conference.parties.map((p, i) => ({ ...p, role: item.roles[i] ?? 'specialist', i }));
  return (
    <VStack gap="space-8" as="article" aria-label={t('nn.conf.heading', { at })} data-testid="conference">
      <HStack gap="space-8" align="center">
        <Heading level="3" size="xsmall">
          {t('nn.conf.heading', { at })}
        </Heading>
        <Tag
          size="small"
          variant={status === 'connected' ? 'success' : status === 'failed' ? 'warning' : 'neutral'}
        >
          {t(`nn.conf.status.${status}` as MessageKey)}
        </Tag>
      </HStack>
      <DataTable
        caption={t('nn.conf.partiesCaption', { at })}
        rows={rows}
        rowKey={(r) => String(r.i)}
        columns={[
          {
            header: t('nn.conf.who'),
            rowHeader: true,
            cell: (r) => t(`nn.conf.party.${r.role}` as MessageKey),
          },
          {
            header: t('nn.conf.how'),
            cell: (r) =>
              r.party.kind === 'terminal'
                ? t('nn.conf.party.terminal', { issi: r.party.issi })
                : t('nn.conf.party.phone', { number: r.party.number }),
          },
          { header: t('nn.conf.outcome'), cell: (r) => t(`nn.outcome.${r.outcome}` as MessageKey) },
        ]}
      />
      {status === 'connected' && (
        <HStack>
          <Button size="small" variant="danger" loading={end.busy} onClick={() => void end.run()}>
            {t('nn.conf.end', { at })}
          </Button>
        </HStack>
      )}
      <ProblemAlert error={end.error} />
    </VStack>
  );
}

export function ConferencePage() {
  const { t } = useI18n();
  const location = useLocation();
  const fleet = useResource((sig) => nodnettApi.fleetMap(sig), []);
  const tree = fleet.data ? fleetTree(fleet.data.groups) : null;
  const areas = useOperableAreas(tree);
  const [area, setArea] = useState('');
  const [form, setForm] = useState<ConferenceForm>(() => {
    const doctor = queryParam(location, 'doctor');
    return { crew: '', doctorBy: 'terminal', doctor: doctor ?? '', specialist: '' };
  });
  const [errors, setErrors] = useState<Partial<Record<keyof ConferenceForm, string>>>({});
  const [started, setStarted] = useState<Started[]>(loadStarted);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => sessionStorage.setItem(STORE, JSON.stringify(started)), [started]);
  const amkId = area || areas[0]?.area || '';
  const s = useSubmit(
    (parties: Parameters<typeof nodnettApi.startConference>[0]['parties'], roles: Role[]) =>
      nodnettApi.startConference({ amkId, parties }).then((c) => ({ c, roles })),
    ({ c, roles }) => {
      setNote(null);
      setStarted((list) => [
        { conference: c, roles, startedAt: new Date().toISOString(), ended: false },
        ...list,
      ]);
    },
  );
  const set = (k: keyof ConferenceForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const submit = () => {
    const r = conferenceParties(form);
    if (!r.ok) {
      setErrors(
        Object.fromEntries(
          Object.entries(r.errors).map(([k, e]) => [k, t(`nn.conf.error.${e}` as MessageKey)]),
        ),
      );
      return;
    }
    setErrors({});
    const roles: Role[] = ['crew', 'doctor', ...(form.specialist.trim() ? (['specialist'] as const) : [])];
    void s.run(r.parties, roles);
  };
  return (
    <PageFrame title={t('nn.conf.title')} intro={t('nn.conf.intro')}>
      <ProblemAlert error={fleet.error} />
      <Panel title={t('nn.conf.submit')}>
        {tree && areas.length === 0 ? (
          <BodyShort>{t('nn.conf.mayNotOperate')}</BodyShort>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <VStack gap="space-12">
              {areas.length > 1 && (
                <AreaSelect areas={areas} value={amkId} onChange={setArea} label="nn.conf.area" />
              )}
              <TextField
                label={t('nn.conf.crew')}
                size="small"
                inputMode="numeric"
                value={form.crew}
                onChange={(e) => set('crew')(e.target.value)}
                error={errors.crew}
              />
              <RadioGroup
                legend={t('nn.conf.doctorBy')}
                size="small"
                value={form.doctorBy}
                onChange={(v: 'terminal' | 'phone') => setForm((f) => ({ ...f, doctorBy: v }))}
              >
                <Radio value="terminal">{t('nn.conf.doctorBy.terminal')}</Radio>
                <Radio value="phone">{t('nn.conf.doctorBy.phone')}</Radio>
              </RadioGroup>
              <TextField
                label={t(form.doctorBy === 'terminal' ? 'nn.conf.doctor.terminal' : 'nn.conf.doctor.phone')}
                size="small"
                inputMode={form.doctorBy === 'terminal' ? 'numeric' : 'tel'}
                value={form.doctor}
                onChange={(e) => set('doctor')(e.target.value)}
                error={errors.doctor}
              />
              <BodyShort size="small">
                <TextLink href="/nodnett/doctor-on-call">{t('nn.conf.findDoctor')}</TextLink>
              </BodyShort>
              <TextField
                label={t('nn.conf.specialist')}
                size="small"
                inputMode="tel"
                value={form.specialist}
                onChange={(e) => set('specialist')(e.target.value)}
                error={errors.specialist}
              />
              <ProblemAlert error={s.error} />
              <HStack>
                <Button size="small" type="submit" loading={s.busy} disabled={!tree}>
                  {t('nn.conf.submit')}
                </Button>
              </HStack>
            </VStack>
          </form>
        )}
      </Panel>
      <Panel title={t('nn.conf.started')}>
        {note && <SuccessNote>{note}</SuccessNote>}
        {started.length === 0 && <BodyShort className="nm-muted">{t('nn.conf.none')}</BodyShort>}
        {started.map((item) => (
          <StartedConference
            key={item.conference.id + item.startedAt}
            item={item}
            onEnded={() => {
              setNote(t('nn.conf.ended'));
              setStarted((list) => list.map((x) => (x === item ? { ...x, ended: true } : x)));
            }}
          />
        ))}
      </Panel>
    </PageFrame>
  );
}
