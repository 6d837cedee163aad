/**
 * Brukere: every user with their roles (memberships: a role at a scope), disable/enable and edit
 * the roles (issue 9 part 3). Shown only to users whose capabilities include `users.manage`; the
 * server checks again and audits every change.
 */
import { useState, type FormEvent } from 'react';
import { BodyShort, Button, HStack, Select, TextField, VStack } from '@navikt/ds-react';
import { usersApi, type IdentityLink, type Membership, type UserListItem } from './api.ts';
import type { ScopeRef } from '../../shared/auth.tsx';
import { ROLES as ALL_ROLES, SCOPE_LEVELS } from '../../../../src/platform/auth/actor.ts';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';

/** The server's roles a person can hold (integration is for API tokens, not people). */
const ROLES = ALL_ROLES.filter((r) => r !== 'integration');
const LEVELS = SCOPE_LEVELS;

function scopeText(t: (k: MessageKey) => string, s: ScopeRef): string {
  return s.level === 'national' ? t('scope.national') : `${t(`scope.${s.level}` as MessageKey)} ${s.id}`;
}

export function UsersPage() {
  const { t } = useI18n();
  const users = useResource((sig) => usersApi.list(sig), []);
  const [editing, setEditing] = useState<UserListItem | null>(null);
  const toggle = useSubmit((u: UserListItem) => usersApi.setDisabled(u.id, !u.disabled), users.reload);
  const roleText = (m: Membership) => `${t(`role.${m.role}` as MessageKey)} (${scopeText(t, m.scope)})`;
  return (
    <PageFrame title={t('users.title')} intro={t('users.intro')}>
      <Panel title={t('users.list')}>
        <ProblemAlert error={users.error ?? toggle.error} />
        <DataTable
          caption={t('users.list')}
          rows={users.data?.items ?? []}
          rowKey={(u) => u.id}
          testId="users"
          columns={[
            { header: t('users.username'), cell: (u) => u.username },
            { header: t('users.name'), cell: (u) => u.display_name },
            { header: t('users.memberships'), cell: (u) => u.memberships.map(roleText).join(', ') },
            {
              header: t('users.status'),
              cell: (u) => (u.disabled ? t('users.disabled') : t('users.active')),
            },
            {
              header: '',
              cell: (u) => (
                <HStack gap="space-8">
                  <Button size="small" variant="tertiary" onClick={() => setEditing(u)}>
                    {t('users.edit', { name: u.username })}
                  </Button>
                  <Button
                    size="small"
                    variant="tertiary"
                    loading={toggle.busy}
                    onClick={() => void toggle.run(u)}
                  >
                    {u.disabled
                      ? t('users.enable', { name: u.username })
                      : t('users.disable', { name: u.username })}
                  </Button>
                </HStack>
              ),
            },
          ]}
        />
      </Panel>
      {editing && (
        <MembershipsForm
          key={editing.id}
          user={editing}
          onSaved={() => {
            users.reload();
          }}
        />
      )}
      {editing && <IdentitiesPanel key={`identities-${editing.id}`} user={editing} />}
    </PageFrame>
  );
}

type Row = { role: string; level: (typeof LEVELS)[number]; id: string };

const toRow = (m: Membership): Row => ({
  role: m.role,
  level: m.scope.level,
  id: m.scope.level === 'national' ? '' : m.scope.id,
});
const toMembership = (r: Row): Membership => ({
  role: r.role,
  scope: r.level === 'national' ? { level: 'national' } : { level: r.level, id: r.id.trim() },
});

