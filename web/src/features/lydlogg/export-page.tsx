/**
 * Eksporter sak (issue 12, REC-1): every recording held for a case (its case reference) as one
 * archive with a manifest and the SHA-256 of each file, for the case's recipient. A reason is
 * required; the export is in the access log of each recording and in the audit trail. The page
 * shows the manifest's SHA-256 to send to the recipient by another channel, and how the recipient
 * checks the archive (`nodmeld lydlogg verify-export`).
 */
import { useState } from 'react';
import {
  BodyLong,
  BodyShort,
  Button,
  CopyButton,
  HStack,
  Textarea,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { queryParam, useLocation } from '../../shared/router.tsx';
import { exportCase } from './api.ts';

export function ExportCasePage() {
  const { t } = useI18n();
  const location = useLocation();
  const [reference, setReference] = useState(() => queryParam(location, 'case') ?? '');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<{ reference: string; manifestSha256: string } | null>(null);
  const submit = useSubmit(
    async (caseReference: string, why: string) => ({
      reference: caseReference,
      manifestSha256: await exportCase(caseReference, why),
    }),
    (r) => {
      setDone(r);
      setReason('');
    },
  );
  return (
    <PageFrame title={t('rec.export.title')} intro={t('rec.export.intro')}>
      <Panel title={t('rec.export.form')}>
        <form
          aria-label={t('rec.export.form')}
          onSubmit={(e) => {
            e.preventDefault();
            setDone(null);
            void submit.run(reference.trim(), reason);
          }}
        >
          <VStack gap="space-16">
            <TextField
              label={t('rec.export.reference')}
              description={t('rec.export.referenceHelp')}
              size="small"
              value={reference}
              autoComplete="off"
              onChange={(e) => setReference(e.target.value)}
              error={submit.fieldErrors.caseReference}
            />
            <Textarea
              label={t('rec.export.reason')}
              description={t('rec.export.reasonHelp')}
              size="small"
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={submit.fieldErrors.reason}
            />
            <ProblemAlert error={submit.error} />
            <HStack gap="space-16" align="center">
              <Button type="submit" size="small" loading={submit.busy} data-testid="export-submit">
                {t('rec.export.submit')}
              </Button>
              {done && <SuccessNote>{t('rec.export.done', { reference: done.reference })}</SuccessNote>}
            </HStack>
          </VStack>
        </form>
      </Panel>
      {done && (
        <Panel title={t('rec.export.checksum')}>
          <VStack gap="space-8">
            <BodyLong>{t('rec.export.checksumHelp')}</BodyLong>
            <HStack gap="space-8" align="center">
              <code data-testid="export-manifest-sha256" style={{ wordBreak: 'break-all' }}>
                {done.manifestSha256}
              </code>
              <CopyButton copyText={done.manifestSha256} size="small" title={t('rec.export.copy')} />
            </HStack>
          </VStack>
        </Panel>
      )}
      <Panel title={t('rec.export.verifyTitle')}>
        <VStack gap="space-8">
          <BodyLong>{t('rec.export.verifyHelp')}</BodyLong>
          <BodyShort>
            <code data-testid="export-verify-command">
              nodmeld lydlogg verify-export {t('rec.export.verifyFile')} --manifest-sha256{' '}
              {done?.manifestSha256 ?? t('rec.export.verifyHash')}
            </code>
          </BodyShort>
        </VStack>
      </Panel>
    </PageFrame>
  );
}
