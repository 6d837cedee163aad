/**
 * Kontaktjournal (issue 11; LV-3, LV-6): the documentation of the call, under the answered call's
 * panel and still there after the call has ended. The draft is saved to the server by itself —
 * a second after typing stops and when a field is left — on the version it was edited on, so it
 * survives a reload (the page reopens it from `?call=`); a change made elsewhere meanwhile (409)
 * is said in words and the newest version is loaded, never overwritten. "Signer" signs the stored
 * version, or says which fields are missing and focuses the first; a signed record is read-only
 * and only corrected ("Endre (tilføy rettelse)") with a reason, every version listed.
 *
 * The hastegrad is the page's one choice for the call and its record: chosen in the panel while
 * it is open, here once the panel is closed.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  BodyShort,
  Button,
  Checkbox,
  CheckboxGroup,
  HGrid,
  HStack,
  Heading,
  Loader,
  Radio,
  RadioGroup,
  Select,
  Table,
  TextField,
  Textarea,
  VStack,
} from '@navikt/ds-react';
import { ApiError } from '../../shared/api/client.ts';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { fieldText } from '../../shared/i18n/server-text.ts';
import {
  CALLER_RELATIONS,
  FORWARD_TARGETS,
  HASTEGRADER,
  controlRoomApi,
  type ContactRecord,
  type ContactRecordContent,
  type Hastegrad,
} from './api.ts';
import { HastegradTag } from './answered-call-panel.tsx';
import {
  FIELD_ORDER,
  applyMine,
  clientProblems,
  contentOf,
  formOf,
  mergeForms,
  prefilledForm,
  unsavedChanges,
  type MergeConflict,
  recordFieldOf,
  sameContent,
  type RecordField,
  type RecordForm,
} from './contact-record-view.ts';

/** The call a record is kept for, as the page knows it. */
export interface RecordCall {
  id: string;
  callingNumber?: string | null;
  municipality?: string | null;
  answeredAt?: string | null;
}

const SAVE_AFTER_MS = 1000;

const timeFmt = new Intl.DateTimeFormat('nb-NO', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Oslo',
});

type FieldErrors = Partial<Record<RecordField, string>>;
type Status = 'none' | 'saving' | 'saved' | 'failed';

const isConflict = (e: unknown) =>
  e instanceof ApiError &&
  e.status === 409 &&
  (e.problem.detailCode === 'contact.version-conflict' || e.problem.detailCode === 'contact.signed');

