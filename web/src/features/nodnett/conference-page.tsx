/**
 * Konferanse (NN-3): set up the COPD flow's call — the ambulance crew's terminal, the doctor on
 * call (terminal or telephone) and the hospital specialist's telephone — for an AMK area, see
 * each party's outcome, and end it. The open conferences of the user's AMK areas are listed from
 * the server (whoever set them up; they survive a restart), live; who each party is (crew, doctor,
 * specialist) is remembered for the conferences set up in this tab.
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
import { can, useAuth } from '../../shared/auth.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import { TextLink, queryParam, useLocation } from '../../shared/router.tsx';
import { nodnettApi, type Conference } from './api.ts';
import { conferenceParties, fleetTree, type ConferenceForm } from './fleet-view.ts';
import { AreaSelect, useOperableAreas } from './parts.tsx';

type Role = 'crew' | 'doctor' | 'specialist';

/** Who each party is, for the conferences set up in this tab (the server knows how, not who). */
const ROLES = 'nodmeld.nodnett.conference-roles';

function loadRoles(): Record<string, Role[]> {
  try {
    return JSON.parse(sessionStorage.getItem(ROLES) ?? '{}') as Record<string, Role[]>;
  } catch {
    return {};
  }
}

function ConferenceView({
  conference,
  startedAt,
  roles,
  status,
  onEnded,
}: {
  conference: Pick<Conference, 'id' | 'parties'>;
  startedAt: string;
  roles: Role[] | undefined;
  status: 'connected' | 'failed';
  onEnded?: () => void;
}) {
  const { t } = useI18n();
  const at = formatDateTime(startedAt);
  const end = useSubmit(() => nodnettApi.endConference(conference.id), onEnded);
  const rows = conference.parties.map((p, i) => ({ ...p, role: roles?.[i], i }));
  return (
    <VStack gap="space-8" as="article" aria-label={t('nn.conf.heading', { at })} data-testid="conference">
      <HStack gap="space-8" align="center">
        <Heading level="3" size="xsmall">
          {t('nn.conf.heading', { at })}
        </Heading>
        <Tag size="small" variant={status === 'connected' ? 'success' : 'warning'}>
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
            cell: (r) =>
              r.role ? t(`nn.conf.party.${r.role}` as MessageKey) : t('nn.conf.party.other', { n: r.i + 1 }),
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
      {onEnded && (
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
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
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
  const open = useResource((sig) => nodnettApi.conferences(sig), []);
  useLiveReload(['nodnett.conference.changed'], open.reload);
  const [roles, setRoles] = useState<Record<string, Role[]>>(loadRoles);
  const [failed, setFailed] = useState<{ conference: Conference; at: string; roles: Role[] } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => sessionStorage.setItem(ROLES, JSON.stringify(roles)), [roles]);
  const amkId = area || areas[0]?.area || '';
  const s = useSubmit(
    (parties: Parameters<typeof nodnettApi.startConference>[0]['parties'], who: Role[]) =>
      nodnettApi.startConference({ amkId, parties }).then((c) => ({ c, who })),
    ({ c, who }) => {
      setNote(null);
      setRoles((r) => ({ ...r, [c.id]: who }));
      setFailed(c.status === 'failed' ? { conference: c, at: new Date().toISOString(), roles: who } : null);
      open.reload();
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
    const who: Role[] = ['crew', 'doctor', ...(form.specialist.trim() ? (['specialist'] as const) : [])];
    void s.run(r.parties, who);
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
              {failed && (
                <ConferenceView
                  conference={failed.conference}
                  startedAt={failed.at}
                  roles={failed.roles}
                  status="failed"
                />
              )}
            </VStack>
          </form>
        )}
      </Panel>
      <Panel title={t('nn.conf.started')}>
        {note && <SuccessNote>{note}</SuccessNote>}
        <ProblemAlert error={open.error} />
        {open.data?.conferences.length === 0 && (
          <BodyShort className="nm-muted">{t('nn.conf.none')}</BodyShort>
        )}
        {open.data?.conferences.map((c) => (
          <ConferenceView
            key={c.id + c.startedAt}
            conference={c}
            startedAt={c.startedAt}
            roles={roles[c.id]}
            status="connected"
            onEnded={
              can(actor, 'nodnett.operate', [c.amkId])
                ? () => {
                    setNote(t('nn.conf.ended'));
                    open.reload();
                  }
                : undefined
            }
          />
        ))}
      </Panel>
    </PageFrame>
  );
}
