/**
 * The recording player: the browser's audio element streams the recording from the playback
 * route (HTTP ranges: a seek fetches only what it needs; the reason goes with every request and
 * each is in the access log), with a waveform drawn from the server's peaks — for WAV and G.711.
 * An Opus recording, which the server does not decode, is read once whole from the same route
 * (one logged playback), played from memory and decoded by the browser for its waveform
 * (browser-waveform.ts); if that decoding fails the player says so and plays the audio anyway.
 * Keyboard: the player
 * is a focus stop of its own — space plays or pauses, the arrow keys jump 5 s (Home/End to the ends) —
 * with a visible focus ring, and it takes the focus when it opens; the buttons do the same by
 * mouse or keyboard.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { BodyShort, Button, ErrorMessage, HStack, VStack } from '@navikt/ds-react';
import { ApiError } from '../../shared/api/client.ts';
import { useResource } from '../../shared/components/use-resource.ts';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { waveformOnServer } from '../../../../src/lydlogg/domain/peaks.ts';
import { audioUrl, recordingsApi, type Recording } from './api.ts';
import { loadWholeRecording } from './browser-waveform.ts';
import { clockOf, JUMP_SECONDS, playerKeyAction } from './player-keys.ts';

const POINTS = 300;

function WaveformView({
  peaks,
  from,
  progress,
  label,
  onSeek,
}: {
  peaks: number[];
  /** Who computed the peaks (the server, or the browser decoding Opus). */
  from: 'server' | 'browser';
  progress: number;
  label: string;
  onSeek: (fraction: number) => void;
}) {
  const played = Math.round(progress * peaks.length);
  const click = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width > 0) onSeek(Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)));
  };
  return (
    <svg
      className="nm-waveform"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${peaks.length} 100`}
      preserveAspectRatio="none"
      onClick={click}
      data-testid="waveform"
      data-peaks-from={from}
    >
      {peaks.map((p, i) => {
        const h = Math.max(1, p * 96);
        return (
          <rect
            key={i}
            x={i + 0.1}
            width={0.8}
            y={50 - h / 2}
            height={h}
            className={i < played ? 'nm-waveform-played' : 'nm-waveform-bar'}
          />
        );
      })}
    </svg>
  );
}

export function RecordingPlayer({
  recording,
  reason,
  label,
}: {
  recording: Recording;
  reason: string;
  label: string;
}) {
  const { t } = useI18n();
  const helpId = useId();
  const box = useRef<HTMLDivElement>(null);
  // Opened by stating the reason: the keys work at once.
  useEffect(() => box.current?.focus(), []);
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [at, setAt] = useState(0);
  const [duration, setDuration] = useState(recording.durationMs / 1000);
  const [failed, setFailed] = useState(false);
  const onServer = waveformOnServer(recording.codec);
  const wave = useResource(
    (sig) =>
      onServer ? recordingsApi.waveform(recording.id, reason, POINTS, sig) : Promise.resolve(undefined),
    [recording.id, reason, onServer],
  );
  const noWave = wave.error instanceof ApiError && wave.error.status === 422;
  // Opus: the one whole read, played from memory, its waveform decoded here.
  const whole = useResource(
    (sig) => (onServer ? Promise.resolve(undefined) : loadWholeRecording(recording.id, reason, POINTS, sig)),
    [recording.id, reason, onServer],
  );
  const [wholeUrl, setWholeUrl] = useState<string>();
  useEffect(() => {
    if (!whole.data) return;
    const url = URL.createObjectURL(whole.data.audio);
    setWholeUrl(url);
    return () => {
      URL.revokeObjectURL(url);
      setWholeUrl(undefined);
    };
  }, [whole.data]);
  const src = onServer ? audioUrl(recording.id, reason) : wholeUrl;
  const peaks = onServer ? wave.data?.peaks : (whole.data?.peaks ?? undefined);
  const decodeFailed = !onServer && whole.data !== undefined && whole.data.peaks === null;
  const loadFailed = !onServer && whole.error !== null;

  const toggle = () => {
    const a = audio.current;
    if (!a || !src) return;
    // A pause before the playback started rejects play() with AbortError: not a failure.
    if (a.paused)
      a.play().catch((e: unknown) => {
        if ((e as Error | undefined)?.name !== 'AbortError') setFailed(true);
      });
    else a.pause();
  };
  const seek = (to: number) => {
    const a = audio.current;
    if (!a || !src) return;
    a.currentTime = to;
    setAt(to);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Space on one of the buttons is that button's own click.
    if (e.key === ' ' && e.target !== e.currentTarget) return;
    const a = audio.current;
    const action = playerKeyAction(e.key, a?.currentTime ?? at, duration);
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'toggle') toggle();
    else seek(action.to);
  };
  return (
    <div
      ref={box}
      className="nm-player"
      role="group"
      aria-label={label}
      aria-describedby={helpId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="player"
      data-playing={playing ? 'true' : 'false'}
    >
      <VStack gap="space-8">
        <audio
          ref={audio}
          preload="metadata"
          src={src}
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => setPlaying(false)}
          onTimeUpdate={(e) => setAt(e.currentTarget.currentTime)}
          onSeeked={(e) => setAt(e.currentTarget.currentTime)}
          onLoadedMetadata={(e) => {
            if (Number.isFinite(e.currentTarget.duration)) setDuration(e.currentTarget.duration);
          }}
          onError={() => setFailed(true)}
        />
        {peaks && (
          <WaveformView
            peaks={peaks}
            from={onServer ? 'server' : 'browser'}
            progress={duration > 0 ? at / duration : 0}
            label={t('rec.player.waveform')}
            onSeek={(f) => seek(f * duration)}
          />
        )}
        {noWave && (
          <BodyShort size="small" className="nm-muted">
            {t('rec.player.noWaveform')}
          </BodyShort>
        )}
        {!onServer && whole.loading && (
          <BodyShort size="small" className="nm-muted" data-testid="player-loading">
            {t('rec.player.loading')}
          </BodyShort>
        )}
        {decodeFailed && (
          <BodyShort size="small" className="nm-muted" data-testid="waveform-failed">
            {t('rec.player.waveformFailed')}
          </BodyShort>
        )}
        <HStack gap="space-8" align="center">
          <Button
            size="small"
            variant="secondary"
            type="button"
            onClick={() => seek(Math.max(0, (audio.current?.currentTime ?? at) - JUMP_SECONDS))}
          >
            {t('rec.player.back')}
          </Button>
          <Button size="small" type="button" onClick={toggle} data-testid="play-pause">
            {playing ? t('rec.player.pause') : t('rec.player.play')}
          </Button>
          <Button
            size="small"
            variant="secondary"
            type="button"
            onClick={() => seek(Math.min(duration, (audio.current?.currentTime ?? at) + JUMP_SECONDS))}
          >
            {t('rec.player.forward')}
          </Button>
          <BodyShort data-testid="position">
            {t('rec.player.position', { at: clockOf(at), duration: clockOf(duration) })}
          </BodyShort>
        </HStack>
        <BodyShort id={helpId} size="small" className="nm-muted">
          {t('rec.player.help')}
        </BodyShort>
        {(failed || loadFailed) && <ErrorMessage role="alert">{t('rec.player.error')}</ErrorMessage>}
      </VStack>
    </div>
  );
}
