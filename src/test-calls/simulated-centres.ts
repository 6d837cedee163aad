/**
 * Simulated legevaktsentraler for demo and test deployments (RT-8; docs/test-calls.md): one UDP
 * SIP listener that answers INVITEs for every centre's numbers by Request-URI — the public
 * 8-digit number, the underlying number 116117 is routed to, the alternative site's number — as
 * a small user-agent server: 180 Ringing at once, 200 OK after a configurable delay (then ACK and
 * BYE); or, to test the faults, ringing that is never answered (until the caller's CANCEL: 487) or
 * 486 Busy Here. A number it does not know is not terminated: 404.
 *
 * Which numbers are terminated is a snapshot taken when it starts (or `terminate` is called), not
 * the routing data in force: a data activation that points a municipality at a number no centre
 * answers is exactly what the test calls must catch.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import type { RoutingDataSet } from '../routing/domain/types.ts';
import { headerValues, type SipRequest } from '../telephony/sip/message.ts';
import { parseSipMessage } from '../telephony/sip/parser.ts';
import { numberFromUri } from '../telephony/sip/uri.ts';
import type { SimulatedBehaviour } from './domain/vocabulary.ts';

export interface SimulatedCentresOptions {
  host?: string;
  /** 0: any free port. */
  port?: number;
  /** Delay before a centre that answers sends 200 OK (ms). */
  answerDelayMs: number;
  /** Behaviour per centre id (default: answer). */
  behaviours?: Readonly<Record<string, SimulatedBehaviour>>;
  /** RFC 3261 T1 (ms) for the 200's retransmission until the ACK. */
  t1Ms?: number;
}

export interface SimulatedCentres {
  readonly address: { host: string; port: number };
  /** Terminates the numbers of every centre of a data set at that centre (adds to what is there). */
  terminate(data: RoutingDataSet): void;
  /** Terminates one number at a centre. */
  terminateNumber(number: string, centreId: string): void;
  /** Removes a number (it answers 404 from now on). */
  disconnectNumber(number: string): void;
  setBehaviour(centreId: string, behaviour: SimulatedBehaviour): void;
  /** The delay before 200 OK from now on (ms). */
  setAnswerDelay(ms: number): void;
  /** INVITEs received, answered and hung up, per centre (tests, the bench). */
  stats(): { invites: number; answered: number; byes: number; perCentre: Record<string, number> };
  close(): Promise<void>;
}

interface Dialog {
  centreId: string;
  /** The response last sent for the INVITE (answers a retransmission). */
  last: string;
  toTag: string;
  answerTimer?: NodeJS.Timeout;
  retransmitTimer?: NodeJS.Timeout;
  acked: boolean;
  done: boolean;
}

const MAX_DATAGRAM = 65_507;

