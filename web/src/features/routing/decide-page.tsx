/**
 * Test ruting: run the routing engine for one call and see where it goes and why (the trace).
 * What an HDO operator uses to check a complaint of misrouting (RT-1…RT-3, RT-5…RT-7, RT-10, RT-11).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  BodyShort,
  Button,
  HGrid,
  HStack,
  Heading,
  Radio,
  RadioGroup,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { NETWORKS, routingApi, type Decision, type Network } from './api.ts';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { traceText } from '../../shared/i18n/server-text.ts';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { CentreLink, DateTimeFields, dateTimeResult, emptyDateTime, methodLabel } from './common.tsx';

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="nm-muted">{label}</dt>
      <dd style={{ margin: 0, fontWeight: 600 }} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

const FACTS_STYLE = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(14rem, 1fr))',
  gap: 'var(--ax-space-12)',
  margin: 0,
} as const;

export function DecisionView({ decision: d }: { decision: Decision }) {
  const { t, lang } = useI18n();
  const place = (name: string | undefined, number: string | undefined) =>
    number ? (name ? `${name} (${number})` : number) : '—';
  return (
    <section aria-labelledby="decision-heading" data-testid="decision">
      <VStack gap="space-16">
        <Heading level="2" size="medium" id="decision-heading">
          {t('rt.dec.result')}
        </Heading>
        {d.outcome === 'connect' ? (
          <Alert variant={d.alternativeSite ? 'warning' : 'success'} role="status">
            {t('rt.dec.connect', { centre: d.centreName ?? '', number: d.connectTo ?? '' })}
          </Alert>
        ) : (
          <Alert variant="info" role="status">
            {t('rt.dec.menu', {
              reason: (() => {
                const last = d.trace.findLast((s) => s.step === 'menu');
                return last ? traceText(lang, last) : '';
              })(),
            })}
          </Alert>
        )}
        <dl style={FACTS_STYLE}>
          {d.outcome === 'connect' && d.centreId && (
            <Fact
              label={t('rt.dec.centre')}
              testId="decision-centre"
              value={<CentreLink id={d.centreId} name={d.centreName} />}
            />
          )}
          {d.outcome === 'connect' && (
            <Fact label={t('rt.dec.connectTo')} testId="decision-number" value={d.connectTo ?? '—'} />
          )}
          {d.outcome === 'connect' && (
            <Fact
              label={t('rt.dec.method')}
              testId="decision-method"
              value={methodLabel(t, d.method, d.alternativeSite)}
            />
          )}
          {d.locatedBy && d.locatedBy !== d.method && (
            <Fact label={t('rt.dec.locatedBy')} value={methodLabel(t, d.locatedBy)} />
          )}
          <Fact
            label={t('rt.dec.municipality')}
            testId="decision-municipality"
            value={place(d.municipalityName, d.municipality)}
          />
          <Fact label={t('rt.dec.county')} value={place(d.countyName, d.county)} />
          <Fact label={t('rt.dec.dataVersion')} testId="decision-version" value={d.dataVersion} />
        </dl>
        <Heading level="3" size="small" id="decision-trace">
          {t('rt.dec.trace')}
        </Heading>
        <ol
          aria-labelledby="decision-trace"
          data-testid="decision-trace"
          style={{ margin: 0, paddingLeft: 'var(--ax-space-24)' }}
        >
          {d.trace.map((s, i) => (
            <li key={i}>{traceText(lang, s)}</li>
          ))}
        </ol>
      </VStack>
    </section>
  );
}

export function DecidePage() {
  const { t } = useI18n();
  const [callingNumber, setCallingNumber] = useState('');
  const [network, setNetwork] = useState<Network>('fixed');
  const [municipality, setMunicipality] = useState('');
  const [presented, setPresented] = useState('');
  const [at, setAt] = useState(emptyDateTime);
  const [atError, setAtError] = useState<string | undefined>();
  const [decision, setDecision] = useState<Decision | null>(null);
  const s = useSubmit(routingApi.decide, setDecision);
  const fe = s.fieldErrors;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const when = dateTimeResult(t, at);
    setAtError(when.ok ? undefined : when.message);
    if (!when.ok) return;
    setDecision(null);
    void s.run({
      calledNumber: '116117',
      callingNumber: callingNumber.trim() || 'anonymous',
      network,
      presentedNumber: presented.trim() || undefined,
      position: municipality.trim() ? { municipality: municipality.trim() } : undefined,
      at: when.iso,
    });
  };
  return (
    <PageFrame title={t('rt.dec.title')} intro={t('rt.dec.intro')}>
      <Panel title={t('rt.dec.form')}>
        <form onSubmit={submit} aria-label={t('rt.dec.form')} noValidate>
          <VStack gap="space-16">
            <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
              <TextField
                label={t('rt.dec.callingNumber')}
                description={t('rt.dec.callingNumber.help')}
                value={callingNumber}
                htmlSize={20}
                inputMode="tel"
                autoComplete="off"
                onChange={(e) => setCallingNumber(e.target.value)}
                error={fe.callingNumber}
              />
              <RadioGroup
                legend={t('rt.dec.network')}
                value={network}
                onChange={(v: Network) => setNetwork(v)}
                error={fe.network}
              >
                <HStack gap="space-24">
                  {NETWORKS.map((n) => (
                    <Radio key={n} value={n}>
                      {t(`rt.network.${n}` as MessageKey)}
                    </Radio>
                  ))}
                </HStack>
              </RadioGroup>
              <TextField
                label={t('rt.dec.position')}
                description={t('rt.dec.position.help')}
                value={municipality}
                inputMode="numeric"
                htmlSize={8}
                autoComplete="off"
                onChange={(e) => setMunicipality(e.target.value)}
                error={fe['position.municipality']}
              />
              <TextField
                label={t('rt.dec.presented')}
                description={t('rt.dec.presented.help')}
                value={presented}
                htmlSize={20}
                inputMode="tel"
                autoComplete="off"
                onChange={(e) => setPresented(e.target.value)}
                error={fe.presentedNumber}
              />
              <DateTimeFields label={t('rt.dec.at')} value={at} onChange={setAt} error={atError ?? fe.at} />
            </HGrid>
            <BodyShort size="small" className="nm-muted">
              {t('rt.dec.atHelp')}
            </BodyShort>
            <div>
              <Button type="submit" loading={s.busy}>
                {t('rt.dec.submit')}
              </Button>
            </div>
            <ProblemAlert
              error={s.error}
              shownFields={['callingNumber', 'network', 'position.municipality', 'presentedNumber', 'at']}
            />
          </VStack>
        </form>
      </Panel>
      {decision && (
        <div className="nm-panel">
          <DecisionView decision={decision} />
        </div>
      )}
    </PageFrame>
  );
}
