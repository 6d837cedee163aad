/**
 * Paging of a table: "Viser 26–50 av 378" between Forrige and Neste. `useClientPaging` pages a
 * list already loaded in the browser. The control only needs a `Paging`, so server paging of the
 * list APIs (`{ items, total, next }` with an opaque cursor) plugs in without changing it: `from`
 * and `to` count the rows of the pages seen so far, `onNext` loads the `next` cursor and
 * `onPrevious` goes back through the cursors already used.
 */
import { useState } from 'react';
import { BodyShort, Button, HStack } from '@navikt/ds-react';
import { useI18n } from '../i18n/i18n.tsx';

export interface Paging {
  /** 1-based number of the first row shown (0 when there are none). */
  from: number;
  /** Number of the last row shown. */
  to: number;
  /** Rows in the whole (filtered) list. */
  total: number;
  /** Go to the previous page; null on the first page. */
  onPrevious: (() => void) | null;
  /** Go to the next page; null on the last page. */
  onNext: (() => void) | null;
}

/** Rows per page of the overview tables. */
export const PAGE_SIZE = 25;

/**
 * One page of `rows`, and the `Paging` to move between pages. A change of `resetKey` (the
 * filters, as a string) starts again from the first page.
 */
export function useClientPaging<T>(
  rows: readonly T[],
  resetKey = '',
  pageSize = PAGE_SIZE,
): { rows: readonly T[]; paging: Paging } {
  const [state, setState] = useState({ key: resetKey, page: 0 });
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  // Back to the first page when the filters change; the last page when the list shrank.
  const page = Math.min(state.key === resetKey ? state.page : 0, pages - 1);
  const start = page * pageSize;
  const shown = rows.slice(start, start + pageSize);
  const go = (p: number) => () => setState({ key: resetKey, page: p });
  return {
    rows: shown,
    paging: {
      from: shown.length ? start + 1 : 0,
      to: start + shown.length,
      total: rows.length,
      onPrevious: page > 0 ? go(page - 1) : null,
      onNext: page < pages - 1 ? go(page + 1) : null,
    },
  };
}

/** Forrige / Neste: kept in place when there is nowhere to go (aria-disabled, not disabled). */
function PageButton({ go, children }: { go: (() => void) | null; children: string }) {
  return (
    <Button
      type="button"
      size="small"
      variant="secondary"
      aria-disabled={go ? undefined : true}
      className={go ? undefined : 'nm-paging-off'}
      onClick={() => go?.()}
    >
      {children}
    </Button>
  );
}

/**
 * The paging bar of a table. The buttons stay on the first and last page (a disabled button
 * would drop the keyboard focus to the top of the document when the end is reached).
 */
export function TablePaging({ paging, label }: { paging: Paging; label: string }) {
  const { t } = useI18n();
  const { from, to, total, onPrevious, onNext } = paging;
  const range = (
    <BodyShort size="small" aria-live="polite" data-testid="table-range">
      {t('paging.range', { from, to, total })}
    </BodyShort>
  );
  if (onPrevious === null && onNext === null) return range;
  return (
    <nav aria-label={t('paging.label', { what: label })}>
      <HStack gap="space-12" align="center">
        <PageButton go={onPrevious}>{t('paging.previous')}</PageButton>
        {range}
        <PageButton go={onNext}>{t('paging.next')}</PageButton>
      </HStack>
    </nav>
  );
}
