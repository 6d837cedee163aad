/**
 * The telephony module: the SIP redirect server for 116117 (docs/sip.md) on routing's one
 * decide-call use case and its fallback-menu sessions (RT-1 … RT-5), or — NODMELD_SIP_MODE
 * voice-menu — nodmeld's own voice menu on real audio (docs/voice.md), whose prompts are loaded
 * and checked before the listeners open. Its UDP and TCP listeners are
 * bound before the system says it is ready; a port that cannot be bound stops the start.
 */
import { defineModule, ListenError, type Listener } from '../platform/module.ts';
import { routingModule } from '../routing/module.ts';
import { menuSessionsOf } from './menu-sessions.ts';
import { telephonyConfigSchema, type TelephonyConfig } from './config.ts';
import { callRouterFor } from './sip/engine-call-router.ts';
import { startSipServer } from './sip/server.ts';
import { sipCommand } from './cli.ts';
import { promptsCommand } from './voice/prompts-cli.ts';
import { PromptLibrary } from './voice/prompt-library.ts';
import { voiceMenuPortOf, type HandoffListener, type HandoffNotice } from './voice/voice-port.ts';
import { promptCatalogue } from '../routing/domain/menu.ts';

export interface TelephonyApi {
  /**
   * Listens to the outcomes of the voice menu's B2BUA hand-overs (docs/voice.md: the centre
   * answered, was busy, did not answer, refused, could not be reached, or the caller hung up while
   * it rang). The listener runs on the call's path and must only take note; the calls record
   * (mounted after telephony) subscribes at its start, as it does to routing's decisions.
   * Returns the unsubscribe.
   */
  onHandoffOutcome(listener: HandoffListener): () => void;
}

export const telephonyModule = defineModule<TelephonyConfig, TelephonyApi>({
  name: 'telephony',
  config: telephonyConfigSchema,
  cli: { sip: sipCommand, prompts: promptsCommand },
  init(ctx) {
    const routing = ctx.use(routingModule);
    const router = callRouterFor(routing.decider, menuSessionsOf(routing));
    let handoffListeners: readonly HandoffListener[] = [];
    const handoffOutcome = (notice: HandoffNotice): void => {
      for (const listener of handoffListeners) {
        try {
          listener(notice);
        } catch (err) {
          ctx.logger.error({ err, callId: notice.callId }, 'voice menu: a hand-over listener failed');
        }
      }
    };
    return {
      api: {
        onHandoffOutcome(listener) {
          handoffListeners = [...handoffListeners, listener];
          return () => {
            handoffListeners = handoffListeners.filter((l) => l !== listener);
          };
        },
      },
      async listen(): Promise<Listener[]> {
        if (!ctx.config.enabled) return [];
        const { host, port } = ctx.config.sip;
        const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
        // Voice-menu mode: every prompt the menus can say with the data in force must play; a
        // missing one is a start-up error naming it (PromptLibraryError), never silence.
        const voice =
          ctx.config.sip.mode === 'voice-menu'
            ? {
                port: voiceMenuPortOf(routing.decider, routing.runtime, handoffOutcome),
                prompts: await PromptLibrary.load(
                  promptCatalogue(routing.runtime.current().compiled),
                  ctx.config.prompts,
                ),
              }
            : undefined;
        let server: Awaited<ReturnType<typeof startSipServer>>;
        try {
          server = await startSipServer({ config: ctx.config.sip, logger: ctx.logger, router, voice });
        } catch (err) {
          throw new ListenError('SIP (UDP and TCP)', address, err);
        }
        ctx.metrics.add(() => server.metrics());
        return [
          {
            describe: `SIP udp+tcp ${host}:${server.udpPort} (${server.udpIo} UDP I/O)`,
            close: () => server.close(),
          },
        ];
      },
    };
  },
});
