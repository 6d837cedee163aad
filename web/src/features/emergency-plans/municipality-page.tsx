/**
 * One municipality's emergency plans (LV-7), whole: each plan with its review date, its alerting
 * list (phone numbers as tel: links) and its documents to download — what the control room opens
 * for a caller's municipality. Leaders of the centre that serves it add a plan here.
 */
import { useState } from 'react';
import { Alert, BodyShort, HStack, VStack } from '@navikt/ds-react';
import { CreateToggle } from '../../shared/components/create-toggle.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { formatDate, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import { TextLink } from '../../shared/router.tsx';
import { PLAN_CHANGED, plansApi, type PlanChanged } from './api.ts';
import { ContactsTable, DocumentsTable, Facts, ReviewTag, StatusTag } from './parts.tsx';
import { PlanForm } from './plan-form.tsx';

export function MunicipalityPage({ number }: { number: string }) {
  const { t } = useI18n();
  const m = useResource((sig) => plansApi.municipality(number, sig), [number]);
  useLiveReload([PLAN_CHANGED], m.reload, 300, (e) => (e.payload as PlanChanged).municipality === number);
  const [created, setCreated] = useState<string | null>(null);
  const data = m.data;
  const title = data ? t('ep.municipality.title', { name: data.municipality.name }) : t('ep.list.title');
  return (
    <PageFrame
      title={title}
      intro={
        data
          ? t('ep.municipality.intro', {
              number: data.municipality.number,
              centre: data.municipality.centreName ?? t('ep.municipality.noCentre'),
            })
          : undefined
      }
      actions={
        <HStack gap="space-12" align="center">
          <TextLink href="/emergency-plans">{t('ep.back')}</TextLink>
          {data && <StatusTag status={data.status} />}
        </HStack>
      }
    >
      <ProblemAlert error={m.error} />
      {!data && !m.error && <BodyShort>{t('app.loading')}</BodyShort>}
      {created && <SuccessNote>{t('ep.plan.created', { title: created })}</SuccessNote>}
      {data?.mayMaintain && (
        <CreateToggle label={t('ep.plan.new')}>
          {(close) => (
            <PlanForm
              plan={null}
              label={t('ep.plan.new')}
              submitLabel={t('ep.plan.create')}
              save={(input) => plansApi.create(number, input)}
              onSaved={(plan) => {
                setCreated(plan.title);
                close();
                m.reload();
              }}
              onCancel={close}
            />
          )}
        </CreateToggle>
      )}
      {data && !data.mayMaintain && <BodyShort className="nm-muted">{t('ep.readOnly')}</BodyShort>}
      {data && data.plans.length === 0 && (
        <Alert variant="info" data-testid="no-plans">
          {t('ep.municipality.noPlans')}
        </Alert>
      )}
      {data?.plans.map((p) => (
        <div key={p.id} data-testid="plan" data-plan-id={p.id}>
          <Panel title={p.title}>
            <VStack gap="space-16">
              <HStack gap="space-12" align="center">
                <ReviewTag status={p.reviewStatus} reviewBy={p.reviewBy} />
                <TextLink href={`/emergency-plans/plans/${p.id}`}>{t('ep.plan.open')}</TextLink>
              </HStack>
              <Facts
                rows={[
                  [t('ep.field.kind'), t(`ep.kind.${p.kind}` as MessageKey)],
                  [t('ep.field.version'), p.version ?? ''],
                  [t('ep.field.validFrom'), formatDate(p.validFrom)],
                  [t('ep.field.responsible'), p.responsible ?? ''],
                ]}
              />
              {p.notes && <BodyShort className="nm-prewrap">{p.notes}</BodyShort>}
              <Panel title={t('ep.contacts.title')} level="3">
                <ContactsTable contacts={p.contacts} />
              </Panel>
              <Panel title={t('ep.documents.title')} level="3">
                <DocumentsTable documents={p.documents} />
              </Panel>
            </VStack>
          </Panel>
        </div>
      ))}
    </PageFrame>
  );
}
