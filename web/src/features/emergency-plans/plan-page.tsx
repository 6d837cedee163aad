/**
 * One emergency plan (LV-7): what it is and until when it holds, its alerting list (phone numbers
 * as tel: links) and its documents to download. Leaders of the centre that serves the
 * municipality change it (a change made on an older version is refused and the newest shown),
 * upload documents (the type checked here before sending, and by the server), remove documents,
 * or delete the plan.
 */
import { useRef, useState, type FormEvent } from 'react';
import { Alert, BodyShort, Button, HStack, TextField, VStack } from '@navikt/ds-react';
import { ApiError } from '../../shared/api/client.ts';
import { FileField } from '../../shared/components/fields.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { formatDate, formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import { navigate, TextLink } from '../../shared/router.tsx';
import { PLAN_CHANGED, plansApi, type Plan, type PlanChanged } from './api.ts';
import { ContactsTable, DocumentsTable, Facts, ReviewTag } from './parts.tsx';
import { PlanForm } from './plan-form.tsx';
import { ACCEPT, mediaTypeOfFile } from './plan-view.ts';

function UploadForm({ plan, onUploaded }: { plan: Plan; onUploaded: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const s = useSubmit(
    (f: File, mediaType: string) => plansApi.upload(plan.id, f, mediaType, f.name, title.trim()),
    (doc) => {
      setDone(doc.filename);
      setTitle('');
      setFile(null);
      form.current?.reset();
      onUploaded();
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!file) return setFileError(t('ep.upload.missing'));
    const mediaType = mediaTypeOfFile(file);
    if (!mediaType) return setFileError(t('ep.upload.type'));
    setFileError(null);
    void s.run(file, mediaType);
  };
  return (
    <form ref={form} onSubmit={submit} aria-label={t('ep.upload.title')} noValidate>
      <VStack gap="space-12">
        <FileField
          label={t('ep.upload.file')}
          description={t('ep.upload.file.description')}
          accept={ACCEPT}
          error={fileError}
          onFile={(f) => {
            setFile(f);
            setFileError(null);
          }}
        />
        <TextField
          label={t('ep.upload.fileTitle')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <div>
          <Button type="submit" variant="secondary" loading={s.busy}>
            {t('ep.upload.submit')}
          </Button>
        </div>
        <ProblemAlert error={s.error} />
        {done && <SuccessNote>{t('ep.upload.done', { name: done })}</SuccessNote>}
      </VStack>
    </form>
  );
}

function RemovePlan({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const s = useSubmit(
    () => plansApi.remove(plan.id, plan.revision),
    () => navigate(`/emergency-plans/municipalities/${plan.municipality.number}`),
  );
  if (!asking)
    return (
      <div>
        <Button type="button" variant="danger" size="small" onClick={() => setAsking(true)}>
          {t('ep.plan.remove')}
        </Button>
      </div>
    );
  return (
    <VStack gap="space-8">
      <Alert variant="warning" size="small">
        {t('ep.plan.removeConfirm')}
      </Alert>
      <HStack gap="space-8">
        <Button type="button" variant="danger" size="small" loading={s.busy} onClick={() => void s.run()}>
          {t('ep.plan.removeYes')}
        </Button>
        <Button type="button" variant="tertiary" size="small" onClick={() => setAsking(false)}>
          {t('common.cancel')}
        </Button>
      </HStack>
      <ProblemAlert error={s.error} />
    </VStack>
  );
}

export function PlanPage({ id }: { id: string }) {
  const { t } = useI18n();
  const r = useResource((sig) => plansApi.plan(id, sig), [id]);
  useLiveReload([PLAN_CHANGED], r.reload, 300, (e) => (e.payload as PlanChanged).planId === id);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState<'saved' | 'conflict' | null>(null);
  const plan = r.data;
  const save = async (input: Parameters<typeof plansApi.update>[1]) => {
    try {
      return await plansApi.update(id, input);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setNote('conflict');
        r.reload();
      }
      throw e;
    }
  };
  return (
    <PageFrame
      title={plan?.title ?? t('ep.list.title')}
      intro={plan ? `${t(`ep.kind.${plan.kind}` as MessageKey)} · ${plan.municipality.name}` : undefined}
      actions={
        plan ? (
          <HStack gap="space-12" align="center">
            <TextLink href={`/emergency-plans/municipalities/${plan.municipality.number}`}>
              {t('ep.municipality.title', { name: plan.municipality.name })}
            </TextLink>
            <ReviewTag status={plan.reviewStatus} reviewBy={plan.reviewBy} />
          </HStack>
        ) : undefined
      }
    >
      <ProblemAlert error={r.error} />
      {!plan && !r.error && <BodyShort>{t('app.loading')}</BodyShort>}
      {note === 'saved' && <SuccessNote>{t('ep.plan.saved')}</SuccessNote>}
      {note === 'conflict' && (
        <Alert variant="warning" size="small" role="status">
          {t('ep.plan.conflict')}
        </Alert>
      )}
      {plan && (
        <>
          <Panel title={t('ep.plan.facts')}>
            <Facts
              rows={[
                [t('ep.plan.municipality'), `${plan.municipality.name} (${plan.municipality.number})`],
                [t('ep.field.kind'), t(`ep.kind.${plan.kind}` as MessageKey)],
                [t('ep.field.version'), plan.version ?? ''],
                [t('ep.field.validFrom'), formatDate(plan.validFrom)],
                [t('ep.field.reviewBy'), formatDate(plan.reviewBy)],
                [t('ep.field.responsible'), plan.responsible ?? ''],
                [t('ep.field.notes'), plan.notes ? <span className="nm-prewrap">{plan.notes}</span> : ''],
              ]}
            />
            <BodyShort size="small" className="nm-muted">
              {t('ep.plan.changed', { at: formatDateTime(plan.updatedAt), by: plan.updatedBy })}
            </BodyShort>
            {!plan.mayMaintain && <BodyShort className="nm-muted">{t('ep.readOnly')}</BodyShort>}
            {plan.mayMaintain && !editing && (
              <div>
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => {
                    setNote(null);
                    setEditing(true);
                  }}
                >
                  {t('ep.plan.edit')}
                </Button>
              </div>
            )}
          </Panel>
          {plan.mayMaintain && editing && (
            <Panel title={t('ep.plan.edit')}>
              <PlanForm
                // A newer revision (another leader's change) starts the form again from it.
                key={plan.revision}
                plan={plan}
                label={t('ep.plan.edit')}
                submitLabel={t('ep.plan.save')}
                save={(input) => save({ ...input, revision: plan.revision })}
                onSaved={() => {
                  setNote('saved');
                  setEditing(false);
                  r.reload();
                }}
                onCancel={() => setEditing(false)}
              />
            </Panel>
          )}
          <Panel title={t('ep.contacts.title')}>
            <ContactsTable contacts={plan.contacts} />
          </Panel>
          <Panel title={t('ep.documents.title')}>
            <DocumentsTable documents={plan.documents} mayMaintain={plan.mayMaintain} onRemoved={r.reload} />
          </Panel>
          {plan.mayMaintain && (
            <Panel title={t('ep.upload.title')}>
              <UploadForm plan={plan} onUploaded={r.reload} />
            </Panel>
          )}
          {plan.mayMaintain && <RemovePlan plan={plan} />}
        </>
      )}
    </PageFrame>
  );
}
