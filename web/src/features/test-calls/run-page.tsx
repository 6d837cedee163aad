/**
 * One test run (RT-8): what started it, on which routing data, and every call — what was dialled
 * (the centre's 8-digit number, or 116117 as a caller from a municipality), which centre answered
 * (flagged when it was another one, with why routing sent it there), how fast, the SIP answers —
 * its alarms, and its sign-offs. A centre leader signs off for the centre, a municipality's reader
 * for the municipality; an interrupted run can be resumed by those who may start runs.
 */
import { useState, type FormEvent } from 'react';
import { BodyShort, Button, Select, Textarea, VStack } from '@navikt/ds-react';
import { can, useAuth } from '../../shared/auth.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import {
  TEST_CALL_EVENTS,
  testCallsApi,
  type CallResult,
  type RunDetail,
  type SignOffSubject,
} from './api.ts';
import { AcknowledgeForm, StatusTag, VerdictTag } from './parts.tsx';

function Called({ r }: { r: CallResult }) {
  const { t } = useI18n();
  return r.kind === 'direct'
    ? t('tc.results.direct', { number: r.target })
    : t('tc.results.national', { municipality: `${r.municipalityName ?? ''} (${r.municipality ?? ''})` });
}

function Reached({ r }: { r: CallResult }) {
  const { t } = useI18n();
  if (!r.reachedCentreId) return <span className="nm-muted">{t('tc.results.none.reached')}</span>;
  if (r.reachedCentreId === r.centreId) return r.reachedCentreName ?? '';
  const method = r.routeMethod ? t(`tc.method.${r.routeMethod}` as MessageKey) : '';
  return (
    <strong data-flagged="other-centre">
      {t('tc.results.flagged', { centre: r.reachedCentreName ?? '', method })}
    </strong>
  );
}

/** The subjects the user may sign for in this run: their centres and municipalities among its results. */
function signSubjects(
  detail: RunDetail,
  mayCentre: (id: string) => boolean,
  mayMunicipality: (m: string) => boolean,
) {
  const out: { subject: SignOffSubject; id: string; name: string }[] = [];
  const signed = new Set(detail.signOffs.map((s) => `${s.subject}:${s.subjectId}`));
  for (const r of detail.results) {
    if (r.kind === 'direct' && mayCentre(r.centreId) && !signed.has(`centre:${r.centreId}`))
      out.push({ subject: 'centre', id: r.centreId, name: r.centreName ?? '' });
    if (r.municipality && mayMunicipality(r.municipality) && !signed.has(`municipality:${r.municipality}`))
      out.push({ subject: 'municipality', id: r.municipality, name: r.municipalityName ?? '' });
  }
  return out.filter((s, i) => out.findIndex((o) => o.subject === s.subject && o.id === s.id) === i);
}

function SignOffForm({ detail, onDone }: { detail: RunDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const cap = actor?.capabilities?.find((c) => c.action === 'test-calls.sign');
  const subjects = signSubjects(
    detail,
    (id) => !!cap?.scopes.some((s) => s.level === 'centre' && s.id === id),
    (m) => !!cap?.scopes.some((s) => s.level === 'unit' && s.id === `kommune-${m}`),
  );
  const [choice, setChoice] = useState(0);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState(false);
  const s = useSubmit(
    () => {
      const subject = subjects[Math.min(choice, subjects.length - 1)]!;
      return testCallsApi.signOff(detail.run.id, {
        subject: subject.subject,
        subjectId: subject.id,
        comment: comment.trim() || null,
      });
    },
    () => {
      setDone(true);
      setComment('');
      onDone();
    },
  );
  if (detail.run.status !== 'completed') return null;
  if (subjects.length === 0) return done ? <SuccessNote>{t('tc.signoffs.done')}</SuccessNote> : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    void s.run();
  };
  const label = (x: (typeof subjects)[number]) =>
    x.subject === 'centre'
      ? t('tc.signoffs.centre', { name: x.name })
      : t('tc.signoffs.municipality', { name: x.name });
  return (
    <form onSubmit={submit} aria-label={t('tc.signoffs.form')} noValidate>
      <VStack gap="space-12">
        <Select
          label={t('tc.signoffs.subject')}
          size="small"
          value={String(choice)}
          onChange={(e) => setChoice(Number(e.target.value))}
        >
          {subjects.map((x, i) => (
            <option key={`${x.subject}:${x.id}`} value={i}>
              {label(x)}
            </option>
          ))}
        </Select>
        <Textarea
          label={t('tc.signoffs.comment')}
          size="small"
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
        <div>
          <Button type="submit" size="small" loading={s.busy}>
            {t('tc.signoffs.submit')}
          </Button>
        </div>
        {done && <SuccessNote>{t('tc.signoffs.done')}</SuccessNote>}
        <ProblemAlert error={s.error} />
      </VStack>
    </form>
  );
}

