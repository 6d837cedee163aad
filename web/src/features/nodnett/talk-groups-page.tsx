/**
 * Talegrupper (NN-1, NN-2): the fleet map as a tree — national, regional, and per AMK area its
 * local health, police and fire groups and its incident groups with their members. An AMK
 * operator creates an incident group shared with the police and fire, attaches units (terminal
 * numbers) and the other agencies' local groups, sees each one's outcome, and releases the group.
 * Reloads when a talk group changes anywhere the user may see.
 */
import { useState } from 'react';
import {
  BodyShort,
  Button,
  Checkbox,
  CheckboxGroup,
  Detail,
  HStack,
  Heading,
  List,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { can, useAuth } from '../../shared/auth.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import { NODNETT_EVENTS, nodnettApi, type Agency, type AttachResult, type TalkGroup } from './api.ts';
import { fleetTree, groupName, parseIssis, partnerGroups } from './fleet-view.ts';
import { useOperableAreas } from './parts.tsx';

function GroupLine({ group }: { group: TalkGroup }) {
  const { t } = useI18n();
  return (
    <List.Item>
      <BodyShort weight="semibold">{group.name}</BodyShort>
      <Detail className="nm-muted">
        {t('nn.groups.agencies', {
          agencies: group.agencies.map((a) => t(`nn.agency.${a}` as MessageKey)).join(', '),
        })}
        {' · '}
        {t('nn.groups.number', { gssi: group.gssi })}
      </Detail>
    </List.Item>
  );
}

function CreateGroup({
  area,
  areaName,
  onCreated,
}: {
  area: string;
  areaName: string;
  onCreated: (g: TalkGroup) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [agencies, setAgencies] = useState<Agency[]>(['police', 'fire']);
  const s = useSubmit(
    () => nodnettApi.createGroup({ name: name.trim(), agencies, amkId: area }),
    (g) => {
      setName('');
      onCreated(g);
    },
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void s.run();
      }}
    >
      <VStack gap="space-12">
        <Heading level="3" size="small">
          {t('nn.groups.create.title', { area: areaName })}
        </Heading>
        <TextField
          label={t('nn.groups.create.name')}
          size="small"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={s.fieldErrors.name}
          maxLength={80}
        />
        <CheckboxGroup
          legend={t('nn.groups.create.agencies')}
          description={t('nn.groups.create.agenciesHint')}
          size="small"
          value={agencies}
          onChange={(v: Agency[]) => setAgencies(v)}
        >
          <Checkbox value="police">{t('nn.agency.police')}</Checkbox>
          <Checkbox value="fire">{t('nn.agency.fire')}</Checkbox>
        </CheckboxGroup>
        <ProblemAlert error={s.error} shownFields={['name']} />
        <HStack>
          <Button size="small" type="submit" loading={s.busy}>
            {t('nn.groups.create.submit')}
          </Button>
        </HStack>
      </VStack>
    </form>
  );
}

