/**
 * The summary at the top of an overview: how many rows there are of each kind or status, each
 * count a toggle that filters the table to it (one choice at a time, "Alle" clears it).
 */
import { useId } from 'react';
import { Chips, Label, VStack } from '@navikt/ds-react';

export interface SummaryOption<V extends string> {
  value: V;
  label: string;
  count: number;
}

export function SummaryFilter<V extends string>({
  label,
  options,
  value,
  onChange,
  testId,
}: {
  label: string;
  options: readonly SummaryOption<V>[];
  value: V;
  onChange: (value: V) => void;
  testId?: string;
}) {
  const id = useId();
  return (
    <VStack gap="space-8" data-testid={testId}>
      <Label as="p" size="small" id={id}>
        {label}
      </Label>
      <Chips size="small" aria-labelledby={id}>
        {options.map((o) => (
          <Chips.Toggle
            key={o.value}
            selected={o.value === value}
            checkmark={false}
            onClick={() => onChange(o.value)}
          >
            {`${o.label} (${o.count})`}
          </Chips.Toggle>
        ))}
      </Chips>
    </VStack>
  );
}
