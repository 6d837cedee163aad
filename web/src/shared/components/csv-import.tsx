/**
 * CSV upload with the server's all-or-nothing answer: on a 422 the bad rows are listed by line
 * and column in a table (nothing was imported); on success the caller shows the result.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, BodyLong, Button, Heading, Table, VStack } from '@navikt/ds-react';
import { useI18n, type Lang } from '../i18n/i18n.tsx';
import { FileField } from './fields.tsx';
import { problemDetail, problemOf, ProblemAlert } from './problem.tsx';
import { fieldText, type Params } from '../i18n/server-text.ts';

export interface CsvRowError {
  line: number | null;
  column: string | null;
  message: string;
  code?: string;
  params?: Params;
}

/** Row errors of a problem: `{ line, column, message }` entries, or `line N, column C` paths. */
export function csvRowErrors(error: unknown): CsvRowError[] {
  const p = problemOf(error);
  const out: CsvRowError[] = [];
  for (const e of (p?.errors ?? []) as {
    line?: unknown;
    column?: unknown;
    path?: string;
    message: string;
    code?: string;
    params?: Params;
  }[]) {
    const what = {
      message: e.message,
      ...(e.code ? { code: e.code } : {}),
      ...(e.params ? { params: e.params } : {}),
    };
    if (typeof e.line === 'number') {
      out.push({ line: e.line, column: typeof e.column === 'string' ? e.column : null, ...what });
      continue;
    }
    const m = /^line (\d+)(?:, column (.+))?$/.exec(e.path ?? '');
    if (m) out.push({ line: Number(m[1]), column: m[2] ?? null, ...what });
  }
  return out;
}

function detailOf(error: unknown, lang: Lang): string | undefined {
  const p = problemOf(error);
  return p ? problemDetail(lang, p) : undefined;
}

export function CsvRowErrorTable({ errors, detail }: { errors: CsvRowError[]; detail?: string }) {
  const { t, lang } = useI18n();
  return (
    <Alert variant="error" role="alert" data-testid="csv-row-errors">
      <VStack gap="space-8">
        <Heading level="2" size="small">
          {t('csv.rowErrors.title', { count: errors.length })}
        </Heading>
        {detail && <BodyLong>{detail}</BodyLong>}
        <BodyLong>{t('csv.rowErrors.intro')}</BodyLong>
        <div className="nm-table-wrap">
          <Table size="small" zebraStripes>
            <caption className="aksel-sr-only">{t('csv.rowErrors.caption')}</caption>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell scope="col">{t('csv.line')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('csv.column')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('csv.message')}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {errors.map((e, i) => (
                <Table.Row key={i}>
                  <Table.DataCell>{e.line ?? ''}</Table.DataCell>
                  <Table.DataCell>{e.column ?? '—'}</Table.DataCell>
                  <Table.DataCell>{fieldText(lang, e)}</Table.DataCell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      </VStack>
    </Alert>
  );
}

interface CsvImportFormProps<R> {
  /** Accessible name of the form (e.g. "Import people"). */
  title: string;
  /** Column list shown as help. */
  columns: string;
  submit: (csv: string) => Promise<R>;
  onDone?: (result: R) => void;
  renderResult?: (result: R) => ReactNode;
  submitLabel?: string;
  /** Extra fields (unit, week) rendered above the file field. */
  children?: ReactNode;
}

export function CsvImportForm<R>({
  title,
  columns,
  submit,
  onDone,
  renderResult,
  submitLabel,
  children,
}: CsvImportFormProps<R>) {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<R | null>(null);
  const rowErrors = csvRowErrors(error);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await submit(await file.text());
      setResult(r);
      onDone?.(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label={title} noValidate>
      <VStack gap="space-16">
        {children}
        <FileField
          label={t('csv.file')}
          description={`${t('csv.fileHelp')} ${t('csv.columns')}: ${columns}`}
          error={missing && !file ? t('csv.chooseFile') : null}
          onFile={(f) => {
            setFile(f);
            setMissing(false);
          }}
        />
        <div>
          <Button type="submit" loading={busy}>
            {submitLabel ?? t('csv.upload')}
          </Button>
        </div>
        {rowErrors.length > 0 ? (
          <CsvRowErrorTable errors={rowErrors} detail={detailOf(error, lang)} />
        ) : (
          <ProblemAlert error={error} />
        )}
        {result !== null && renderResult?.(result)}
      </VStack>
    </form>
  );
}
