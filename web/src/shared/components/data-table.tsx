/** A plain, accessible table (caption, column headers) over Aksel's Table. */
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { BodyShort, Table, VStack } from '@navikt/ds-react';
import { useI18n } from '../i18n/i18n.tsx';
import { Panel } from './page.tsx';
import { ProblemAlert } from './problem.tsx';
import type { Resource } from './use-resource.ts';
import { TablePaging, useClientPaging, type Paging } from './paging.tsx';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Render the cell as a row header (the row's name). */
  rowHeader?: boolean;
}

interface DataTableProps<T> {
  caption: string;
  /** Show the caption visibly (default: for screen readers only, the section heading names it). */
  showCaption?: boolean;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty?: string;
  testId?: string;
  /** `rows` is one page of a longer list: show where it is and Forrige / Neste above the table. */
  paging?: Paging;
}

/**
 * Whether the table's wrapper scrolls sideways (a wide table on a narrow screen). Then the wrapper
 * is made a focusable, named region, so keyboard users can scroll it with the arrow keys: a table
 * without links or buttons has nothing else to focus (WCAG 2.1.1, axe scrollable-region-focusable).
 */
function useScrollsSideways(): [(el: HTMLDivElement | null) => void, boolean] {
  const [scrolls, setScrolls] = useState(false);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    observer.current = new ResizeObserver(check);
    observer.current.observe(el);
    for (const child of el.children) observer.current.observe(child);
  }, []);
  return [ref, scrolls];
}

export function DataTable<T>({
  caption,
  showCaption,
  columns,
  rows,
  rowKey,
  empty,
  testId,
  paging,
}: DataTableProps<T>) {
  const { t } = useI18n();
  const [wrapRef, scrolls] = useScrollsSideways();
  if (rows.length === 0) return <BodyShort className="nm-muted">{empty ?? t('common.empty')}</BodyShort>;
  const table = (
    <div
      className="nm-table-wrap"
      ref={wrapRef}
      {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': caption } : {})}
    >
      <Table size="small" zebraStripes data-testid={testId}>
        <caption className={showCaption ? undefined : 'aksel-sr-only'}>{caption}</caption>
        <Table.Header>
          <Table.Row>
            {columns.map((c, i) => (
              <Table.HeaderCell key={i} scope="col">
                {c.header}
              </Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((r) => (
            <Table.Row key={rowKey(r)}>
              {columns.map((c, i) =>
                c.rowHeader ? (
                  <Table.HeaderCell key={i} scope="row">
                    {c.cell(r)}
                  </Table.HeaderCell>
                ) : (
                  <Table.DataCell key={i}>{c.cell(r)}</Table.DataCell>
                ),
              )}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  );
  if (!paging) return table;
  return (
    <VStack gap="space-12">
      <TablePaging paging={paging} label={caption} />
      {table}
    </VStack>
  );
}

/** A panel listing a loaded resource: heading, load problem, table (a page at a time). */
export function ResourcePanel<T>({
  title,
  resource,
  children,
  ...table
}: { title: string; resource: Resource<{ items: T[] }>; children?: ReactNode } & Omit<
  DataTableProps<T>,
  'rows' | 'caption'
>) {
  const page = useClientPaging(resource.data?.items ?? []);
  return (
    <Panel title={title}>
      {children}
      <ProblemAlert error={resource.error} />
      <DataTable caption={title} rows={page.rows} paging={page.paging} {...table} />
    </Panel>
  );
}
