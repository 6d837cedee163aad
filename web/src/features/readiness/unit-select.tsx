/**
 * A native select of organisation units (optionally of some kinds), labelled and
 * keyboard-searchable; `useUnits` for a unit's name from its id.
 */
import { Select } from '@navikt/ds-react';
import { readinessApi, type Unit, type UnitKind } from './api.ts';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { useResource } from '../../shared/components/use-resource.ts';

interface UnitSelectProps {
  label: string;
  value: string;
  onChange: (id: string, unit: Unit | undefined) => void;
  /** Only these kinds (all kinds when absent). */
  kinds?: readonly UnitKind[];
  /** Text of the empty choice. */
  emptyLabel?: string;
  error?: string | undefined;
  size?: 'small' | 'medium';
  /** Use the municipality number as the value instead of the id. */
  optionValue?: (u: Unit) => string;
}

/**
 * The organisation units (optionally of some kinds), and `name(id)` for showing a unit by name
 * where a record only holds its id (falls back to the id while loading or if it is unknown).
 */
export function useUnits(kinds?: readonly UnitKind[]) {
  const units = useResource(
    async (sig) =>
      kinds
        ? (
            await Promise.all(kinds.map((k) => readinessApi.listUnits({ kind: k, limit: 1000 }, sig)))
          ).flatMap((r) => r.items)
        : (await readinessApi.listUnits({ limit: 1000 }, sig)).items,
    [kinds?.join(',') ?? ''],
  );
  const items = units.data ?? [];
  const byId = new Map(items.map((u) => [u.id, u]));
  return { ...units, items, name: (id: string) => byId.get(id)?.name ?? id };
}

export function UnitSelect({
  label,
  value,
  onChange,
  kinds,
  emptyLabel,
  error,
  size,
  optionValue = (u) => u.id,
}: UnitSelectProps) {
  const { t } = useI18n();
  const { items } = useUnits(kinds);
  return (
    <Select
      label={label}
      size={size}
      value={value}
      error={error}
      onChange={(e) =>
        onChange(
          e.target.value,
          items.find((u) => optionValue(u) === e.target.value),
        )
      }
    >
      <option value="">{emptyLabel ?? t('common.select')}</option>
      {items.map((u) => (
        <option key={u.id} value={optionValue(u)}>
          {u.name} ({t(`unitKind.${u.kind}` as MessageKey)})
        </option>
      ))}
    </Select>
  );
}