/** Starts the simulated centres' listener. */
export async function startSimulatedCentres(opts: SimulatedCentresOptions): Promise<SimulatedCentres> {
  const host = opts.host ?? '127.0.0.1';
  const t1 = opts.t1Ms ?? 500;
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(opts.port ?? 0, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => {});
  const port = socket.address().port;
  const numbers = new Map<string, string>();
  const behaviours = new Map<string, SimulatedBehaviour>(Object.entries(opts.behaviours ?? {}));
  const dialogs = new Map<string, Dialog>();
  const byCallId = new Map<string, Dialog>();
  let answerDelayMs = opts.answerDelayMs;
  const counts = { invites: 0, answered: 0, byes: 0, perCentre: {} as Record<string, number> };
  const hostPort = `${host.includes(':') ? `[${host}]` : host}:${port}`;

  const send = (text: string, rinfo: dgram.RemoteInfo) => {
    socket.send(Buffer.from(text, 'latin1'), rinfo.port, rinfo.address);
  };
  const response = (
    req: SipRequest,
    status: number,
    reason: string,
    toTag: string | null,
    extra: string[] = [],
    body = '',
    cseqMethod = req.cseqMethod,
  ) => {
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...headerValues(req, 'via').map((v) => `Via: ${v}`),
      `From: ${req.from}`,
      `To: ${req.to}${toTag && !req.toTag ? `;tag=${toTag}` : ''}`,
      `Call-ID: ${req.callId}`,
      `CSeq: ${req.cseq} ${cseqMethod}`,
      'Server: nodmeld-simulated-centre',
      ...extra,
      `Content-Length: ${Buffer.byteLength(body, 'latin1')}`,
    ];
    return `${lines.join('\r\n')}\r\n\r\n${body}`;
  };
  const sdpAnswer = () =>
    [
      'v=0',
      `o=centre 1 1 IN IP4 ${host}`,
      's=-',
      `c=IN IP4 ${host}`,
      't=0 0',
      'm=audio 9 RTP/AVP 8',
      'a=inactive',
      '',
    ].join('\r\n');

  const onInvite = (req: SipRequest, rinfo: dgram.RemoteInfo) => {
    const key = `${req.callId}|${req.via[0]?.branch ?? ''}`;
    const known = dialogs.get(key);
    if (known) {
      send(known.last, rinfo);
      return;
    }
    counts.invites++;
    const number = numberFromUri(req.uri);
    const centreId = number ? numbers.get(number) : undefined;
    if (!centreId) {
      send(response(req, 404, 'Not Found', randomBytes(4).toString('hex')), rinfo);
      return;
    }
    counts.perCentre[centreId] = (counts.perCentre[centreId] ?? 0) + 1;
    const toTag = randomBytes(4).toString('hex');
    const behaviour = behaviours.get(centreId) ?? 'answer';
    if (behaviour === 'busy') {
      const busy = response(req, 486, 'Busy Here', toTag);
      dialogs.set(key, { centreId, last: busy, toTag, acked: false, done: true });
      scheduleForget(key);
      send(busy, rinfo);
      return;
    }
    const ringing = response(req, 180, 'Ringing', toTag);
    const dialog: Dialog = { centreId, last: ringing, toTag, acked: false, done: false };
    dialogs.set(key, dialog);
    byCallId.set(req.callId, dialog);
    send(ringing, rinfo);
    if (behaviour === 'no-answer') {
      // Forgotten after 64·T1 like any transaction: a caller that never cancels holds nothing.
      scheduleForget(key);
      return;
    }
    dialog.answerTimer = setTimeout(() => {
      if (dialog.done) return;
      dialog.done = true;
      counts.answered++;
      dialog.last = response(
        req,
        200,
        'OK',
        toTag,
        [`Contact: <sip:${number}@${hostPort}>`, 'Content-Type: application/sdp'],
        sdpAnswer(),
      );
      let interval = t1;
      const again = () => {
        if (dialog.acked) return;
        send(dialog.last, rinfo);
        interval = Math.min(interval * 2, 4 * t1);
        dialog.retransmitTimer = setTimeout(again, interval);
        dialog.retransmitTimer.unref();
      };
      again();
      scheduleForget(key);
    }, answerDelayMs);
    dialog.answerTimer.unref();
  };

  const scheduleForget = (key: string) => {
    setTimeout(() => {
      const d = dialogs.get(key);
      if (d?.retransmitTimer) clearTimeout(d.retransmitTimer);
      dialogs.delete(key);
      if (d && byCallId.get(key.slice(0, key.indexOf('|'))) === d)
        byCallId.delete(key.slice(0, key.indexOf('|')));
    }, 64 * t1).unref();
  };

  /** The INVITE's dialog of an ACK or BYE: by Call-ID (one INVITE per Call-ID here). */
  const dialogOf = (req: SipRequest): Dialog | undefined => byCallId.get(req.callId);

  socket.on('message', (msg, rinfo) => {
    const parsed = parseSipMessage(msg, { maxMessageBytes: MAX_DATAGRAM, datagram: true });
    if (!parsed.ok || parsed.message.type !== 'request') return;
    const req = parsed.message;
    switch (req.method) {
      case 'INVITE':
        onInvite(req, rinfo);
        return;
      case 'ACK': {
        const d = dialogOf(req);
        if (d) {
          d.acked = true;
          if (d.retransmitTimer) clearTimeout(d.retransmitTimer);
        }
        return;
      }
      case 'CANCEL': {
        const key = `${req.callId}|${req.via[0]?.branch ?? ''}`;
        const d = dialogs.get(key);
        if (!d) {
          send(response(req, 481, 'Call/Transaction Does Not Exist', null), rinfo);
          return;
        }
        send(response(req, 200, 'OK', d.toTag), rinfo);
        if (!d.done) {
          d.done = true;
          if (d.answerTimer) clearTimeout(d.answerTimer);
          // The 487 answers the INVITE: its CSeq method is INVITE.
          d.last = response(req, 487, 'Request Terminated', d.toTag, [], '', 'INVITE');
          send(d.last, rinfo);
          scheduleForget(key);
        }
        return;
      }
      case 'BYE':
        counts.byes++;
        send(response(req, 200, 'OK', null), rinfo);
        return;
      case 'OPTIONS':
        send(
          response(req, 200, 'OK', randomBytes(4).toString('hex'), [
            'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS',
          ]),
          rinfo,
        );
        return;
      default:
        send(
          response(req, 405, 'Method Not Allowed', randomBytes(4).toString('hex'), [
            'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS',
          ]),
          rinfo,
        );
    }
  });

  return {
    address: { host, port },
    terminate(data) {
      for (const c of data.centres) {
        numbers.set(c.publicNumber, c.id);
        numbers.set(c.underlyingNumber, c.id);
        numbers.set(c.alternativeSite.number, c.id);
      }
    },
    terminateNumber: (number, centreId) => void numbers.set(number, centreId),
    disconnectNumber: (number) => void numbers.delete(number),
    setBehaviour: (centreId, behaviour) => void behaviours.set(centreId, behaviour),
    setAnswerDelay: (ms) => void (answerDelayMs = ms),
    stats: () => ({ ...counts, perCentre: { ...counts.perCentre } }),
    async close() {
      for (const d of dialogs.values()) {
        if (d.answerTimer) clearTimeout(d.answerTimer);
        if (d.retransmitTimer) clearTimeout(d.retransmitTimer);
      }
      dialogs.clear();
      byCallId.clear();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
