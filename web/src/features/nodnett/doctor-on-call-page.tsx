/**
 * Legevaktlege nå (NN-7): the doctor on call and the back-up doctor for any municipality now, from the readiness rosters, with the ways the registers know to reach them —
 * e-mail, the legevakt's radio terminals — and, said plainly, what the registers cannot tell. A
 * terminal leads on to a conference with the doctor.
 */
import { useState } from 'react';
import { Alert, BodyShort, Button, HStack, Heading, List, TextField, VStack } from '@navikt/ds-react';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { TextLink } from '../../shared/router.tsx';
import { nodnettApi, type DoctorsOnCall } from './api.ts';
import { municipalityNumber } from './fleet-view.ts';

export function DoctorOnCallPage() {
  const { t } = useI18n();
  const [municipality, setMunicipality] = useState('');
  const [badNumber, setBadNumber] = useState(false);
  const [answer, setAnswer] = useState<DoctorsOnCall | null>(null);
  const s = useSubmit((m: string, when: string | undefined) => nodnettApi.doctorsOnCall(m, when), setAnswer);
  return (
    <PageFrame title={t('nn.doc.title')} intro={t('nn.doc.intro')}>
      <Panel title={t('nn.doc.submit')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const m = municipalityNumber(municipality);
            setBadNumber(m === null);
            if (m !== null) void s.run(m, undefined);
          }}
        >
          <VStack gap="space-12">
            <TextField
              label={t('nn.doc.municipality')}
              description={t('nn.doc.municipalityHint')}
              size="small"
              inputMode="numeric"
              maxLength={4}
              htmlSize={8}
              value={municipality}
              onChange={(e) => setMunicipality(e.target.value)}
              error={badNumber ? t('nn.doc.badMunicipality') : s.fieldErrors.municipality}
            />
            <ProblemAlert error={s.error} shownFields={['municipality']} />
            <HStack>
              <Button size="small" type="submit" loading={s.busy}>
                {t('nn.doc.submit')}
              </Button>
            </HStack>
          </VStack>
        </form>
      </Panel>
      {answer && (
        <Panel
          title={t('nn.doc.result', { municipality: answer.municipality, at: formatDateTime(answer.at) })}
        >
          <VStack gap="space-12" aria-live="polite">
            <DataTable
              caption={t('nn.doc.caption')}
              rows={answer.doctors}
              rowKey={(d) => `${d.personId}-${d.start}`}
              empty={t('nn.doc.none')}
              testId="doctors-table"
              columns={[
                { header: t('nn.doc.name'), rowHeader: true, cell: (d) => d.name },
                { header: t('nn.doc.role'), cell: (d) => t(`nn.doc.role.${d.role}` as MessageKey) },
                {
                  header: t('nn.doc.shift'),
                  cell: (d) =>
                    t('nn.doc.shiftValue', { start: formatDateTime(d.start), end: formatDateTime(d.end) }),
                },
                { header: t('nn.doc.hpr'), cell: (d) => d.hprNumber ?? '' },
                {
                  header: t('nn.doc.reach'),
                  cell: (d) =>
                    d.email === null && d.terminals.length === 0 ? (
                      t('nn.doc.nothingToReach')
                    ) : (
                      <VStack gap="space-4">
                        {d.email !== null && (
                          <BodyShort size="small">
                            {t('nn.doc.email')}: <a href={`mailto:${d.email}`}>{d.email}</a>
                          </BodyShort>
                        )}
                        {d.terminals.map((x) => (
                          <BodyShort size="small" key={x.issi}>
                            {t('nn.doc.terminal', { issi: x.issi, label: x.label })}{' '}
                            <TextLink href={`/nodnett/conference?doctor=${encodeURIComponent(x.issi)}`}>
                              {t('nn.doc.conference')}
                            </TextLink>
                          </BodyShort>
                        ))}
                      </VStack>
                    ),
                },
              ]}
            />
            {answer.gaps.length > 0 && (
              <Alert variant="info" size="small">
                <Heading level="3" size="xsmall">
                  {t('nn.doc.gaps')}
                </Heading>
                <List size="small">
                  {answer.gaps.map((g) => (
                    <List.Item key={g}>{t(`nn.doc.gap.${g}` as MessageKey)}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
          </VStack>
        </Panel>
      )}
    </PageFrame>
  );
}
