/**
 * Pieces shared by the routing pages: the centre list (loaded once per page), a centre choice,
 * Oslo date + time fields that produce an ISO instant with offset, and method labels.
 */
import { useState } from 'react';
import { Fieldset, HStack, Select, Tag, Textarea, TextField } from '@navikt/ds-react';
import { routingApi, type CentreListItem } from './api.ts';
import { todayIso, useI18n, type MessageKey, type Translate } from '../../shared/i18n/i18n.tsx';
import { DateField } from '../../shared/components/fields.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { TextLink } from '../../shared/router.tsx';
import { useAuth, type SessionActor } from '../../shared/auth.tsx';

export function useCentres() {
  const res = useResource((sig) => routingApi.listCentres(sig), []);
  const items = res.data?.items ?? [];
  const byId = new Map(items.map((c) => [c.id, c]));
  return { ...res, items, byId, name: (id: string) => byId.get(id)?.name ?? id };
}

export function useActor(): SessionActor | null {
  const { state } = useAuth();
  return state.status === 'signed-in' ? state.actor : null;
}

export const centreHref = (id: string) => `/routing/centres/${encodeURIComponent(id)}`;

export function CentreLink({ id, name }: { id: string; name?: string }) {
  return <TextLink href={centreHref(id)}>{name ?? id}</TextLink>;
}

export function CentreSelect({
  label,
  centres,
  value,
  onChange,
  error,
  size,
}: {
  label: string;
  centres: readonly CentreListItem[];
  value: string;
  onChange: (id: string) => void;
  error?: string | undefined;
  size?: 'small' | 'medium';
}) {
  const { t } = useI18n();
  const sorted = [...centres].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  return (
    <Select label={label} value={value} size={size} error={error} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('common.select')}</option>
      {sorted.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </Select>
  );
}

export function AvailabilityTag({ unavailable }: { unavailable: boolean }) {
  const { t } = useI18n();
  return (
    <Tag size="small" variant={unavailable ? 'error' : 'success'} data-testid="availability-tag">
      {unavailable ? t('rt.status.unavailable') : t('rt.status.available')}
    </Tag>
  );
}

/** How the serving centre was chosen, in words (RT-7 re-route, RT-10 schedule, RT-11 alternative site). */
export function methodLabel(t: Translate, method: string | undefined, alternativeSite?: boolean): string {
  if (alternativeSite) return t('rt.method.alternative-site');
  const known = [
    'number-series',
    'mobile-position',
    'menu-postcode',
    'menu-region',
    'overflow',
    'schedule',
    'reroute',
  ];
  return method && known.includes(method) ? t(`rt.method.${method}` as MessageKey) : (method ?? '');
}

const OFFSET_FMT = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Oslo', timeZoneName: 'longOffset' });

/** Oslo's UTC offset in minutes at an instant. */
function osloOffsetMinutes(ms: number): number {
  const name = OFFSET_FMT.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

const HHMM = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** `YYYY-MM-DD` + `HH:MM` in Oslo → ISO 8601 with offset, e.g. `2025-03-04T10:00:00+01:00`; null when the time is not valid. */
export function osloInstant(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = HHMM.exec(time.trim());
  if (!d || !tm) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(tm[1]), Number(tm[2]));
  let off = osloOffsetMinutes(wall);
  off = osloOffsetMinutes(wall - off * 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${pad(Number(tm[1]))}:${tm[2]}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Current Oslo time as `HH:MM`. */
export function osloTimeNow(): string {
  return new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' })
    .format(new Date())
    .replace('.', ':');
}

export interface DateTimeValue {
  date: string;
  time: string;
}
export const emptyDateTime: DateTimeValue = { date: '', time: '' };

/** Result of a date + time pair: empty, an instant, or invalid (with the message to show). */
export function dateTimeResult(
  t: Translate,
  v: DateTimeValue,
): { ok: true; iso: string | undefined } | { ok: false; message: string } {
  if (!v.date && !v.time) return { ok: true, iso: undefined };
  const iso = osloInstant(v.date || todayIso(), v.time || '00:00');
  return iso ? { ok: true, iso } : { ok: false, message: t('rt.time.invalid') };
}

/** A date (dd.mm.åååå) and a time (HH:MM) in Oslo time, side by side. */
export function DateTimeFields({
  label,
  value,
  onChange,
  error,
  size,
}: {
  label: string;
  value: DateTimeValue;
  onChange: (v: DateTimeValue) => void;
  error?: string | undefined;
  size?: 'small' | 'medium';
}) {
  const { t } = useI18n();
  const [timeBad, setTimeBad] = useState(false);
  return (
    <Fieldset legend={label} size={size}>
      <HStack gap="space-8" align="start" wrap={false}>
        <DateField
          label={t('rt.time.date')}
          size={size}
          value={value.date}
          onChange={(date) => onChange({ ...value, date })}
          error={error}
        />
        <TextField
          label={t('rt.time.clock')}
          size={size}
          htmlSize={7}
          placeholder={t('rt.time.format')}
          inputMode="numeric"
          autoComplete="off"
          value={value.time}
          onChange={(e) => {
            setTimeBad(false);
            onChange({ ...value, time: e.target.value });
          }}
          onBlur={() => setTimeBad(value.time.trim() !== '' && !HHMM.test(value.time.trim()))}
          error={timeBad ? t('rt.time.invalid') : undefined}
        />
      </HStack>
    </Fieldset>
  );
}

/** The reason every routing change needs (kept in the audit log). */
export function ReasonField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <Textarea
      label={t('rt.field.reason')}
      description={t('rt.field.reason.help')}
      minRows={2}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}
