/** The filter of a list: a labelled search box (filters as one types; the clear button empties it). */
import { Search } from '@navikt/ds-react';

export function FilterSearch({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <div style={{ maxWidth: '28rem' }}>
      <Search
        label={label}
        size="small"
        variant="simple"
        hideLabel={false}
        value={value}
        onChange={onChange}
        onClear={() => onChange('')}
        htmlSize={30}
      />
    </div>
  );
}