export function ContactRecordForm({
  call,
  hastegrad,
  onHastegrad,
  hastegradInPanel,
  onPanelHastegradError,
  onClose,
}: {
  call: RecordCall;
  hastegrad: Hastegrad | '';
  onHastegrad: (h: Hastegrad | '') => void;
  /** The answered call's panel is open and offers the hastegrad. */
  hastegradInPanel: boolean;
  /** Shows a hastegrad error on the panel's choice (null clears it), focusing it when asked. */
  onPanelHastegradError: (message: string | null, focus?: boolean) => void;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const ids = useId();
  const callId = call.id;

  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [record, setRecord] = useState<ContactRecord | null>(null);
  const [form, setForm] = useState<RecordForm>(() => prefilledForm(call));
  const [status, setStatus] = useState<Status>('none');
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState(false);
  const [conflicts, setConflicts] = useState<{ signed: boolean; items: MergeConflict[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [nationalIdLeft, setNationalIdLeft] = useState(false);
  const [amending, setAmending] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [busy, setBusy] = useState<'sign' | 'amend' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [signMissing, setSignMissing] = useState(false);

  // What the server holds (version and content): the base of the next change; the prefilled
  // content of a new record, so the prefill alone saves nothing.
  const stored = useRef<{ version: number; content: ContactRecordContent } | null>(null);
  const base = useRef<ContactRecordContent>(contentOf(prefilledForm(call), hastegrad));
  const fields = useRef<Partial<Record<RecordField, HTMLElement | null>>>({});
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const signed = record?.status === 'signed';
  const editable = loaded && (!signed || amending);
  const content = contentOf(form, hastegrad);
  const problems = clientProblems(form);
  const blocked = Object.keys(problems).length > 0;
  const dirty = !sameContent(content, base.current);

  const show = useCallback(
    (r: ContactRecord | null, fill: boolean) => {
      setRecord(r);
      if (r) {
        stored.current = { version: r.version, content: r.content };
        base.current = r.content;
      }
      if (r && fill) {
        const f = formOf(r.content);
        setForm(f.form);
        if (f.hastegrad) onHastegrad(f.hastegrad);
      }
    },
    [onHastegrad],
  );

  const load = useCallback(
    async (signal?: AbortSignal) => {
      const { record: r } = await controlRoomApi.contactRecord(callId, signal);
      show(r, true);
      setStatus(r ? 'saved' : 'none');
      setLoaded(true);
    },
    [callId, show],
  );

  useEffect(() => {
    const ac = new AbortController();
    load(ac.signal).catch((e: unknown) => {
      if ((e as Error).name !== 'AbortError') setLoadError(e);
    });
    return () => ac.abort();
  }, [load]);

  const serverFieldErrors = (e: unknown): FieldErrors => {
    const out: FieldErrors = {};
    if (!(e instanceof ApiError)) return out;
    for (const fe of e.problem.errors ?? []) {
      const field = recordFieldOf(fe.path);
      if (field) out[field] ??= fieldText(lang, fe);
    }
    return out;
  };

  const focusField = (field: RecordField) => {
    if (field === 'hastegrad' && hastegradInPanel) return; // the panel focuses its own choice
    const el = fields.current[field];
    const target = el?.matches('input, textarea, select') ? el : el?.querySelector('input');
    target?.focus();
  };

  const showErrors = (errs: FieldErrors) => {
    setServerErrors(errs);
    const first = FIELD_ORDER.find((f) => errs[f] || problems[f]);
    if (hastegradInPanel) onPanelHastegradError(errs.hastegrad ?? null, first === 'hastegrad');
    if (first) focusField(first);
  };

  // The form as typed, for the merge after a conflict (the render's `form` may be older).
  const formNow = useRef(form);
  formNow.current = form;
  const hastegradNow = useRef(hastegrad);
  hastegradNow.current = hastegrad;

  /**
   * A change made elsewhere meanwhile (409): the newest version is loaded and the operator's unsaved
   * typing merged onto it (mergeForms) — what only they changed stays and is saved on the new
   * version; a field both changed keeps the stored text and is listed with theirs to choose.
   * Signed elsewhere: nothing more can be saved; what they typed is listed, for an amendment.
   */
  const reloadAfterConflict = async () => {
    const from = formOf(base.current);
    const mine = { form: formNow.current, hastegrad: hastegradNow.current };
    setConflict(true);
    setAmending(false);
    try {
      const { record: r } = await controlRoomApi.contactRecord(callId);
      show(r, false);
      setStatus(r ? 'saved' : 'none');
      const theirs = r ? formOf(r.content) : from;
      if (r?.status === 'signed') {
        setForm(theirs.form);
        if (theirs.hastegrad) onHastegrad(theirs.hastegrad);
        setConflicts({ signed: true, items: unsavedChanges(from, mine) });
        return;
      }
      const merged = mergeForms(from, mine, theirs, FORWARD_TARGETS);
      setForm(merged.form);
      if (merged.hastegrad) onHastegrad(merged.hastegrad);
      setConflicts({ signed: false, items: merged.conflicts });
    } catch (e) {
      setError(e);
    }
  };

  const takeMine = (c: MergeConflict) => {
    const next = applyMine({ form: formNow.current, hastegrad: hastegradNow.current }, c, FORWARD_TARGETS);
    setForm(next.form);
    if (next.hastegrad) onHastegrad(next.hastegrad);
    setConflicts((cs) => cs && { ...cs, items: cs.items.filter((x) => x.field !== c.field) });
  };

  // Saving the draft: one at a time, each on the version the server holds.
  const latest = useRef({ content, blocked, editable, signed });
  latest.current = { content, blocked, editable, signed };
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  /** Set while signing: the draft is not saved beside it. */
  const hold = useRef(false);
  const saveNow = useCallback(async (): Promise<void> => {
    const { content: c, blocked: b, editable: ed, signed: s } = latest.current;
    if (hold.current || !ed || s || b || sameContent(c, stored.current?.content ?? base.current)) return;
    if (inFlight.current) {
      again.current = true;
      return inFlight.current;
    }
    const run = (async () => {
      setStatus('saving');
      try {
        const r = await controlRoomApi.saveContactRecord(callId, {
          content: c,
          version: stored.current?.version ?? 0,
        });
        show(r, false);
        setStatus('saved');
        setServerErrors((errs) => {
          const { hastegrad: h, hastegradReason, advice, patient } = errs;
          // What signing asked for stays until it is given; the draft's own errors are gone.
          return { hastegrad: h, hastegradReason, advice, patient };
        });
      } catch (e) {
        if (isConflict(e)) {
          await reloadAfterConflict();
        } else {
          setStatus('failed');
          const errs = serverFieldErrors(e);
          if (Object.keys(errs).length > 0) setServerErrors(errs);
          else setError(e);
        }
      }
    })();
    inFlight.current = run;
    try {
      await run;
    } finally {
      inFlight.current = null;
    }
    if (again.current) {
      again.current = false;
      await saveNow();
    }
    // The latest render is read through refs (latest, stored, base).
  }, [callId, show]);

  const contentKey = JSON.stringify(content);
  useEffect(() => {
    if (!editable || signed || blocked || !dirty) return;
    const timer = setTimeout(() => void saveNow(), SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [contentKey, editable, signed, blocked, dirty, saveNow]);
  // Leaving the record (closed, another call answered) saves what was typed.
  useEffect(() => () => void saveNow(), [saveNow]);

  const set = <K extends keyof RecordForm>(key: K, value: RecordForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setNote(null);
  };

  const sign = async () => {
    if (busy) return;
    setNote(null);
    setConflict(false);
    setConflicts(null);
    setSignMissing(false);
    if (blocked) {
      setNationalIdLeft(true);
      showErrors({});
      return;
    }
    setBusy('sign');
    try {
      // The draft's own saving first (one change at a time), then nothing else while signing.
      await saveNow();
      while (inFlight.current) await inFlight.current;
      hold.current = true;
      const now = latest.current.content;
      if (!stored.current || !sameContent(now, stored.current.content)) {
        const r = await controlRoomApi.saveContactRecord(callId, {
          content: now,
          version: stored.current?.version ?? 0,
        });
        show(r, false);
      }
      const r = await controlRoomApi.signContactRecord(callId, stored.current!.version);
      show(r, true);
      setServerErrors({});
      onPanelHastegradError(null);
      setNote(t('controlRoom.record.signed.note'));
      setTimeout(() => statusRef.current?.focus(), 0);
    } catch (e) {
      if (isConflict(e)) {
        await reloadAfterConflict();
      } else {
        const errs = serverFieldErrors(e);
        if (Object.keys(errs).length > 0) {
          setSignMissing(true);
          showErrors(errs);
        } else setError(e);
      }
    } finally {
      hold.current = false;
      setBusy(null);
    }
  };

  const startAmend = () => {
    if (!record) return;
    setForm(formOf(record.content).form);
    if (record.content.hastegrad) onHastegrad(record.content.hastegrad);
    setReason('');
    setReasonMissing(false);
    setNote(null);
    setConflict(false);
    setConflicts(null);
    setAmending(true);
    setTimeout(() => reasonField.current?.focus(), 0);
  };

  const amend = async () => {
    if (busy || !record) return;
    setNote(null);
    if (!reason.trim()) {
      setReasonMissing(true);
      reasonField.current?.focus();
      return;
    }
    if (blocked) {
      setNationalIdLeft(true);
      showErrors({});
      return;
    }
    setBusy('amend');
    try {
      const r = await controlRoomApi.amendContactRecord(callId, {
        content,
        reason: reason.trim(),
        version: record.version,
      });
      show(r, true);
      setAmending(false);
      setServerErrors({});
      setNote(t('controlRoom.record.amended', { version: r.version }));
      setTimeout(() => statusRef.current?.focus(), 0);
    } catch (e) {
      if (isConflict(e)) await reloadAfterConflict();
      else {
        const errs = serverFieldErrors(e);
        if (Object.keys(errs).length > 0) showErrors(errs);
        else setError(e);
      }
    } finally {
      setBusy(null);
    }
  };

  const problemText = (field: RecordField): string | undefined => {
    const p = problems[field];
    // The identity number is judged once its 11 digits are typed or its field is left.
    if (p && !(field === 'patient.nationalId' && p === 'contact.national-id-length' && !nationalIdLeft))
      return t(`controlRoom.record.problem.${p}` as MessageKey);
    return serverErrors[field];
  };
  const ref = (field: RecordField) => (el: HTMLElement | null) => {
    fields.current[field] = el;
  };

  const statusText = (() => {
    if (!loaded) return t('controlRoom.record.loading');
    if (signed && !amending) return null;
    if (blocked && dirty && status !== 'saving') return t('controlRoom.record.status.unsaved');
    // A change waits for its save (SAVE_AFTER_MS): never "saved" while it does — the operator (and a
    // reload) must not take the last words for stored before they are.
    if (dirty && !blocked && status !== 'failed') return t('controlRoom.record.status.saving');
    switch (status) {
      case 'none':
        return t('controlRoom.record.status.none');
      case 'saving':
        return t('controlRoom.record.status.saving');
      case 'saved':
        return record && !amending
          ? t('controlRoom.record.status.saved', { time: timeFmt.format(new Date(record.updatedAt)) })
          : null;
      case 'failed':
        return t('controlRoom.record.status.failed');
    }
  })();

  return (
    <section
      className="nm-panel nm-record"
      aria-labelledby={`${ids}-title`}
      data-testid="contact-record"
      data-record-call={callId}
    >
      <VStack gap="space-16">
        <HStack justify="space-between" align="center">
          <div>
            <Heading level="2" size="medium" id={`${ids}-title`}>
              {t('controlRoom.record.title')}
            </Heading>
            {call.answeredAt && (
              <BodyShort size="small" className="nm-muted">
                {t('controlRoom.record.forCall', { at: formatDateTime(call.answeredAt) })}
              </BodyShort>
            )}
          </div>
          <Button size="small" variant="tertiary" onClick={onClose}>
            {t('controlRoom.record.close')}
          </Button>
        </HStack>
        <BodyShort size="small">{t('controlRoom.record.intro')}</BodyShort>
        <ProblemAlert error={loadError} />
        {!loaded && !loadError && <Loader size="small" title={t('controlRoom.record.loading')} />}

        <div role="status" data-testid="record-status" ref={statusRef} tabIndex={-1}>
          {signed && record?.signedAt && (
            <Alert variant="success" size="small" inline>
              {t('controlRoom.record.signed', {
                by: record.signedBy ?? '',
                time: formatDateTime(record.signedAt),
              })}
              {note && ` ${note}`}
            </Alert>
          )}
          {statusText && (
            <BodyShort size="small" className="nm-muted">
              {statusText}
            </BodyShort>
          )}
        </div>
        {conflict && (
          <Alert variant="info" size="small" role="alert" data-testid="record-conflict">
            {t(
              conflicts?.signed
                ? 'controlRoom.record.conflict.signed'
                : conflicts?.items.length
                  ? 'controlRoom.record.conflict.both'
                  : 'controlRoom.record.conflict.merged',
            )}
          </Alert>
        )}
        {conflicts && conflicts.items.length > 0 && (
          <ConflictList items={conflicts.items} signed={conflicts.signed} onUseMine={takeMine} />
        )}
        {signMissing && (
          <Alert variant="warning" size="small" role="alert" data-testid="record-missing">
            {t('controlRoom.record.sign.missing')}
          </Alert>
        )}
        <ProblemAlert error={error} />

        {loaded && signed && !amending && record && <RecordView content={record.content} />}

        {editable && (
          <form
            noValidate
            aria-labelledby={`${ids}-title`}
            onSubmit={(e) => e.preventDefault()}
            onBlur={() => void saveNow()}
            data-testid="record-form"
          >
            <VStack gap="space-20">
              {amending && (
                <Textarea
                  ref={reasonField}
                  label={t('controlRoom.record.amend.reason')}
                  description={t('controlRoom.record.amend.reason.description')}
                  value={reason}
                  maxLength={1000}
                  minRows={2}
                  onChange={(e) => {
                    setReason(e.target.value);
                    if (e.target.value.trim()) setReasonMissing(false);
                  }}
                  error={reasonMissing ? t('controlRoom.record.amend.reason.missing') : undefined}
                />
              )}
              <Group title={t('controlRoom.record.caller')}>
                <HGrid columns={{ xs: 1, md: 3 }} gap="space-16">
                  <TextField
                    label={t('controlRoom.record.callerName')}
                    autoComplete="off"
                    value={form.callerName}
                    maxLength={200}
                    onChange={(e) => set('callerName', e.target.value)}
                  />
                  <TextField
                    ref={ref('caller.callbackNumber')}
                    label={t('controlRoom.record.callbackNumber')}
                    description={t('controlRoom.record.callbackNumber.description')}
                    type="tel"
                    autoComplete="off"
                    value={form.callbackNumber}
                    onChange={(e) => set('callbackNumber', e.target.value)}
                    error={problemText('caller.callbackNumber')}
                  />
                  <Select
                    label={t('controlRoom.record.relation')}
                    value={form.relation}
                    onChange={(e) => set('relation', e.target.value as RecordForm['relation'])}
                  >
                    <option value="">{t('common.select')}</option>
                    {CALLER_RELATIONS.map((r) => (
                      <option key={r} value={r}>
                        {t(`controlRoom.record.relation.${r}`)}
                      </option>
                    ))}
                  </Select>
                </HGrid>
              </Group>

              <Group title={t('controlRoom.record.patient')}>
                <div ref={ref('patient')}>
                  <RadioGroup
                    legend={t('controlRoom.record.patientKind')}
                    value={form.patientKind}
                    onChange={(v: RecordForm['patientKind']) => set('patientKind', v)}
                    error={problemText('patient')}
                  >
                    <HStack gap="space-16">
                      <Radio value="identified">{t('controlRoom.record.patientKind.identified')}</Radio>
                      <Radio value="unknown">{t('controlRoom.record.patientKind.unknown')}</Radio>
                    </HStack>
                  </RadioGroup>
                </div>
                {form.patientKind === 'identified' && (
                  <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
                    <TextField
                      ref={ref('patient.nationalId')}
                      label={t('controlRoom.record.nationalId')}
                      description={t('controlRoom.record.nationalId.description')}
                      inputMode="numeric"
                      autoComplete="off"
                      value={form.nationalId}
                      onChange={(e) => {
                        set('nationalId', e.target.value);
                        setServerErrors(({ 'patient.nationalId': _, ...rest }) => rest);
                      }}
                      onBlur={() => setNationalIdLeft(true)}
                      error={problemText('patient.nationalId')}
                    />
                    <TextField
                      label={t('controlRoom.record.patientName')}
                      autoComplete="off"
                      value={form.patientName}
                      maxLength={200}
                      onChange={(e) => set('patientName', e.target.value)}
                    />
                  </HGrid>
                )}
                {form.patientKind === 'unknown' && (
                  <Textarea
                    label={t('controlRoom.record.patientDescription')}
                    description={t('controlRoom.record.patientDescription.description')}
                    value={form.patientDescription}
                    maxLength={500}
                    minRows={2}
                    onChange={(e) => set('patientDescription', e.target.value)}
                  />
                )}
              </Group>

              <Group title={t('controlRoom.record.location')}>
                <HGrid columns={{ xs: 1, md: '2fr 1fr' }} gap="space-16">
                  <TextField
                    label={t('controlRoom.record.address')}
                    autoComplete="off"
                    value={form.address}
                    maxLength={300}
                    onChange={(e) => set('address', e.target.value)}
                  />
                  <TextField
                    ref={ref('location.municipality')}
                    label={t('controlRoom.record.municipality')}
                    description={t('controlRoom.record.municipality.description')}
                    inputMode="numeric"
                    autoComplete="off"
                    value={form.municipality}
                    onChange={(e) => set('municipality', e.target.value)}
                    error={problemText('location.municipality')}
                  />
                </HGrid>
              </Group>

              <Group title={t('controlRoom.record.assessment')}>
                {hastegradInPanel ? (
                  <BodyShort data-testid="record-hastegrad">
                    {t('controlRoom.record.hastegrad.chosen', {
                      hastegrad: hastegrad
                        ? t(`callReport.hastegrad.${hastegrad}`)
                        : t('controlRoom.hastegrad.none'),
                    })}
                  </BodyShort>
                ) : (
                  <div ref={ref('hastegrad')}>
                    <RadioGroup
                      legend={t('controlRoom.hastegrad')}
                      value={hastegrad}
                      onChange={(v: Hastegrad) => {
                        onHastegrad(v);
                        setServerErrors(({ hastegrad: _, ...rest }) => rest);
                      }}
                      error={serverErrors.hastegrad}
                    >
                      {HASTEGRADER.map((h) => (
                        <Radio key={h} value={h}>
                          <HastegradTag value={h} />
                        </Radio>
                      ))}
                    </RadioGroup>
                  </div>
                )}
                <Textarea
                  ref={ref('hastegradReason')}
                  label={t('controlRoom.record.hastegradReason')}
                  description={t('controlRoom.record.hastegradReason.description')}
                  value={form.hastegradReason}
                  maxLength={1000}
                  minRows={2}
                  onChange={(e) => set('hastegradReason', e.target.value)}
                  error={problemText('hastegradReason')}
                />
                <Textarea
                  ref={ref('advice')}
                  label={t('controlRoom.record.advice')}
                  value={form.advice}
                  maxLength={4000}
                  minRows={3}
                  onChange={(e) => set('advice', e.target.value)}
                  error={problemText('advice')}
                />
                <CheckboxGroup
                  legend={t('controlRoom.record.forwardedTo')}
                  value={Object.keys(form.forwarded)}
                  onChange={(chosen: string[]) =>
                    set(
                      'forwarded',
                      Object.fromEntries(
                        FORWARD_TARGETS.filter((f) => chosen.includes(f)).map((f) => [
                          f,
                          form.forwarded[f] ?? '',
                        ]),
                      ),
                    )
                  }
                >
                  <HStack gap="space-16">
                    {FORWARD_TARGETS.map((f) => (
                      <Checkbox key={f} value={f}>
                        {t(`controlRoom.record.forward.${f}`)}
                      </Checkbox>
                    ))}
                  </HStack>
                </CheckboxGroup>
                {FORWARD_TARGETS.filter((f) => f in form.forwarded).map((f) => (
                  <TextField
                    key={f}
                    label={t('controlRoom.record.forwardNote', {
                      target: t(`controlRoom.record.forward.${f}`),
                    })}
                    autoComplete="off"
                    maxLength={500}
                    value={form.forwarded[f] ?? ''}
                    onChange={(e) => set('forwarded', { ...form.forwarded, [f]: e.target.value })}
                  />
                ))}
                <Textarea
                  label={t('controlRoom.record.freeText')}
                  value={form.freeText}
                  maxLength={8000}
                  minRows={3}
                  onChange={(e) => set('freeText', e.target.value)}
                />
              </Group>

              <HStack gap="space-12">
                {amending ? (
                  <>
                    <Button size="small" onClick={() => void amend()} loading={busy === 'amend'}>
                      {t('controlRoom.record.amend.save')}
                    </Button>
                    <Button
                      size="small"
                      variant="tertiary"
                      onClick={() => {
                        setAmending(false);
                        if (record) show(record, true);
                      }}
                    >
                      {t('controlRoom.record.amend.cancel')}
                    </Button>
                  </>
                ) : (
                  <Button size="small" onClick={() => void sign()} loading={busy === 'sign'}>
                    {t('controlRoom.record.sign')}
                  </Button>
                )}
              </HStack>
            </VStack>
          </form>
        )}

        {signed && !amending && (
          <div>
            <Button size="small" variant="secondary" onClick={startAmend}>
              {t('controlRoom.record.amend')}
            </Button>
          </div>
        )}
        {signed && record && <History record={record} />}
      </VStack>
    </section>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <VStack gap="space-12">
      <Heading level="3" size="xsmall">
        {title}
      </Heading>
      {children}
    </VStack>
  );
}

/** A signed record as read. */
function RecordView({ content }: { content: ContactRecordContent }) {
  const { t } = useI18n();
  const none = t('controlRoom.record.none');
  const p = content.patient;
  const patient =
    p?.kind === 'identified'
      ? [p.nationalId, p.name].filter(Boolean).join(', ')
      : p?.kind === 'unknown'
        ? [t('controlRoom.record.patientKind.unknown'), p.description].filter(Boolean).join(': ')
        : none;
  const rows: [string, string][] = [
    [t('controlRoom.record.callerName'), content.caller.name ?? none],
    [t('controlRoom.record.callbackNumber'), content.caller.callbackNumber ?? none],
    [
      t('controlRoom.record.relation'),
      content.caller.relation ? t(`controlRoom.record.relation.${content.caller.relation}`) : none,
    ],
    [t('controlRoom.record.patient'), patient],
    [t('controlRoom.record.address'), content.location.address ?? none],
    [t('controlRoom.record.municipality'), content.location.municipality ?? none],
    [t('controlRoom.hastegrad'), content.hastegrad ? t(`callReport.hastegrad.${content.hastegrad}`) : none],
    [t('controlRoom.record.hastegradReason'), content.hastegradReason ?? none],
    [t('controlRoom.record.advice'), content.advice ?? none],
    [
      t('controlRoom.record.forwardedTo'),
      content.forwardedTo.length === 0
        ? none
        : content.forwardedTo
            .map((f) => t(`controlRoom.record.forward.${f.target}`) + (f.note ? ` (${f.note})` : ''))
            .join(', '),
    ],
    [t('controlRoom.record.freeText'), content.freeText ?? none],
  ];
  return (
    <dl className="nm-facts" data-testid="record-view">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every version, newest first: what, who, when and why. */
function History({ record }: { record: ContactRecord }) {
  const { t } = useI18n();
  const ids = useId();
  return (
    <section aria-labelledby={`${ids}-history`} data-testid="record-history">
      <VStack gap="space-8">
        <Heading level="3" size="small" id={`${ids}-history`}>
          {t('controlRoom.record.history')}
        </Heading>
        <div className="nm-table-wrap">
          <Table size="small">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell scope="col">{t('controlRoom.record.history.version')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('controlRoom.record.history.change')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('controlRoom.record.history.by')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('controlRoom.record.history.at')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('controlRoom.record.history.reason')}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {record.versions.map((v) => (
                <Table.Row key={v.version} data-testid="record-version" data-change={v.change}>
                  <Table.HeaderCell scope="row">{v.version}</Table.HeaderCell>
                  <Table.DataCell>{t(`controlRoom.record.change.${v.change}`)}</Table.DataCell>
                  <Table.DataCell>{v.changedBy}</Table.DataCell>
                  <Table.DataCell>{formatDateTime(v.changedAt)}</Table.DataCell>
                  <Table.DataCell>{v.reason ?? '–'}</Table.DataCell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      </VStack>
    </section>
  );
}

/** A merged field's label and one side's value as the operator reads them. */
function useConflictTexts() {
  const { t } = useI18n();
  const empty = t('controlRoom.record.conflict.empty');
  const label = (field: string): string => {
    if (field === 'hastegrad') return t('controlRoom.hastegrad');
    if (field.startsWith('forwarded.')) {
      const target = t(`controlRoom.record.forward.${field.slice(10)}` as MessageKey);
      return t('controlRoom.record.conflict.forwarded', { target });
    }
    return t(`controlRoom.record.${field}` as MessageKey);
  };
  const value = (field: string, v: string | undefined): string => {
    if (field.startsWith('forwarded.'))
      return v === undefined
        ? t('controlRoom.record.conflict.notForwarded')
        : v || t('controlRoom.record.conflict.forwardedNoNote');
    if (!v) return empty;
    if (field === 'hastegrad') return t(`callReport.hastegrad.${v}` as MessageKey);
    if (field === 'relation') return t(`controlRoom.record.relation.${v}` as MessageKey);
    if (field === 'patientKind') return t(`controlRoom.record.patientKind.${v}` as MessageKey);
    return v;
  };
  return { label, value };
}

/**
 * The fields the operator and someone else both changed (the stored text is in the form), with
 * what the operator typed and a button to take it instead; after a signing elsewhere, what they
 * typed that was not saved (for an amendment).
 */
function ConflictList({
  items,
  signed,
  onUseMine,
}: {
  items: readonly MergeConflict[];
  signed: boolean;
  onUseMine: (c: MergeConflict) => void;
}) {
  const { t } = useI18n();
  const { label, value } = useConflictTexts();
  return (
    <div className="nm-panel" data-testid="record-conflicts">
      <Heading level="3" size="xsmall" spacing>
        {t(signed ? 'controlRoom.record.conflict.unsaved' : 'controlRoom.record.conflict.choose')}
      </Heading>
      <VStack gap="space-12" as="ul" className="nm-plain-list">
        {items.map((c) => (
          <li key={c.field} data-testid="record-conflict-item">
            <BodyShort weight="semibold">{label(c.field)}</BodyShort>
            {!signed && (
              <BodyShort size="small">
                {t('controlRoom.record.conflict.stored')}: {value(c.field, c.theirs)}
              </BodyShort>
            )}
            <BodyShort size="small">
              {t('controlRoom.record.conflict.mine')}: {value(c.field, c.mine)}
            </BodyShort>
            {!signed && (
              <Button size="xsmall" variant="secondary" type="button" onClick={() => onUseMine(c)}>
                {t('controlRoom.record.conflict.useMine')}
                <span className="aksel-sr-only"> – {label(c.field)}</span>
              </Button>
            )}
          </li>
        ))}
      </VStack>
    </div>
  );
}
