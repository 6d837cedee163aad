/**
 * SIP redirect server configuration: the zod schema (typed configuration) and the environment
 * variables it is read from. The platform configuration module owns `process.env`; it hands the
 * environment to `sipConfigFromEnv`, which fails fast with one message per bad variable.
 */
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { UDP_IO_MODES } from './udp-endpoint.ts';

const network = z.enum(['fixed', 'mobile', 'ip']);
const token = /^[A-Za-z0-9.!%*_+`'~-]+$/;

/** An IPv4/IPv6 address or CIDR block, e.g. "10.20.0.0/16" or "2001:db8::/32". */
const addressOrCidr = z.string().refine((s) => {
  const [addr, bits, extra] = s.split('/');
  const family = isIP(addr ?? '');
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^[0-9]{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}, 'must be an IP address or CIDR block');

/** A carrier or SBC trunk: requests from these source addresses come from this network (RT-2, RT-3). */
export const sipTrunkSchema = z.object({
  name: z.string().min(1),
  sources: z.array(addressOrCidr).min(1),
  /** Network of every call on this trunk; omit to read it from the network header per call. */
  network: network.optional(),
});
export type SipTrunk = z.infer<typeof sipTrunkSchema>;

const VOICE_DEFAULTS = {
  rtpPortMin: 20000,
  rtpPortMax: 29999,
  inputTimeoutMs: 5000,
  rtpTimeoutMs: 30_000,
  transferTimeoutMs: 32_000,
  handoff: 'refer' as const,
  bridgeAnswerTimeoutMs: 30_000,
  minSessionExpires: 90,
  maxCalls: 2000,
  maxCallMs: 15 * 60_000,
};

const voiceSchema = z.object({
  /** RTP port range (each call takes an even RTP port and the RTCP port above it). */
  rtpPortMin: z.number().int().min(1024).max(65534).default(VOICE_DEFAULTS.rtpPortMin),
  rtpPortMax: z.number().int().min(1025).max(65535).default(VOICE_DEFAULTS.rtpPortMax),
  /**
   * The address in our SDP (c=), Contact and Via: where callers send RTP and in-dialog requests.
   * Default: the SIP listen address (which must then not be 0.0.0.0 or ::).
   */
  mediaAddress: z
    .string()
    .refine((h) => isIP(h) !== 0, 'must be an IP address')
    .optional(),
  /** How long the menu waits for a key after a prompt (and between postcode digits) before "no input". */
  inputTimeoutMs: z.number().int().min(100).default(VOICE_DEFAULTS.inputTimeoutMs),
  /** A call from which no RTP has arrived for this long is ended with BYE. */
  rtpTimeoutMs: z.number().int().min(1000).default(VOICE_DEFAULTS.rtpTimeoutMs),
  /** How long a REFER may take to report the centre's answer (NOTIFY) before the call is ended. */
  transferTimeoutMs: z.number().int().min(100).default(VOICE_DEFAULTS.transferTimeoutMs),
  /**
   * How a call is handed to its centre after the menu (docs/voice.md): "refer" — REFER to the
   * centre's number, the caller's side places the call; "b2bua" — nodmeld calls the centre itself
   * and bridges the RTP (for carriers without REFER); "refer-or-b2bua" — REFER, and when the
   * caller's side refuses it, the B2BUA.
   */
  handoff: z.enum(['refer', 'b2bua', 'refer-or-b2bua']).default(VOICE_DEFAULTS.handoff),
  /** B2BUA: how long the centre's leg may ring before it is cancelled (no answer). */
  bridgeAnswerTimeoutMs: z.number().int().min(100).default(VOICE_DEFAULTS.bridgeAnswerTimeoutMs),
  /** Min-SE (RFC 4028): shorter Session-Expires get 422. */
  minSessionExpires: z.number().int().min(90).default(VOICE_DEFAULTS.minSessionExpires),
  /** Voice-menu calls at once; more get 503. */
  maxCalls: z.number().int().min(1).default(VOICE_DEFAULTS.maxCalls),
  /** A call still in the menu after this long is ended (a stuck caller or peer). */
  maxCallMs: z.number().int().min(1000).default(VOICE_DEFAULTS.maxCallMs),
});

export const sipConfigSchema = z.object({
  /** IP address to listen on (IPv4 or IPv6 literal; '::' listens on both). */
  host: z
    .string()
    .refine((h) => isIP(h) !== 0, 'must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::)')
    .default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(5060),
  trunks: z.array(sipTrunkSchema).default([]),
  /** Header carrying "fixed" | "mobile" | "ip", read when the trunk does not fix the network. */
  networkHeader: z.string().regex(token).default('X-Nodmeld-Network'),
  /** Network for requests from no trunk and without the header; "reject" answers 403. */
  defaultNetwork: z.enum(['fixed', 'mobile', 'ip', 'reject']).default('fixed'),
  /**
   * Contact host (host[:port][;params]) per centre id. Placeholders: {centre} (centre id) and
   * {source} (the requesting peer's address:port, i.e. redirect back to the carrier).
   */
  gateways: z.record(z.string(), z.string().min(1)).default({}),
  /** Contact host for centres without their own gateway; same placeholders. */
  defaultGateway: z.string().min(1).default('{source}'),
  /** Fallback menu / IVR target (RT-5). Placeholders: {sessionId}, {source}. */
  menuUri: z
    .string()
    .regex(/^(sips?|tel):/i, 'must be a sip:, sips: or tel: URI')
    .default('sip:menu-{sessionId}@{source}'),
  /**
   * When to send 100 Trying to an INVITE for 116117: "always" at once (the default), or
   * "when-needed": only when the answer is not immediate (positioning, menu session), as RFC 3261
   * §17.2.1 allows when the final response follows within 200 ms.
   */
  trying: z.enum(['always', 'when-needed']).default('always'),
  /** Prefix of the decision headers written into the 302. */
  headerPrefix: z.string().regex(token).default('X-Nodmeld-'),
  /** Number in the Contact user part: national 8 digits or E.164 (+47…). */
  contactNumberFormat: z.enum(['national', 'e164']).default('national'),
  /** Larger messages are refused with 513. */
  maxMessageBytes: z.number().int().min(1024).max(65535).default(16384),
  /**
   * UDP socket receive and send buffer (bytes) so bursts are queued, not dropped. The kernel caps
   * it at net.core.rmem_max / wmem_max; the server logs the size it got.
   */
  udpBufferBytes: z
    .number()
    .int()
    .min(65536)
    .max(1 << 30)
    .default(8 * 1024 * 1024),
  /**
   * UDP socket I/O: "native" reads and sends in batches through the bundled Node-API addon
   * (recvmmsg/sendmmsg on Node's event loop, docs/decisions/0003); "dgram" uses node:dgram, one
   * system call and one callback per datagram; "auto" (default) takes native when it is built.
   */
  udpIo: z.enum(UDP_IO_MODES).default('auto'),
  /**
   * Bound on the live transactions (only admitted INVITEs for the service number hold one: every
   * other request is answered statelessly). When full, the oldest answered transaction that only
   * waits for its ACK gives way; when every one is still being routed, new INVITEs get 503.
   */
  maxTransactions: z.number().int().min(1).default(100_000),
  /** Bound on the memory of all transactions together (estimated bytes), enforced like `maxTransactions`. */
  maxTransactionBytes: z
    .number()
    .int()
    .min(1024 * 1024)
    .default(64 * 1024 * 1024),
  /**
   * How long a fallback-menu session may take to create (RT-5); past it the call goes to the menu
   * with a locally generated session id instead of waiting on a slow or hung session store.
   */
  menuSessionTimeoutMs: z.number().int().min(10).default(1000),
  /** A TCP connection that completes no SIP message for this long is closed; bytes alone do not keep it open. */
  tcpIdleTimeoutMs: z.number().int().min(100).default(120_000),
  /** A message whose first byte has arrived must be complete within this time, or the connection is closed. */
  tcpMessageTimeoutMs: z.number().int().min(100).default(5000),
  /** Open TCP connections in all; more are refused. */
  tcpMaxConnections: z.number().int().min(1).default(4096),
  /** Open TCP connections from one source address; more from it are refused. */
  tcpMaxConnectionsPerSource: z.number().int().min(1).default(64),
  /**
   * Responses queued for a TCP peer that does not read them: past `tcpWritePauseBytes` nodmeld stops
   * reading that connection until it drains; past `tcpWriteMaxBytes`, or paused for longer than
   * `tcpWriteStallMs`, the connection is closed.
   */
  tcpWritePauseBytes: z
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  tcpWriteMaxBytes: z
    .number()
    .int()
    .min(4096)
    .default(1024 * 1024),
  tcpWriteStallMs: z.number().int().min(100).default(10_000),
  /**
   * What an INVITE for 116117 gets: "redirect" (the default) a 302 to the chosen centre, for
   * carriers whose own platform plays the menu through the HTTP menu API; "voice-menu" nodmeld's
   * own voice menu: the call is answered with audio, the menu runs on the caller's DTMF and the
   * call is handed to the centre with REFER (docs/voice.md).
   */
  mode: z.enum(['redirect', 'voice-menu']).default('redirect'),
  /** The voice menu's media and timers (mode "voice-menu"). */
  voice: voiceSchema.default(VOICE_DEFAULTS),
  /** RFC 3261 timers (§17.1.1.1); change only for tests or unusual networks. */
  timers: z
    .object({
      t1Ms: z.number().int().min(1).default(500),
      t2Ms: z.number().int().min(1).default(4000),
      t4Ms: z.number().int().min(1).default(5000),
    })
    .default({ t1Ms: 500, t2Ms: 4000, t4Ms: 5000 }),
});

/** The schema above, with checks across fields. */
export const sipConfigSchemaChecked = sipConfigSchema
  .refine((c) => c.tcpWriteMaxBytes > c.tcpWritePauseBytes, {
    message: 'tcpWriteMaxBytes must be larger than tcpWritePauseBytes',
    path: ['tcpWriteMaxBytes'],
  })
  .refine((c) => c.voice.rtpPortMax > c.voice.rtpPortMin, {
    message: 'the RTP port range must hold at least one even/odd pair',
    path: ['voice', 'rtpPortMax'],
  })
  .refine(
    (c) =>
      c.mode !== 'voice-menu' ||
      c.voice.mediaAddress !== undefined ||
      (c.host !== '0.0.0.0' && c.host !== '::'),
    {
      message: 'the voice menu needs NODMELD_SIP_MEDIA_ADDRESS when SIP listens on every address',
      path: ['voice', 'mediaAddress'],
    },
  );

export type SipConfig = z.infer<typeof sipConfigSchema>;
export type SipConfigInput = z.input<typeof sipConfigSchema>;

/** Parses a JSON environment value, turning a syntax error into a zod issue. */
function json<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `not valid JSON (${(e as Error).message})` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const intString = z.coerce.number().int();

/**
 * Environment variables of the SIP server, as the typed configuration reads them. Every variable
 * is optional: the defaults of `sipConfigSchema` apply.
 */
export const sipEnvSchema = z.object({
  NODMELD_SIP_HOST: z.string().min(1).optional(),
  NODMELD_SIP_PORT: intString.min(0).max(65535).optional(),
  /** JSON array: [{"name":"telenor-mobil","sources":["10.1.0.0/16"],"network":"mobile"}]. */
  NODMELD_SIP_TRUNKS: json(z.array(sipTrunkSchema)).optional(),
  NODMELD_SIP_NETWORK_HEADER: z.string().optional(),
  NODMELD_SIP_DEFAULT_NETWORK: z.enum(['fixed', 'mobile', 'ip', 'reject']).optional(),
  /** JSON object centre id → host, e.g. {"lv-bergen":"gw1.example.net:5060"}. */
  NODMELD_SIP_GATEWAYS: json(z.record(z.string(), z.string().min(1))).optional(),
  NODMELD_SIP_DEFAULT_GATEWAY: z.string().optional(),
  NODMELD_SIP_MENU_URI: z.string().optional(),
  NODMELD_SIP_HEADER_PREFIX: z.string().optional(),
  NODMELD_SIP_TRYING: z.enum(['always', 'when-needed']).optional(),
  NODMELD_SIP_CONTACT_NUMBER_FORMAT: z.enum(['national', 'e164']).optional(),
  NODMELD_SIP_MAX_MESSAGE_BYTES: intString.optional(),
  NODMELD_SIP_MAX_TRANSACTIONS: intString.optional(),
  NODMELD_SIP_UDP_BUFFER_BYTES: intString.optional(),
  NODMELD_SIP_UDP_IO: z.enum(UDP_IO_MODES).optional(),
  NODMELD_SIP_MAX_TRANSACTION_BYTES: intString.optional(),
  NODMELD_SIP_MENU_SESSION_TIMEOUT_MS: intString.optional(),
  NODMELD_SIP_TCP_IDLE_TIMEOUT_MS: intString.optional(),
  NODMELD_SIP_TCP_MESSAGE_TIMEOUT_MS: intString.optional(),
  NODMELD_SIP_TCP_MAX_CONNECTIONS: intString.optional(),
  NODMELD_SIP_TCP_MAX_CONNECTIONS_PER_SOURCE: intString.optional(),
  NODMELD_SIP_TCP_WRITE_PAUSE_BYTES: intString.optional(),
  NODMELD_SIP_TCP_WRITE_MAX_BYTES: intString.optional(),
  NODMELD_SIP_TCP_WRITE_STALL_MS: intString.optional(),
  NODMELD_SIP_MODE: z.enum(['redirect', 'voice-menu']).optional(),
  /** "20000-29999". */
  NODMELD_SIP_RTP_PORTS: z
    .string()
    .regex(/^\d{4,5}-\d{4,5}$/, 'must be a range like 20000-29999')
    .optional(),
  NODMELD_SIP_MEDIA_ADDRESS: z.string().optional(),
  NODMELD_SIP_MENU_INPUT_TIMEOUT_MS: intString.optional(),
  NODMELD_SIP_RTP_TIMEOUT_MS: intString.optional(),
  NODMELD_SIP_VOICE_MAX_CALLS: intString.optional(),
  NODMELD_SIP_VOICE_HANDOFF: z.enum(['refer', 'b2bua', 'refer-or-b2bua']).optional(),
  NODMELD_SIP_VOICE_ANSWER_TIMEOUT_MS: intString.optional(),
});

export class SipConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid SIP configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'SipConfigError';
  }
}

function issues(err: z.ZodError, prefix = ''): string[] {
  return err.issues.map((i) => `${prefix}${i.path.join('.')}: ${i.message}`);
}

/** Validates a configuration object (defaults filled in); throws `SipConfigError`. */
export function parseSipConfig(input: SipConfigInput): SipConfig {
  const r = sipConfigSchemaChecked.safeParse(input);
  if (!r.success) throw new SipConfigError(issues(r.error));
  return r.data;
}

/** Builds the SIP configuration from environment variables; throws `SipConfigError` naming each bad one. */
export function sipConfigFromEnv(env: Record<string, string | undefined>): SipConfig {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith('NODMELD_SIP_') && v !== undefined && v !== '') cleaned[k] = v;
  const r = sipEnvSchema.safeParse(cleaned);
  if (!r.success) throw new SipConfigError(issues(r.error));
  const e = r.data;
  const input: SipConfigInput = {};
  if (e.NODMELD_SIP_HOST !== undefined) input.host = e.NODMELD_SIP_HOST;
  if (e.NODMELD_SIP_PORT !== undefined) input.port = e.NODMELD_SIP_PORT;
  if (e.NODMELD_SIP_TRUNKS !== undefined) input.trunks = e.NODMELD_SIP_TRUNKS;
  if (e.NODMELD_SIP_NETWORK_HEADER !== undefined) input.networkHeader = e.NODMELD_SIP_NETWORK_HEADER;
  if (e.NODMELD_SIP_DEFAULT_NETWORK !== undefined) input.defaultNetwork = e.NODMELD_SIP_DEFAULT_NETWORK;
  if (e.NODMELD_SIP_GATEWAYS !== undefined) input.gateways = e.NODMELD_SIP_GATEWAYS;
  if (e.NODMELD_SIP_DEFAULT_GATEWAY !== undefined) input.defaultGateway = e.NODMELD_SIP_DEFAULT_GATEWAY;
  if (e.NODMELD_SIP_MENU_URI !== undefined) input.menuUri = e.NODMELD_SIP_MENU_URI;
  if (e.NODMELD_SIP_HEADER_PREFIX !== undefined) input.headerPrefix = e.NODMELD_SIP_HEADER_PREFIX;
  if (e.NODMELD_SIP_TRYING !== undefined) input.trying = e.NODMELD_SIP_TRYING;
  if (e.NODMELD_SIP_CONTACT_NUMBER_FORMAT !== undefined)
    input.contactNumberFormat = e.NODMELD_SIP_CONTACT_NUMBER_FORMAT;
  if (e.NODMELD_SIP_MAX_MESSAGE_BYTES !== undefined) input.maxMessageBytes = e.NODMELD_SIP_MAX_MESSAGE_BYTES;
  if (e.NODMELD_SIP_MAX_TRANSACTIONS !== undefined) input.maxTransactions = e.NODMELD_SIP_MAX_TRANSACTIONS;
  if (e.NODMELD_SIP_UDP_BUFFER_BYTES !== undefined) input.udpBufferBytes = e.NODMELD_SIP_UDP_BUFFER_BYTES;
  if (e.NODMELD_SIP_UDP_IO !== undefined) input.udpIo = e.NODMELD_SIP_UDP_IO;
  if (e.NODMELD_SIP_MAX_TRANSACTION_BYTES !== undefined)
    input.maxTransactionBytes = e.NODMELD_SIP_MAX_TRANSACTION_BYTES;
  if (e.NODMELD_SIP_MENU_SESSION_TIMEOUT_MS !== undefined)
    input.menuSessionTimeoutMs = e.NODMELD_SIP_MENU_SESSION_TIMEOUT_MS;
  if (e.NODMELD_SIP_TCP_IDLE_TIMEOUT_MS !== undefined)
    input.tcpIdleTimeoutMs = e.NODMELD_SIP_TCP_IDLE_TIMEOUT_MS;
  if (e.NODMELD_SIP_TCP_MESSAGE_TIMEOUT_MS !== undefined)
    input.tcpMessageTimeoutMs = e.NODMELD_SIP_TCP_MESSAGE_TIMEOUT_MS;
  if (e.NODMELD_SIP_TCP_MAX_CONNECTIONS !== undefined)
    input.tcpMaxConnections = e.NODMELD_SIP_TCP_MAX_CONNECTIONS;
  if (e.NODMELD_SIP_TCP_MAX_CONNECTIONS_PER_SOURCE !== undefined)
    input.tcpMaxConnectionsPerSource = e.NODMELD_SIP_TCP_MAX_CONNECTIONS_PER_SOURCE;
  if (e.NODMELD_SIP_TCP_WRITE_PAUSE_BYTES !== undefined)
    input.tcpWritePauseBytes = e.NODMELD_SIP_TCP_WRITE_PAUSE_BYTES;
  if (e.NODMELD_SIP_TCP_WRITE_MAX_BYTES !== undefined)
    input.tcpWriteMaxBytes = e.NODMELD_SIP_TCP_WRITE_MAX_BYTES;
  if (e.NODMELD_SIP_TCP_WRITE_STALL_MS !== undefined)
    input.tcpWriteStallMs = e.NODMELD_SIP_TCP_WRITE_STALL_MS;
  if (e.NODMELD_SIP_MODE !== undefined) input.mode = e.NODMELD_SIP_MODE;
  const voice: NonNullable<SipConfigInput['voice']> = {};
  if (e.NODMELD_SIP_RTP_PORTS !== undefined) {
    const [min, max] = e.NODMELD_SIP_RTP_PORTS.split('-').map(Number) as [number, number];
    voice.rtpPortMin = min;
    voice.rtpPortMax = max;
  }
  if (e.NODMELD_SIP_MEDIA_ADDRESS !== undefined) voice.mediaAddress = e.NODMELD_SIP_MEDIA_ADDRESS;
  if (e.NODMELD_SIP_MENU_INPUT_TIMEOUT_MS !== undefined)
    voice.inputTimeoutMs = e.NODMELD_SIP_MENU_INPUT_TIMEOUT_MS;
  if (e.NODMELD_SIP_RTP_TIMEOUT_MS !== undefined) voice.rtpTimeoutMs = e.NODMELD_SIP_RTP_TIMEOUT_MS;
  if (e.NODMELD_SIP_VOICE_MAX_CALLS !== undefined) voice.maxCalls = e.NODMELD_SIP_VOICE_MAX_CALLS;
  if (e.NODMELD_SIP_VOICE_HANDOFF !== undefined) voice.handoff = e.NODMELD_SIP_VOICE_HANDOFF;
  if (e.NODMELD_SIP_VOICE_ANSWER_TIMEOUT_MS !== undefined)
    voice.bridgeAnswerTimeoutMs = e.NODMELD_SIP_VOICE_ANSWER_TIMEOUT_MS;
  if (Object.keys(voice).length > 0) input.voice = voice;
  const c = sipConfigSchemaChecked.safeParse(input);
  if (!c.success) throw new SipConfigError(issues(c.error, 'NODMELD_SIP_ '));
  return c.data;
}

/**
 * Resolves the network of a request from its source address (trunks) or header: a trunk with a
 * fixed network wins; a source on no trunk is refused when the default is "reject"; otherwise the
 * header, if valid; otherwise the default (RT-2, RT-3).
 */
export function createNetworkResolver(
  config: Pick<SipConfig, 'trunks' | 'defaultNetwork'>,
): (sourceAddress: string, headerValue: string | undefined) => SipConfig['defaultNetwork'] {
  const trunks = config.trunks.map((t) => {
    const list = new BlockList();
    for (const s of t.sources) {
      const [addr, bits] = s.split('/') as [string, string | undefined];
      const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(addr, type);
      else list.addSubnet(addr, Number(bits), type);
    }
    return { list, network: t.network };
  });
  // Sources are few (carrier SBCs): remember each address's trunk.
  const cache = new Map<string, { network: SipTrunk['network'] } | null>();
  return (address, header) => {
    let trunk = cache.get(address);
    if (trunk === undefined) {
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      trunk = trunks.find((t) => t.list.check(address, type)) ?? null;
      if (cache.size < 10_000) cache.set(address, trunk);
    }
    if (trunk?.network) return trunk.network;
    // With "reject", only configured trunks are trusted to say what network a call is from.
    if (!trunk && config.defaultNetwork === 'reject') return 'reject';
    if (header !== undefined) {
      const h = header.trim().toLowerCase();
      if (h === 'fixed' || h === 'mobile' || h === 'ip') return h;
    }
    return config.defaultNetwork;
  };
}
