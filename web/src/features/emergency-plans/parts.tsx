/**
 * What the emergency-plan pages share (LV-7): the review and status tags (words, never colour
 * alone), phone numbers as tel: links, the alerting list and the documents of a plan.
 */
import { useState, type ReactNode } from 'react';
import { Button, HStack, Link, Tag, VStack } from '@navikt/ds-react';
import { DataTable } from '../../shared/components/data-table.tsx';
import { DownloadButton } from '../../shared/components/download-button.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { formatDate, formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import {
  documentPath,
  plansApi,
  telUri,
  type MunicipalityStatus,
  type PlanContact,
  type PlanDocument,
  type ReviewStatus,
} from './api.ts';

const REVIEW_COLOUR: Record<ReviewStatus, 'danger' | 'warning' | 'success'> = {
  overdue: 'danger',
  'due-soon': 'warning',
  current: 'success',
};

/** The review date with its status: «Revisjon forfalt 31.01.2026». */
export function ReviewTag({ status, reviewBy }: { status: ReviewStatus; reviewBy: string }) {
  const { t } = useI18n();
  return (
    <Tag
      size="xsmall"
      variant={status === 'overdue' ? 'strong' : 'moderate'}
      data-color={REVIEW_COLOUR[status]}
      data-review={status}
    >
      {t(`ep.review.${status}` as MessageKey, { date: formatDate(reviewBy) })}
    </Tag>
  );
}

const STATUS_COLOUR: Record<MunicipalityStatus, 'danger' | 'warning' | 'success' | 'neutral'> = {
  missing: 'neutral',
  overdue: 'danger',
  'due-soon': 'warning',
  current: 'success',
};

export function StatusTag({ status }: { status: MunicipalityStatus }) {
  const { t } = useI18n();
  return (
    <Tag
      size="xsmall"
      variant={status === 'overdue' ? 'strong' : 'moderate'}
      data-color={STATUS_COLOUR[status]}
      data-status={status}
    >
      {t(`ep.status.${status}` as MessageKey)}
    </Tag>
  );
}

/** The numbers as tel: links, the first first. */
export function Phones({ phones }: { phones: readonly string[] }) {
  return (
    <HStack gap="space-8" wrap>
      {phones.map((p) => (
        <Link key={p} href={telUri(p)} className="nm-phone">
          {p}
        </Link>
      ))}
    </HStack>
  );
}

export function ContactsTable({ contacts }: { contacts: readonly PlanContact[] }) {
  const { t } = useI18n();
  return (
    <DataTable
      caption={t('ep.contacts.caption')}
      rows={contacts}
      rowKey={(c) => String(c.order)}
      empty={t('ep.contacts.empty')}
      testId="plan-contacts"
      columns={[
        { header: t('ep.contact.order'), cell: (c) => c.order },
        { header: t('ep.contact.name'), rowHeader: true, cell: (c) => c.name },
        { header: t('ep.contact.role'), cell: (c) => c.role },
        { header: t('ep.contact.phones'), cell: (c) => <Phones phones={c.phones} /> },
        {
          header: t('ep.contact.availability'),
          cell: (c) => t(`ep.availability.${c.availability}` as MessageKey),
        },
        { header: t('ep.contact.note'), cell: (c) => c.note ?? '' },
      ]}
    />
  );
}

const sizeText = (bytes: number, lang: 'nb' | 'en') => {
  const fmt = new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${fmt.format(bytes / 1024)} kB`;
  return `${fmt.format(bytes / 1024 / 1024)} MB`;
};

function RemoveDocument({ doc, onRemoved }: { doc: PlanDocument; onRemoved: (d: PlanDocument) => void }) {
  const { t } = useI18n();
  const s = useSubmit(
    () => plansApi.removeDocument(doc.id),
    () => onRemoved(doc),
  );
  return (
    <VStack gap="space-4">
      <Button
        type="button"
        size="small"
        variant="tertiary"
        loading={s.busy}
        aria-label={t('ep.document.removeOf', { name: doc.filename })}
        onClick={() => void s.run()}
      >
        {t('ep.document.remove')}
      </Button>
      <ProblemAlert error={s.error} />
    </VStack>
  );
}

export function DocumentsTable({
  documents,
  mayMaintain = false,
  onRemoved,
}: {
  documents: readonly PlanDocument[];
  mayMaintain?: boolean;
  onRemoved?: () => void;
}) {
  const { t, lang } = useI18n();
  const [removed, setRemoved] = useState<string | null>(null);
  return (
    <VStack gap="space-12">
      {removed && <SuccessNote>{t('ep.document.removed', { name: removed })}</SuccessNote>}
      <DataTable
        caption={t('ep.documents.caption')}
        rows={documents}
        rowKey={(d) => d.id}
        empty={t('ep.documents.empty')}
        testId="plan-documents"
        columns={[
          { header: t('ep.document.file'), rowHeader: true, cell: (d) => d.filename },
          { header: t('ep.document.title'), cell: (d) => d.title ?? '' },
          { header: t('ep.document.size'), cell: (d) => sizeText(d.size, lang) },
          {
            header: t('ep.document.uploaded'),
            cell: (d) => `${formatDateTime(d.uploadedAt)}, ${d.uploadedBy}`,
          },
          {
            header: t('ep.document.download'),
            cell: (d) => (
              <HStack gap="space-8" wrap={false} align="start">
                <DownloadButton
                  path={documentPath(d.id)}
                  fileName={d.filename}
                  size="small"
                  ariaLabel={t('ep.document.downloadOf', { name: d.filename })}
                >
                  {t('ep.document.download')}
                </DownloadButton>
                {mayMaintain && (
                  <RemoveDocument
                    doc={d}
                    onRemoved={(x) => {
                      setRemoved(x.filename);
                      onRemoved?.();
                    }}
                  />
                )}
              </HStack>
            ),
          },
        ]}
      />
    </VStack>
  );
}

/** Label and value pairs of a plan. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="nm-facts nm-facts-plain">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value === '' || value === null ? '–' : value}</dd>
        </div>
      ))}
    </dl>
  );
}
