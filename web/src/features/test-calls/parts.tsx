/** Small parts of the test-call pages: a call's verdict, a run's status, an alarm with its acknowledgement. */
import { useState, type FormEvent } from 'react';
import { Button, HStack, Tag, TextField } from '@navikt/ds-react';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { testCallsApi, type Alarm, type RunSummary, type Verdict } from './api.ts';

const VERDICT_COLOUR: Record<Verdict, 'danger' | 'warning' | 'success' | 'neutral'> = {
  ok: 'success',
  'other-centre': 'warning',
  'not-answered': 'danger',
  busy: 'danger',
  refused: 'danger',
  unreachable: 'danger',
  'no-caller-number': 'neutral',
};

export function VerdictTag({ verdict, failure }: { verdict: Verdict; failure: boolean }) {
  const { t } = useI18n();
  return (
    <Tag
      size="xsmall"
      variant={failure ? 'strong' : 'moderate'}
      data-color={VERDICT_COLOUR[verdict]}
      data-verdict={verdict}
    >
      {t(`tc.verdict.${verdict}` as MessageKey)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: RunSummary['status'] }) {
  const { t } = useI18n();
  const colour = status === 'completed' ? 'success' : status === 'interrupted' ? 'danger' : 'info';
  return (
    <Tag size="xsmall" variant="moderate" data-color={colour} data-status={status}>
      {t(`tc.status.${status}` as MessageKey)}
    </Tag>
  );
}

/** Acknowledge an alarm with a comment. */
export function AcknowledgeForm({ alarm, onDone }: { alarm: Alarm; onDone: () => void }) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  const s = useSubmit(() => testCallsApi.acknowledge(alarm.id, comment.trim() || null), onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run();
  };
  const centre = alarm.centreName ?? '';
  return (
    <form onSubmit={submit} aria-label={t('tc.alarms.comment', { centre })} noValidate>
      <HStack gap="space-8" align="end" wrap={false}>
        <TextField
          size="small"
          label={t('tc.alarms.comment', { centre })}
          hideLabel
          value={comment}
          maxLength={2000}
          onChange={(e) => setComment(e.target.value)}
        />
        <Button type="submit" size="small" variant="secondary" loading={s.busy}>
          {t('tc.alarms.acknowledge')}
        </Button>
      </HStack>
      <ProblemAlert error={s.error} />
    </form>
  );
}