function MembershipsForm({ user, onSaved }: { user: UserListItem; onSaved: () => void }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<Row[]>(user.memberships.map(toRow));
  const [saved, setSaved] = useState(false);
  const s = useSubmit(
    () => usersApi.setMemberships(user.id, rows.map(toMembership)),
    () => {
      setSaved(true);
      onSaved();
    },
  );
  const set = (i: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void s.run();
  };
  return (
    <Panel title={t('users.editTitle', { name: user.username })}>
      <form onSubmit={submit} noValidate>
        <VStack gap="space-12">
          <ProblemAlert error={s.error} />
          {rows.map((r, i) => (
            <HStack key={i} gap="space-8" align="end">
              <Select
                label={t('users.role')}
                value={r.role}
                onChange={(e) => set(i, { role: e.target.value })}
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`role.${role}` as MessageKey)}
                  </option>
                ))}
              </Select>
              <Select
                label={t('users.level')}
                value={r.level}
                onChange={(e) => set(i, { level: e.target.value as Row['level'] })}
              >
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`scope.${l}` as MessageKey)}
                  </option>
                ))}
              </Select>
              {r.level !== 'national' && (
                <TextField
                  label={t('users.scopeId')}
                  value={r.id}
                  onChange={(e) => set(i, { id: e.target.value })}
                />
              )}
              <Button
                type="button"
                variant="tertiary"
                size="small"
                onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
              >
                {t('users.removeMembership', { n: String(i + 1) })}
              </Button>
            </HStack>
          ))}
          <HStack gap="space-8">
            <Button
              type="button"
              variant="secondary"
              onClick={() => setRows((rs) => [...rs, { role: 'operator', level: 'centre', id: '' }])}
            >
              {t('users.addMembership')}
            </Button>
            <Button type="submit" loading={s.busy}>
              {t('common.save')}
            </Button>
          </HStack>
          {saved && <SuccessNote>{t('common.saved')}</SuccessNote>}
        </VStack>
      </form>
    </Panel>
  );
}

/** How a claim reads: HelseID's identity number and HPR number by name, `sub` as the provider's id. */
function claimText(t: (k: MessageKey) => string, claim: string): string {
  if (claim === 'sub') return t('users.identity.claim.sub');
  if (claim === 'helseid://claims/identity/pid') return t('users.identity.claim.pid');
  if (claim === 'helseid://claims/hpr/hpr_number') return t('users.identity.claim.hpr');
  return claim;
}

/**
 * Sign-in through the OpenID provider (HelseID): the identities linked to the user, to link or
 * unlink. Shown only when the server has a provider. The person keeps the roles above.
 */
function IdentitiesPanel({ user }: { user: UserListItem }) {
  const { t } = useI18n();
  const provider = useResource((sig) => usersApi.provider(sig), []);
  const links = useResource((sig) => usersApi.identities(user.id, sig), [user.id]);
  const claims = provider.data?.linkClaims ?? ['sub'];
  const [claim, setClaim] = useState('');
  const [value, setValue] = useState('');
  const [linked, setLinked] = useState(false);
  const add = useSubmit(
    () => usersApi.link(user.id, claim || claims.at(-1)!, value.trim()),
    () => {
      setValue('');
      setLinked(true);
      links.reload();
    },
  );
  const remove = useSubmit((l: IdentityLink) => usersApi.unlink(user.id, l.id), links.reload);
  if (!provider.data) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLinked(false);
    void add.run();
  };
  return (
    <Panel title={t('users.identity.title', { name: user.username, provider: provider.data.name })}>
      <VStack gap="space-12">
        <BodyShort>{t('users.identity.intro', { provider: provider.data.name })}</BodyShort>
        <ProblemAlert error={links.error ?? remove.error} />
        <DataTable
          caption={t('users.identity.list', { provider: provider.data.name })}
          rows={links.data?.items ?? []}
          rowKey={(l) => l.id}
          testId="identities"
          empty={t('users.identity.none')}
          columns={[
            { header: t('users.identity.claim'), cell: (l) => claimText(t, l.claim) },
            { header: t('users.identity.value'), cell: (l) => l.value },
            {
              header: t('users.identity.lastUsed'),
              cell: (l) => (l.last_used_at ? formatDateTime(l.last_used_at) : t('users.identity.never')),
            },
            {
              header: '',
              cell: (l) => (
                <Button
                  size="small"
                  variant="tertiary"
                  loading={remove.busy}
                  onClick={() => void remove.run(l)}
                >
                  {t('users.identity.unlink', { value: l.value })}
                </Button>
              ),
            },
          ]}
        />
        <form onSubmit={submit} noValidate>
          <HStack gap="space-8" align="end">
            <Select
              label={t('users.identity.claim')}
              value={claim || claims.at(-1)}
              onChange={(e) => setClaim(e.target.value)}
            >
              {claims.map((c) => (
                <option key={c} value={c}>
                  {claimText(t, c)}
                </option>
              ))}
            </Select>
            <TextField
              label={t('users.identity.value')}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              error={add.fieldErrors.value}
              autoComplete="off"
            />
            <Button type="submit" variant="secondary" loading={add.busy}>
              {t('users.identity.link')}
            </Button>
          </HStack>
        </form>
        <ProblemAlert error={add.error} shownFields={['value']} />
        {linked && <SuccessNote>{t('users.identity.linked')}</SuccessNote>}
      </VStack>
    </Panel>
  );
}
