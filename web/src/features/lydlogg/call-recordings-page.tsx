/**
 * A call's recordings (issue 12): each with its facts, whether it is held and until when it is
 * kept, a player that opens once the user has said why they listen (the reason goes with every
 * request and is in the access log), and — for those who may — the legal holds: place, release,
 * or hold every recording of the call at once.
 */
import { useState } from 'react';
import { BodyShort, Button, HStack, Tag, TextField, VStack } from '@navikt/ds-react';
import { can, useAuth } from '../../shared/auth.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { ApiError } from '../../shared/api/client.ts';
import { formatDate, formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { recordingsApi, type CallRecording, type Recording } from './api.ts';
import { HoldForm, HoldList } from './holds.tsx';
import { RecordingPlayer } from './player.tsx';
import { clockOf } from './player-keys.ts';

export function HeldTag({ held }: { held: boolean }) {
  const { t } = useI18n();
  return (
    <Tag
      size="xsmall"
      variant={held ? 'strong' : 'moderate'}
      data-color={held ? 'warning' : 'neutral'}
      data-held={held}
    >
      {held ? t('rec.held') : t('rec.notHeld')}
    </Tag>
  );
}

function Listen({ recording, label }: { recording: Recording; label: string }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const [reason, setReason] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  if (reason) {
    return (
      <VStack gap="space-8">
        <BodyShort size="small" className="nm-muted">
          {t('rec.listen.reasonShown', { reason })}
        </BodyShort>
        <RecordingPlayer recording={recording} reason={reason} label={label} />
      </VStack>
    );
  }
  return (
    <form
      aria-label={t('rec.listen.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!draft.trim()) {
          setMissing(true);
          return;
        }
        setReason(draft.trim());
      }}
    >
      <HStack gap="space-16" align="end">
        <TextField
          label={t('rec.listen.reason')}
          description={t('rec.listen.reasonHelp')}
          size="small"
          value={draft}
          autoComplete="off"
          onChange={(e) => {
            setDraft(e.target.value);
            if (e.target.value.trim()) setMissing(false);
          }}
          error={missing ? t('rec.listen.reasonMissing') : undefined}
        />
        <Button type="submit" size="small">
          {t('rec.listen.start')}
        </Button>
      </HStack>
    </form>
  );
}

function RecordingPanel({
  item,
  canHold,
  canExport,
  onChanged,
}: {
  item: CallRecording;
  canHold: boolean;
  canExport: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const r = item.recording;
  const title = t('rec.recording', { time: formatDateTime(r.startedAt) });
  return (
    <Panel title={title}>
      <VStack gap="space-16" data-testid="recording" data-recording={r.id}>
        <HStack gap="space-12" align="center">
          <BodyShort>
            {t('rec.facts', {
              start: formatDateTime(r.startedAt),
              duration: clockOf(r.durationMs / 1000),
              codec: t(`rec.codec.${r.codec}` as MessageKey),
            })}
          </BodyShort>
          <HeldTag held={r.held} />
          <BodyShort size="small" className="nm-muted">
            {t('rec.deletableFrom', { date: formatDate(r.deletableFrom) })}
          </BodyShort>
        </HStack>
        <Listen recording={r} label={t('rec.player', { time: formatDateTime(r.startedAt) })} />
        <VStack gap="space-8">
          <BodyShort weight="semibold">{t('rec.holds.title')}</BodyShort>
          <HoldList holds={item.holds} canHold={canHold} canExport={canExport} onChanged={onChanged} />
          {canHold && (
            <details>
              <summary>{t('rec.holds.place')}</summary>
              <HoldForm
                title={t('rec.holds.place')}
                onSubmit={(b) => recordingsApi.hold(r.id, b)}
                onDone={onChanged}
              />
            </details>
          )}
        </VStack>
      </VStack>
    </Panel>
  );
}

export function CallRecordingsPage({ callId }: { callId: string }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const list = useResource((sig) => recordingsApi.ofCall(callId, sig), [callId]);
  const items = list.data?.recordings ?? [];
  const notFound = list.error instanceof ApiError && list.error.status === 404;
  const canHoldAny = items.some((i) => can(actor, 'recordings.hold', [i.recording.centreId]));
  return (
    <PageFrame title={t('rec.call.title')} intro={t('rec.call.intro')}>
      {notFound ? <BodyShort>{t('rec.call.none')}</BodyShort> : <ProblemAlert error={list.error} />}
      {list.loading && !list.data && <BodyShort>{t('app.loading')}</BodyShort>}
      {items.map((item) => (
        <RecordingPanel
          key={item.recording.id}
          item={item}
          canHold={can(actor, 'recordings.hold', [item.recording.centreId])}
          canExport={can(actor, 'recordings.export', [item.recording.centreId])}
          onChanged={list.reload}
        />
      ))}
      {canHoldAny && items.length > 1 && (
        <Panel title={t('rec.holds.placeCall')}>
          <HoldForm
            title={t('rec.holds.placeCall')}
            onSubmit={(b) => recordingsApi.holdCall(callId, b)}
            onDone={list.reload}
            testId="hold-call"
          />
        </Panel>
      )}
    </PageFrame>
  );
}