function AttachResultList({ result, groups }: { result: AttachResult; groups: readonly TalkGroup[] }) {
  const { t } = useI18n();
  return (
    <div role="status">
      <Heading level="5" size="xsmall">
        {t('nn.groups.attach.result')}
      </Heading>
      <List size="small">
        {result.terminals.map((m) => (
          <List.Item key={`t${m.issi}`}>
            {t('nn.groups.attach.terminal', { issi: m.issi })}: {t(`nn.outcome.${m.outcome}` as MessageKey)}
          </List.Item>
        ))}
        {result.groups.map((m) => (
          <List.Item key={`g${m.gssi}`}>
            {groupName(groups, m.gssi)}: {t(`nn.outcome.${m.outcome}` as MessageKey)}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

function IncidentGroup({
  group,
  groups,
  mayOperate,
  onChanged,
  onReleased,
}: {
  group: TalkGroup;
  groups: readonly TalkGroup[];
  mayOperate: boolean;
  onChanged: () => void;
  onReleased: () => void;
}) {
  const { t } = useI18n();
  const [terminals, setTerminals] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [localError, setLocalError] = useState<string | null>(null);
  const [result, setResult] = useState<AttachResult | null>(null);
  const partners = partnerGroups(groups, group);
  const attach = useSubmit(
    (body: { terminals: number[]; groups: number[] }) => nodnettApi.attach(group.gssi, body),
    (r) => {
      setResult(r);
      setTerminals('');
      setChosen([]);
      onChanged();
    },
  );
  const release = useSubmit(() => nodnettApi.release(group.gssi), onReleased);
  const memberGroups = group.members.groups.map((g) => groupName(groups, g));
  return (
    <VStack
      gap="space-8"
      className="nm-panel"
      data-testid="incident-group"
      as="article"
      aria-label={group.name}
    >
      <Heading level="4" size="xsmall">
        {group.name}
      </Heading>
      <Detail className="nm-muted">
        {t('nn.groups.agencies', {
          agencies: group.agencies.map((a) => t(`nn.agency.${a}` as MessageKey)).join(', '),
        })}
        {' · '}
        {t('nn.groups.number', { gssi: group.gssi })}
      </Detail>
      <BodyShort size="small">
        {t('nn.groups.members', {
          terminals: group.members.terminals.length,
          groups: group.members.groups.length,
        })}
      </BodyShort>
      {memberGroups.length > 0 && (
        <BodyShort size="small">{t('nn.groups.memberGroups', { names: memberGroups.join(', ') })}</BodyShort>
      )}
      {group.members.terminals.length > 0 && (
        <BodyShort size="small">
          {t('nn.groups.memberTerminals', { issis: group.members.terminals.join(', ') })}
        </BodyShort>
      )}
      {mayOperate && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = parseIssis(terminals);
            if (!parsed.ok) return setLocalError(t('nn.groups.attach.badIssi', { value: parsed.bad }));
            if (parsed.issis.length + chosen.length === 0)
              return setLocalError(t('nn.groups.attach.nothing'));
            setLocalError(null);
            void attach.run({ terminals: parsed.issis, groups: chosen.map(Number) });
          }}
        >
          <VStack gap="space-8">
            <Heading level="5" size="xsmall">
              {t('nn.groups.attach.title', { name: group.name })}
            </Heading>
            <TextField
              label={t('nn.groups.attach.terminals')}
              description={t('nn.groups.attach.terminalsHint')}
              size="small"
              value={terminals}
              onChange={(e) => setTerminals(e.target.value)}
              error={localError ?? undefined}
              inputMode="numeric"
            />
            {partners.length > 0 ? (
              <CheckboxGroup
                legend={t('nn.groups.attach.partners')}
                size="small"
                value={chosen}
                onChange={(v: string[]) => setChosen(v)}
              >
                {partners.map((p) => (
                  <Checkbox key={p.gssi} value={String(p.gssi)}>
                    {p.name}
                  </Checkbox>
                ))}
              </CheckboxGroup>
            ) : (
              <BodyShort size="small" className="nm-muted">
                {t('nn.groups.attach.noPartners')}
              </BodyShort>
            )}
            <ProblemAlert error={attach.error} />
            <HStack gap="space-8">
              <Button size="small" type="submit" variant="secondary" loading={attach.busy}>
                {t('nn.groups.attach.submit')}
              </Button>
              <Button
                size="small"
                type="button"
                variant="danger"
                loading={release.busy}
                onClick={() => void release.run()}
              >
                {t('nn.groups.release', { name: group.name })}
              </Button>
            </HStack>
            <ProblemAlert error={release.error} />
          </VStack>
        </form>
      )}
      {result && <AttachResultList result={result} groups={groups} />}
    </VStack>
  );
}

export function TalkGroupsPage() {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const fleet = useResource((sig) => nodnettApi.fleetMap(sig), []);
  useLiveReload(NODNETT_EVENTS, fleet.reload);
  const groups = fleet.data?.groups ?? [];
  const tree = fleet.data ? fleetTree(groups) : null;
  const operable = useOperableAreas(tree);
  const [note, setNote] = useState<string | null>(null);
  return (
    <PageFrame title={t('nn.groups.title')} intro={t('nn.groups.intro')}>
      <ProblemAlert error={fleet.error} />
      {!tree ? (
        <BodyShort aria-live="polite">{fleet.loading ? t('nn.groups.loading') : ''}</BodyShort>
      ) : (
        <>
          {note && <SuccessNote>{note}</SuccessNote>}
          <Panel title={t('nn.groups.national')}>
            <List size="small">
              {tree.national.map((g) => (
                <GroupLine key={g.gssi} group={g} />
              ))}
            </List>
          </Panel>
          <Panel title={t('nn.groups.regional')}>
            <List size="small">
              {tree.regional.map((g) => (
                <GroupLine key={g.gssi} group={g} />
              ))}
            </List>
          </Panel>
          {tree.areas.map((branch) => {
            const mayOperate = can(actor, 'nodnett.operate', [branch.area]);
            return (
              <Panel key={branch.area} title={branch.name}>
                <VStack gap="space-16" data-testid={`area-${branch.area}`}>
                  <Heading level="3" size="xsmall">
                    {t('nn.groups.local')}
                  </Heading>
                  <List size="small">
                    {branch.local.map((g) => (
                      <GroupLine key={g.gssi} group={g} />
                    ))}
                  </List>
                  <VStack gap="space-8">
                    <Heading level="3" size="xsmall">
                      {t('nn.groups.incident')}
                    </Heading>
                    {branch.incident.length === 0 && (
                      <BodyShort size="small" className="nm-muted">
                        {t('nn.groups.noIncident')}
                      </BodyShort>
                    )}
                    {branch.incident.map((g) => (
                      <IncidentGroup
                        key={g.gssi}
                        group={g}
                        groups={groups}
                        mayOperate={mayOperate}
                        onChanged={fleet.reload}
                        onReleased={() => {
                          setNote(t('nn.groups.released'));
                          fleet.reload();
                        }}
                      />
                    ))}
                  </VStack>
                  {mayOperate && (
                    <CreateGroup
                      area={branch.area}
                      areaName={branch.name}
                      onCreated={(g) => {
                        setNote(t('nn.groups.created', { name: g.name }));
                        fleet.reload();
                      }}
                    />
                  )}
                </VStack>
              </Panel>
            );
          })}
          {operable.length === 0 && (
            <BodyShort size="small" className="nm-muted">
              {t('nn.groups.mayNotOperate')}
            </BodyShort>
          )}
        </>
      )}
    </PageFrame>
  );
}
