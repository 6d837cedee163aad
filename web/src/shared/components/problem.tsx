/**
 * Showing server problems (problem+json): a summary alert with the translated title, the
 * server's detail and any field errors that are not shown next to their field; and
 * `fieldErrorsOf` to put a field's message right under the field.
 */
import { Alert, BodyShort, Heading, List } from '@navikt/ds-react';
import { ApiError, type FieldProblem, type Problem } from '../api/client.ts';
import { useI18n, type Lang, type MessageKey, type Translate } from '../i18n/i18n.tsx';
import { fieldText, serverText, type Params } from '../i18n/server-text.ts';

export function problemOf(error: unknown): Problem | null {
  if (!error) return null;
  if (error instanceof ApiError) return error.problem;
  return { title: '', status: 0, detail: error instanceof Error ? error.message : JSON.stringify(error) };
}

export function problemTitle(t: Translate, p: Problem): string {
  const key = `problem.${p.code ?? ''}` as MessageKey;
  const known: MessageKey[] = [
    'problem.validation',
    'problem.unauthenticated',
    'problem.forbidden',
    'problem.not-found',
    'problem.conflict',
    'problem.unprocessable',
    'problem.unavailable',
    'problem.internal',
    'problem.network',
    'problem.bad-request',
    'problem.payload-too-large',
    'problem.unsupported-media-type',
    'problem.invalid-encoding',
  ];
  return known.includes(key) ? t(key) : p.title || t('problem.title');
}

/** Strips the `body.` / `query.` prefix the server puts on field paths. */
export function fieldName(path: string): string {
  return path.replace(/^(body|query|params)\./, '');
}

/** Field errors by field name (first message wins), for `error={errors.name}` on inputs. */
export function fieldErrorsOf(error: unknown, lang: Lang): Record<string, string> {
  const p = problemOf(error);
  const out: Record<string, string> = {};
  for (const e of p?.errors ?? []) {
    const name = fieldName(e.path);
    out[name] ??= fieldText(lang, e);
  }
  return out;
}

/**
 * The problem's detail in the user's language: its `detailCode` rendered; the server's English
 * `detail` only on an English page (or when the client could not reach the server at all).
 */
export function problemDetail(lang: Lang, p: Problem): string | undefined {
  const params = (p.detailParams ?? {}) as Params;
  const text = serverText(lang, typeof p.detailCode === 'string' ? p.detailCode : undefined, params);
  if (text !== undefined) return text;
  if (p.status === 0 || lang === 'en') return p.detail;
  return undefined;
}

interface ProblemAlertProps {
  error: unknown;
  /** Field names shown next to their inputs: left out of the list here. */
  shownFields?: readonly string[];
  /** When the field errors are rendered elsewhere (e.g. a CSV row table). */
  hideFieldErrors?: boolean;
  /** Heading instead of the one derived from the problem's code. */
  title?: string;
}

export function ProblemAlert({ error, shownFields = [], hideFieldErrors = false, title }: ProblemAlertProps) {
  const { t, lang } = useI18n();
  const p = problemOf(error);
  if (!p) return null;
  const detail = problemDetail(lang, p);
  const rest: FieldProblem[] = hideFieldErrors
    ? []
    : (p.errors ?? []).filter((e) => !shownFields.includes(fieldName(e.path)));
  const requestId = typeof p.requestId === 'string' ? p.requestId : null;
  // Rule refusals (training and instructor rules) list what is missing, as codes to render.
  const missing = Array.isArray(p.missingMessages)
    ? (p.missingMessages as { code?: unknown; params?: Params }[])
        .map((m) => serverText(lang, typeof m.code === 'string' ? m.code : undefined, m.params))
        .filter((m): m is string => m !== undefined)
    : lang === 'en' && Array.isArray(p.missing)
      ? p.missing.filter((m): m is string => typeof m === 'string')
      : [];
  return (
    <Alert variant="error" role="alert" data-testid="problem">
      <Heading spacing size="xsmall" level="2">
        {title ?? problemTitle(t, p)}
      </Heading>
      {detail && <BodyShort>{detail}</BodyShort>}
      {rest.length > 0 && (
        <>
          <BodyShort weight="semibold">{t('problem.fieldErrors')}</BodyShort>
          <List as="ul" size="small">
            {rest.map((e, i) => (
              <List.Item key={i}>
                {e.path ? <strong>{fieldName(e.path)}: </strong> : null}
                {fieldText(lang, e)}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {missing.length > 0 && (
        <>
          <BodyShort weight="semibold">{t('problem.missing')}</BodyShort>
          <List as="ul" size="small" data-testid="problem-missing">
            {missing.map((m, i) => (
              <List.Item key={i}>{m}</List.Item>
            ))}
          </List>
        </>
      )}
      {requestId && <BodyShort size="small">{t('problem.requestId', { id: requestId })}</BodyShort>}
    </Alert>
  );
}
