/**
 * The plan form (LV-7): the plan's fields and its alerting list — contacts in order, each with
 * its name, role, phone numbers (the first called first), when it can be reached and a note;
 * moved up and down, added and removed. Used to create a plan and to change one; the server's
 * field errors are shown at their fields, a contact's at its own.
 */
import { useState, type FormEvent } from 'react';
import { Button, Fieldset, HGrid, HStack, Select, Textarea, TextField, VStack } from '@navikt/ds-react';
import { DateField } from '../../shared/components/fields.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { CONTACT_AVAILABILITIES, PLAN_KINDS, type Plan, type PlanInput } from './api.ts';
import {
  contactErrorOf,
  draftOf,
  emptyContact,
  inputOf,
  moveContact,
  type ContactDraft,
  type PlanDraft,
} from './plan-view.ts';

const PLAN_FIELDS = ['kind', 'title', 'version', 'validFrom', 'reviewBy', 'responsible', 'notes', 'contacts'];

function ContactFields({
  contact,
  n,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  contact: ContactDraft;
  n: number;
  count: number;
  errors: Record<string, string>;
  onChange: (c: ContactDraft) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const set = (field: keyof ContactDraft) => (value: string) => onChange({ ...contact, [field]: value });
  return (
    <Fieldset
      legend={t('ep.contact.legend', { n })}
      size="small"
      className="nm-contact"
      data-testid="contact-fields"
    >
      <HGrid columns={{ xs: 1, md: 2 }} gap="space-12">
        <TextField
          label={t('ep.contact.name')}
          size="small"
          value={contact.name}
          onChange={(e) => set('name')(e.target.value)}
          error={errors.name}
        />
        <TextField
          label={t('ep.contact.role')}
          size="small"
          value={contact.role}
          onChange={(e) => set('role')(e.target.value)}
          error={errors.role}
        />
        <TextField
          label={t('ep.contact.phones')}
          description={t('ep.contact.phones.description')}
          size="small"
          type="tel"
          value={contact.phones}
          onChange={(e) => set('phones')(e.target.value)}
          error={errors.phones}
        />
        <Select
          label={t('ep.contact.availability')}
          size="small"
          value={contact.availability}
          onChange={(e) => set('availability')(e.target.value)}
          error={errors.availability}
        >
          {CONTACT_AVAILABILITIES.map((a) => (
            <option key={a} value={a}>
              {t(`ep.availability.${a}` as MessageKey)}
            </option>
          ))}
        </Select>
        <TextField
          label={t('ep.contact.note')}
          size="small"
          value={contact.note}
          onChange={(e) => set('note')(e.target.value)}
          error={errors.note}
        />
      </HGrid>
      <HStack gap="space-8">
        <Button
          type="button"
          size="xsmall"
          variant="tertiary"
          disabled={n === 1}
          aria-label={t('ep.contact.up', { n })}
          onClick={() => onMove(-1)}
        >
          {t('ep.contact.upShort')}
        </Button>
        <Button
          type="button"
          size="xsmall"
          variant="tertiary"
          disabled={n === count}
          aria-label={t('ep.contact.down', { n })}
          onClick={() => onMove(1)}
        >
          {t('ep.contact.downShort')}
        </Button>
        <Button
          type="button"
          size="xsmall"
          variant="tertiary"
          aria-label={t('ep.contact.remove', { n })}
          onClick={onRemove}
        >
          {t('ep.contact.removeShort')}
        </Button>
      </HStack>
    </Fieldset>
  );
}

export function PlanForm({
  plan,
  label,
  submitLabel,
  save,
  onSaved,
  onCancel,
}: {
  /** The plan to change, or null for a new one. */
  plan: Plan | null;
  /** The form's accessible name. */
  label: string;
  submitLabel: string;
  save: (input: PlanInput) => Promise<Plan>;
  onSaved: (plan: Plan) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<PlanDraft>(() => draftOf(plan));
  const s = useSubmit(save, onSaved);
  const fe = s.fieldErrors;
  const contactErrors: Record<string, string>[] = draft.contacts.map(() => ({}));
  for (const [path, message] of Object.entries(fe)) {
    const at = contactErrorOf(path);
    if (at && contactErrors[at.index]) contactErrors[at.index]![at.field] ??= message;
  }
  const set =
    <K extends keyof PlanDraft>(field: K) =>
    (value: PlanDraft[K]) =>
      setDraft((d) => ({ ...d, [field]: value }));
  const setContacts = (f: (list: ContactDraft[]) => ContactDraft[]) =>
    setDraft((d) => ({ ...d, contacts: f(d.contacts) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(inputOf(draft));
  };
  return (
    <form onSubmit={submit} aria-label={label} noValidate>
      <VStack gap="space-16">
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
          <Select
            label={t('ep.field.kind')}
            value={draft.kind}
            onChange={(e) => set('kind')(e.target.value as PlanDraft['kind'])}
            error={fe.kind}
          >
            {PLAN_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ep.kind.${k}` as MessageKey)}
              </option>
            ))}
          </Select>
          <TextField
            label={t('ep.field.title')}
            value={draft.title}
            onChange={(e) => set('title')(e.target.value)}
            error={fe.title}
          />
          <TextField
            label={t('ep.field.version')}
            value={draft.version}
            onChange={(e) => set('version')(e.target.value)}
            error={fe.version}
          />
          <TextField
            label={t('ep.field.responsible')}
            value={draft.responsible}
            onChange={(e) => set('responsible')(e.target.value)}
            error={fe.responsible}
          />
          <DateField
            label={t('ep.field.validFrom')}
            value={draft.validFrom}
            onChange={set('validFrom')}
            error={fe.validFrom}
          />
          <DateField
            label={t('ep.field.reviewBy')}
            description={t('ep.field.reviewBy.description')}
            value={draft.reviewBy}
            onChange={set('reviewBy')}
            error={fe.reviewBy}
          />
        </HGrid>
        <Textarea
          label={t('ep.field.notes')}
          value={draft.notes}
          onChange={(e) => set('notes')(e.target.value)}
          error={fe.notes}
          minRows={2}
        />
        <Fieldset legend={t('ep.contacts.legend')} error={fe.contacts}>
          <VStack gap="space-12">
            {draft.contacts.map((c, i) => (
              <ContactFields
                key={c.key}
                contact={c}
                n={i + 1}
                count={draft.contacts.length}
                errors={contactErrors[i] ?? {}}
                onChange={(next) => setContacts((list) => list.map((x, j) => (j === i ? next : x)))}
                onMove={(delta) => setContacts((list) => moveContact(list, i, delta))}
                onRemove={() => setContacts((list) => list.filter((_, j) => j !== i))}
              />
            ))}
            <div>
              <Button
                type="button"
                size="small"
                variant="secondary"
                onClick={() => setContacts((list) => [...list, emptyContact()])}
              >
                {t('ep.contact.add')}
              </Button>
            </div>
          </VStack>
        </Fieldset>
        <HStack gap="space-8">
          <Button type="submit" loading={s.busy}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button type="button" variant="tertiary" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </HStack>
        <ProblemAlert
          error={s.error}
          shownFields={[...PLAN_FIELDS, ...Object.keys(fe).filter((p) => contactErrorOf(p) !== null)]}
        />
      </VStack>
    </form>
  );
}
