/** The centres whose recordings the user may search or review (the capability's scopes), and a picker. */
import { useMemo, useState } from 'react';
import { Select } from '@navikt/ds-react';
import { useAuth } from '../../shared/auth.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { centresFor, type CentreOption } from '../control-room/queue-view.ts';
import { routingApi } from '../routing/api.ts';

export function useCentreChoice(action: string) {
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const lv = useResource((sig) => routingApi.listCentres(sig), []);
  const amk = useResource((sig) => routingApi.listAmkCentres(sig), []);
  const scopes = actor?.capabilities?.find((c) => c.action === action)?.scopes;
  const options = useMemo(
    () => centresFor(scopes ?? [], lv.data?.items ?? [], amk.data?.items ?? []),
    [scopes, lv.data, amk.data],
  );
  const [chosen, setChosen] = useState('');
  const centre: CentreOption | undefined = options.find((o) => o.id === chosen) ?? options[0];
  return {
    options,
    centre,
    setCentre: setChosen,
    loading: (lv.loading && !lv.data) || (amk.loading && !amk.data),
    error: lv.error ?? amk.error,
  };
}

export function CentreSelect({
  options,
  value,
  onChange,
}: {
  options: CentreOption[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useI18n();
  return (
    <Select label={t('rec.centre')} size="small" value={value} onChange={(e) => onChange(e.target.value)}>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </Select>
  );
}
