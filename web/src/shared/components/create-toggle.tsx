/**
 * A create action at the top of an overview: a button that opens the form right below it and
 * puts the cursor in its first field, so creating something is a few Tab presses from the top
 * of the page instead of past the whole table. `children` gets `close` for after a save.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button, VStack } from '@navikt/ds-react';
import { Panel } from './page.tsx';

export function CreateToggle({
  label,
  children,
}: {
  label: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [open]);
  return (
    <VStack gap="space-16">
      <div>
        <Button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
          {label}
        </Button>
      </div>
      {/* The element aria-controls names is always there; the form only while open. */}
      <div id={panelId} ref={panel} hidden={!open}>
        {open && <Panel title={label}>{children(() => setOpen(false))}</Panel>}
      </div>
    </VStack>
  );
}
