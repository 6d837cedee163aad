/** Competence and training violations with paragraph and the people involved. */
import type { Violation } from './api.ts';
import { formatDateTime, useI18n } from '../../shared/i18n/i18n.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';

/** `03.03.2025, 08:00–20:00`, or both ends in full when the shift crosses midnight. */
function formatPeriod(start: string, end: string): string {
  const a = formatDateTime(start);
  const b = formatDateTime(end);
  const [aDay, aTime] = a.split(', ');
  const [bDay, bTime] = b.split(', ');
  return aDay === bDay && aTime && bTime ? `${aDay}, ${aTime}–${bTime}` : `${a} – ${b}`;
}

export function ViolationsTable({ violations }: { violations: readonly Violation[] }) {
  const { t, lang } = useI18n();
  return (
    <DataTable
      caption={t('ros.violations.caption')}
      rows={violations}
      rowKey={(v) => `${v.shiftId ?? ''}:${v.kind}:${v.paragraph}:${v.message}`}
      testId="violations-table"
      columns={[
        {
          header: t('ros.col.paragraph'),
          rowHeader: true,
          // The rule's requirement id is for tests and audits, not a word for the reader.
          cell: (v) => (
            <span style={{ whiteSpace: 'nowrap' }} data-requirement-id={v.requirementId}>
              {v.paragraph}
            </span>
          ),
        },
        { header: t('ros.col.shift'), cell: (v) => formatPeriod(v.start, v.end) },
        { header: t('ros.col.unit'), cell: (v) => v.unitName ?? v.unitId },
        { header: t('ros.col.people'), cell: (v) => v.people.map((p) => p.name).join(', ') },
        { header: t('ros.col.message'), cell: (v) => (lang === 'nb' ? v.messageNb : v.message) },
        { header: t('ros.col.lines'), cell: (v) => (v.lines ?? []).join(', ') },
      ]}
    />
  );
}
