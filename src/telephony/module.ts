/**
 * The telephony module: the SIP redirect server for 116117 (docs/sip.md) on routing's one
 * decide-call use case and its fallback-menu sessions (RT-1 … RT-5). Its UDP and TCP listeners are
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
        let server: Awaited<ReturnType<typeof startSipServer>>;
        try {
          server = await startSipServer({ config: ctx.config.sip, logger: ctx.logger, router });
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
