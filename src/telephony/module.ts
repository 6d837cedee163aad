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
import { voiceMenuPortOf } from './voice/voice-port.ts';
import { promptCatalogue } from '../routing/domain/menu.ts';

export const telephonyModule = defineModule<TelephonyConfig, undefined>({
  name: 'telephony',
  config: telephonyConfigSchema,
  cli: { sip: sipCommand, prompts: promptsCommand },
  init(ctx) {
    const routing = ctx.use(routingModule);
    const router = callRouterFor(routing.decider, menuSessionsOf(routing));
    return {
      api: undefined,
      async listen(): Promise<Listener[]> {
        if (!ctx.config.enabled) return [];
        const { host, port } = ctx.config.sip;
        const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
        // Voice-menu mode: every prompt the menus can say with the data in force must play; a
        // missing one is a start-up error naming it (PromptLibraryError), never silence.
        const voice =
          ctx.config.sip.mode === 'voice-menu'
            ? {
                port: voiceMenuPortOf(routing.decider, routing.runtime),
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
