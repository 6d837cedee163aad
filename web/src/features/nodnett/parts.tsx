/** Pieces the Nødnett pages share: the user's operable AMK areas and the AMK area picker. */
import { Select } from '@navikt/ds-react';
import { useAuth } from '../../shared/auth.tsx';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { operableAreas, type AreaBranch, type FleetTree } from './fleet-view.ts';

/** The AMK areas the signed-in user may operate in (nodnett.operate), from the fleet map. */
export function useOperableAreas(tree: FleetTree | null): AreaBranch[] {
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const cap = actor?.capabilities?.find((c) => c.action === 'nodnett.operate');
  return tree ? operableAreas(cap?.scopes, tree) : [];
}

export function AreaSelect({
  areas,
  value,
  onChange,
  label,
}: {
  areas: readonly AreaBranch[];
  value: string;
  onChange: (area: string) => void;
  label: MessageKey;
}) {
  const { t } = useI18n();
  return (
    <Select label={t(label)} value={value} onChange={(e) => onChange(e.target.value)} size="small">
      {areas.map((a) => (
        <option key={a.area} value={a.area}>
          {a.name}
        </option>
      ))}
    </Select>
  );
}
