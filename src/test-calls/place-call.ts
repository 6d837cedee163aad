/**
 * One test call over real SIP (RT-8): to a centre's public 8-digit number at the centres' trunk
 * (or the simulated centres), or to 116117 at the redirect server as a fixed-line caller from a
 * municipality — the redirect server decides it through routing's one decide-call path, exactly
 * as a carrier's call — and then on to where the 302's Contact points, as the carrier's switch
 * would. A Contact at the runner's own address (the redirect server's default gateway
 * `{source}`: "route the underlying number yourself") is sent to the centres' trunk.
 */
import { headerValue, type SipHeader } from '../telephony/sip/message.ts';
import { addressUri, numberFromUri } from '../telephony/sip/uri.ts';
import type { InviteOutcome, SipTarget, SipUserAgent } from '../telephony/sip-client/user-agent.ts';
import type { RoutingDataSet } from '../routing/domain/types.ts';
import { centreOfNumber, type PlannedCall } from './domain/plan.ts';
import { verdictOf } from './domain/verdict.ts';
import type { Verdict } from './domain/vocabulary.ts';
import { testCallId } from './domain/test-call-id.ts';

/** What one call found, before it is stored. */
export interface CallRecord {
  reachedCentreId: string | null;
  connectedNumber: string | null;
  routeMethod: string | null;
  alternativeSite: boolean;
  answered: boolean;
  answerMs: number | null;
  dataVersion: number | null;
  sipCodes: number[];
  verdict: Verdict;
}

export interface CallPlacerDeps {
  ua: SipUserAgent;
  /** The 116117 redirect server. */
  redirect: SipTarget;
  /** Where numbers are called: the centres' trunk or the simulated centres. */
  centres: () => SipTarget;
  /** The routing data in force and its version. */
  data: () => { version: number; data: RoutingDataSet };
  headerPrefix: string;
  /** Per-hop safety timeout (ms); the run's per-call abort normally ends a call first. */
  hopTimeoutMs: number;
}

/** A Contact's URI split into its number and next hop (null parts when it names none). */
export function contactTarget(contact: string | undefined): {
  number: string | null;
  target: SipTarget | null;
  uri: string | null;
} {
  const uri = contact ? (addressUri(contact) ?? null) : null;
  if (!uri) return { number: null, target: null, uri: null };
  const number = numberFromUri(uri) ?? null;
  const m = /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;>?]+)(?::(\d+))?/i.exec(uri);
  const host = m?.[1]?.replace(/^\[|\]$/g, '');
  return { number, target: host ? { host, port: m?.[2] ? Number(m[2]) : 5060 } : null, uri };
}

const sameTarget = (a: SipTarget, b: SipTarget) => a.port === b.port && a.host === b.host;

/** Places the planned call and reports what it found; never throws for a SIP outcome. */
export async function placeCall(
  deps: CallPlacerDeps,
  runId: string,
  call: PlannedCall,
  signal: AbortSignal,
): Promise<CallRecord> {
  const { version, data } = deps.data();
  if (call.callingNumber === null) {
    return {
      reachedCentreId: null,
      connectedNumber: null,
      routeMethod: null,
      alternativeSite: false,
      answered: false,
      answerMs: null,
      dataVersion: version,
      sipCodes: [],
      verdict: 'no-caller-number',
    };
  }
  const callId = testCallId(runId, call.key);
  const hop = (target: SipTarget, uri: string, headers: string[] = []): Promise<InviteOutcome> =>
    deps.ua.invite({
      target,
      uri,
      callingNumber: call.callingNumber!,
      headers,
      timeoutMs: deps.hopTimeoutMs,
      callId,
      signal,
    });
  const numberUri = (n: string, t: SipTarget) =>
    `sip:${n}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port};user=phone`;

  let codes: number[] = [];
  let connected: string | null = call.target;
  let routeMethod: string | null = null;
  let alternativeSite = false;
  let dataVersion: number | null = version;
  let last: InviteOutcome;
  if (call.kind === 'direct') {
    const t = deps.centres();
    last = await hop(t, numberUri(call.target, t));
    codes = last.codes;
  } else {
    const first = await hop(deps.redirect, numberUri(call.target, deps.redirect), [
      `${deps.headerPrefix}Network: fixed`,
    ]);
    codes = [...first.codes];
    const h = (name: string) => header(first.headers, `${deps.headerPrefix}${name}`);
    routeMethod = h('Method') ?? null;
    alternativeSite = h('Alternative-Site') === 'yes';
    const v = Number(h('Data-Version'));
    if (Number.isInteger(v) && v > 0) dataVersion = v;
    last = first;
    connected = null;
    if (first.status !== null && first.status >= 300 && first.status < 400) {
      const contact = contactTarget(header(first.headers, 'contact'));
      connected = contact.number;
      if (contact.target && contact.uri && !signal.aborted) {
        // The redirect back to us (`{source}`) means: the carrier routes the number itself.
        const own =
          sameTarget(contact.target, deps.ua.address) ||
          (contact.target.port === deps.ua.address.port && isLoopback(contact.target.host));
        const next = own ? deps.centres() : contact.target;
        last = await hop(next, own && contact.number ? numberUri(contact.number, next) : contact.uri);
        codes.push(...last.codes);
      }
    }
  }
  const someoneThere =
    last.status !== null &&
    (last.status < 300 || last.status === 486 || last.status === 600 || last.status === 487);
  const reachedCentreId =
    connected && (someoneThere || last.codes.some((c) => c === 180 || c === 183))
      ? centreOfNumber(data, connected)
      : null;
  const answered = last.status !== null && last.status >= 200 && last.status < 300;
  const rang = last.codes.some((c) => c >= 180 && c < 200);
  return {
    reachedCentreId,
    connectedNumber: connected,
    routeMethod,
    alternativeSite,
    answered,
    answerMs: answered ? last.answerMs : null,
    dataVersion,
    sipCodes: codes,
    verdict: verdictOf(call, { finalStatus: last.status, timedOut: last.timedOut, rang, reachedCentreId }),
  };
}

function header(headers: SipHeader[], name: string): string | undefined {
  return headerValue({ headers }, name.toLowerCase());
}

const isLoopback = (h: string) => h === '127.0.0.1' || h === '::1' || h === 'localhost';
