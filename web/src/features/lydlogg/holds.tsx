/** Legal holds on a recording (or on every recording of a call): the active ones, placing, releasing. */
import { useState } from 'react';
import { BodyShort, Button, HStack, Select, Textarea, TextField, VStack } from '@navikt/ds-react';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { TextLink } from '../../shared/router.tsx';
import { HOLD_CASE_KINDS, recordingsApi, type Hold, type HoldCaseKind, type HoldInput } from './api.ts';

export function HoldForm({
  title,
  onSubmit,
  onDone,
  testId,
}: {
  title: string;
  onSubmit: (body: HoldInput) => Promise<unknown>;
  onDone: () => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<HoldCaseKind>('complaint');
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [placed, setPlaced] = useState(false);
  const submit = useSubmit(onSubmit, () => {
    setPlaced(true);
    setReference('');
    setReason('');
    onDone();
  });
  return (
    <form
      aria-label={title}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        setPlaced(false);
        void submit.run({ caseKind: kind, caseReference: reference, reason });
      }}
    >
      <VStack gap="space-12">
        <HStack gap="space-16" align="start">
          <Select
            label={t('rec.holds.kind')}
            size="small"
            value={kind}
            onChange={(e) => setKind(e.target.value as HoldCaseKind)}
          >
            {HOLD_CASE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`rec.caseKind.${k}` as MessageKey)}
              </option>
            ))}
          </Select>
          <TextField
            label={t('rec.holds.reference')}
            size="small"
            value={reference}
            autoComplete="off"
            onChange={(e) => setReference(e.target.value)}
            error={submit.fieldErrors.caseReference}
          />
        </HStack>
        <Textarea
          label={t('rec.holds.reason')}
          size="small"
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={submit.fieldErrors.reason}
        />
        <ProblemAlert error={submit.error} />
        <HStack gap="space-16" align="center">
          <Button type="submit" size="small" loading={submit.busy}>
            {t('rec.holds.submit')}
          </Button>
          {placed && <SuccessNote>{t('rec.holds.placed')}</SuccessNote>}
        </HStack>
      </VStack>
    </form>
  );
}

function ReleaseHold({ hold, onDone }: { hold: Hold; onDone: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const submit = useSubmit((r: string) => recordingsApi.release(hold.id, r), onDone);
  if (!open) {
    return (
      <Button size="xsmall" variant="secondary" type="button" onClick={() => setOpen(true)}>
        {t('rec.holds.release')}
      </Button>
    );
  }
  return (
    <form
      aria-label={t('rec.holds.releaseSubmit')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(reason);
      }}
    >
      <VStack gap="space-8">
        <TextField
          label={t('rec.holds.releaseReason')}
          size="small"
          value={reason}
          autoComplete="off"
          onChange={(e) => setReason(e.target.value)}
          error={submit.fieldErrors.reason}
        />
        <ProblemAlert error={submit.error} />
        <HStack gap="space-8">
          <Button type="submit" size="small" loading={submit.busy}>
            {t('rec.holds.releaseSubmit')}
          </Button>
          <Button type="button" size="small" variant="tertiary" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </HStack>
      </VStack>
    </form>
  );
}

export function HoldList({
  holds,
  canHold,
  canExport = false,
  onChanged,
}: {
  holds: Hold[];
  canHold: boolean;
  /** The user may export the centre's recordings: each active hold links to its case's export. */
  canExport?: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const active = holds.filter((h) => h.releasedAt === null);
  const released = holds.filter((h) => h.releasedAt !== null);
  return (
    <VStack gap="space-8" data-testid="holds">
      {active.length === 0 ? (
        <BodyShort className="nm-muted">{t('rec.holds.none')}</BodyShort>
      ) : (
        <VStack as="ul" gap="space-8" className="nm-plain-list">
          {active.map((h) => (
            <li key={h.id} data-testid="active-hold">
              <VStack gap="space-4">
                <BodyShort>
                  {t('rec.holds.active', {
                    kind: t(`rec.caseKind.${h.caseKind}` as MessageKey),
                    reference: h.caseReference,
                    reason: h.reason,
                    by: h.heldBy,
                    at: formatDateTime(h.heldAt),
                  })}
                </BodyShort>
                {canExport && (
                  <TextLink href={`/recordings/export?case=${encodeURIComponent(h.caseReference)}`}>
                    {t('rec.holds.export')}
                  </TextLink>
                )}
                {canHold && <ReleaseHold hold={h} onDone={onChanged} />}
              </VStack>
            </li>
          ))}
        </VStack>
      )}
      {released.length > 0 && (
        <details>
          <summary>{t('rec.holds.history')}</summary>
          <VStack as="ul" gap="space-4" className="nm-plain-list">
            {released.map((h) => (
              <li key={h.id}>
                <BodyShort size="small">
                  {t(`rec.caseKind.${h.caseKind}` as MessageKey)}, {h.caseReference}:{' '}
                  {t('rec.holds.released', {
                    at: formatDateTime(h.releasedAt),
                    by: h.releasedBy ?? '',
                    reason: h.releaseReason ?? '',
                  })}
                </BodyShort>
              </li>
            ))}
          </VStack>
        </details>
      )}
    </VStack>
  );
}
