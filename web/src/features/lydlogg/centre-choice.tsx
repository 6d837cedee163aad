/**
 * The centres whose recordings the user may search or review (the capability's scopes), a picker,
 * and the page both leaders' pages are made of (the search, the access log).
 */
import { Fragment, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, HGrid, Loader, Select, VStack } from '@navikt/ds-react';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
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

/**
 * A leader's page over one centre's recordings: the centre picker and the filter fields in one form;
 * below it the results for the filters applied when the form is sent (not while typing).
 */
export function CentreFilterPage<F>(props: {
  /** The capability whose scopes give the centres. */
  action: string;
  title: string;
  intro: string;
  filtersTitle: string;
  submitLabel: string;
  empty: F;
  fields: (draft: F, set: (patch: Partial<F>) => void) => ReactNode;
  results: (centreId: string, filters: F) => ReactNode;
}) {
  const { t } = useI18n();
  const choice = useCentreChoice(props.action);
  const [draft, setDraft] = useState<F>(props.empty);
  const [filters, setFilters] = useState<F>(props.empty);
  const set = (patch: Partial<F>) => setDraft((d) => ({ ...d, ...patch }));
  return (
    <PageFrame title={props.title} intro={props.intro}>
      <ProblemAlert error={choice.error} />
      {choice.loading ? (
        <Loader size="large" title={t('app.loading')} />
      ) : !choice.centre ? (
        <Alert variant="info">{t('rec.noCentres')}</Alert>
      ) : (
        <Panel title={props.filtersTitle}>
          <form
            aria-label={props.filtersTitle}
            onSubmit={(e) => {
              e.preventDefault();
              setFilters({ ...draft });
            }}
          >
            <VStack gap="space-16">
              <HGrid columns={{ xs: 1, md: 3 }} gap="space-16" align="end">
                <CentreSelect options={choice.options} value={choice.centre.id} onChange={choice.setCentre} />
                {props.fields(draft, set)}
              </HGrid>
              <div>
                <Button type="submit" size="small">
                  {props.submitLabel}
                </Button>
              </div>
              <Fragment key={choice.centre.id}>{props.results(choice.centre.id, filters)}</Fragment>
            </VStack>
          </form>
        </Panel>
      )}
    </PageFrame>
  );
}