export function RunPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const run = useResource((sig) => testCallsApi.run(id, sig), [id]);
  useLiveReload(TEST_CALL_EVENTS, run.reload);
  const resume = useSubmit(() => testCallsApi.resume(id), run.reload);
  const d = run.data;
  const at = d ? formatDateTime(d.run.createdAt) : '';
  return (
    <PageFrame title={t('tc.run.title', { at })}>
      <ProblemAlert error={run.error} />
      {d && (
        <>
          <Panel title={t('tc.run.facts')}>
            <dl className="nm-facts">
              <dt>{t('tc.run.trigger')}</dt>
              <dd>{t(`tc.trigger.${d.run.trigger}` as MessageKey)}</dd>
              <dt>{t('tc.run.status')}</dt>
              <dd>
                <StatusTag status={d.run.status} />
              </dd>
              <dt>{t('tc.run.dataVersion')}</dt>
              <dd>
                {d.run.dataVersion === null ? '' : t('tc.runs.version', { version: d.run.dataVersion })}
              </dd>
              <dt>{t('tc.run.finished')}</dt>
              <dd>{formatDateTime(d.run.finishedAt)}</dd>
              <dt>{t('tc.run.requestedBy')}</dt>
              <dd>{d.run.requestedBy}</dd>
            </dl>
            {d.run.status === 'interrupted' && can(actor, 'test-calls.run') && (
              <div>
                <Button
                  size="small"
                  variant="secondary"
                  loading={resume.busy}
                  onClick={() => void resume.run()}
                >
                  {t('tc.run.resume')}
                </Button>
              </div>
            )}
            <ProblemAlert error={resume.error} />
          </Panel>
          {d.alarms.length > 0 && (
            <Panel title={t('tc.run.alarms')}>
              <VStack gap="space-12" as="ul" className="nm-plain-list">
                {d.alarms.map((a) => (
                  <li key={a.id}>
                    <VStack gap="space-4">
                      <BodyShort>
                        {t('tc.alarms.text', { centre: a.centreName ?? '', failures: a.failures })}
                      </BodyShort>
                      {a.acknowledgedAt === null && can(actor, 'test-calls.acknowledge', [a.centreId]) && (
                        <AcknowledgeForm alarm={a} onDone={run.reload} />
                      )}
                    </VStack>
                  </li>
                ))}
              </VStack>
            </Panel>
          )}
          <Panel title={t('tc.results.title')}>
            <DataTable
              caption={t('tc.results.caption')}
              rows={d.results}
              rowKey={(r) => r.key}
              empty={t('tc.results.none')}
              testId="results-table"
              columns={[
                { header: t('tc.results.centre'), rowHeader: true, cell: (r) => r.centreName ?? '' },
                { header: t('tc.results.called'), cell: (r) => <Called r={r} /> },
                { header: t('tc.results.reached'), cell: (r) => <Reached r={r} /> },
                {
                  header: t('tc.results.verdict'),
                  cell: (r) => <VerdictTag verdict={r.verdict} failure={r.failure} />,
                },
                {
                  header: t('tc.results.answered'),
                  cell: (r) => (r.answerMs === null ? '' : t('tc.results.answerMs', { ms: r.answerMs })),
                },
                {
                  header: t('tc.runs.dataVersion'),
                  cell: (r) =>
                    r.dataVersion === null ? '' : t('tc.runs.version', { version: r.dataVersion }),
                },
                { header: t('tc.results.sip'), cell: (r) => r.sipCodes.join(' ') },
              ]}
            />
          </Panel>
          <Panel title={t('tc.signoffs.title')}>
            {d.signOffs.length === 0 ? (
              <BodyShort className="nm-muted">{t('tc.signoffs.none')}</BodyShort>
            ) : (
              <VStack gap="space-4" as="ul" className="nm-plain-list" data-testid="signoffs">
                {d.signOffs.map((s) => (
                  <li key={`${s.subject}:${s.subjectId}`}>
                    <BodyShort>
                      {t('tc.signoffs.line', {
                        subject:
                          s.subject === 'centre'
                            ? t('tc.signoffs.centre', {
                                name: d.results.find((r) => r.centreId === s.subjectId)?.centreName ?? '',
                              })
                            : t('tc.signoffs.municipality', {
                                name:
                                  d.results.find((r) => r.municipality === s.subjectId)?.municipalityName ??
                                  '',
                              }),
                        by: s.signedBy,
                        at: formatDateTime(s.signedAt),
                      })}
                      {s.comment ? ` — «${s.comment}»` : ''}
                    </BodyShort>
                  </li>
                ))}
              </VStack>
            )}
            <SignOffForm detail={d} onDone={run.reload} />
          </Panel>
        </>
      )}
    </PageFrame>
  );
}
