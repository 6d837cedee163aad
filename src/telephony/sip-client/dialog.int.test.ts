/**
 * The user agent's kept dialog against a raw peer on 127.0.0.1 (SIP over UDP written by hand):
 * what the voice tests' caller relies on — a retransmitted request answered again with the same
 * answer, not a second time as a new one (RFC 3261 §17.2.2); REFER refused without a handler,
 * refused or accepted by one with the NOTIFYs of RFC 3515 §2.4.4; our re-INVITE acknowledged in
 * its own transaction for a 2xx and in the INVITE's for a refusal (§17.1.1.3).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createUdpClient, responseStatus, sipText } from '../sip/testing.ts';
import { SipUserAgent, type ClientDialog, type ReferReply } from './user-agent.ts';

type Peer = Awaited<ReturnType<typeof createUdpClient>>;
const open: { ua: SipUserAgent; peer: Peer }[] = [];

afterEach(async () => {
  for (const o of open.splice(0)) {
    o.peer.close();
    await o.ua.close();
  }
});

const header = (msg: string, name: string): string | undefined =>
  new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(msg)?.[1]?.trim();

/** A call from the user agent to the raw peer, answered 200 by it: the dialog and the peer. */
async function dialog(): Promise<{ d: ClientDialog; peer: Peer; ua: SipUserAgent }> {
  const ua = await SipUserAgent.open({ t1Ms: 100 });
  const peer = await createUdpClient(ua.address.port);
  open.push({ ua, peer });
  const outcome = ua.invite({
    target: { host: '127.0.0.1', port: peer.port },
    uri: `sip:peer@127.0.0.1:${peer.port}`,
    callingNumber: '22222222',
    timeoutMs: 5000,
    keep: true,
  });
  const invite = (await peer.next(2000))!;
  expect(invite).toMatch(/^INVITE /);
  const sdp =
    'v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 8\r\n';
  peer.send(
    sipText(
      [
        'SIP/2.0 200 OK',
        `Via: ${header(invite, 'via')}`,
        `From: ${header(invite, 'from')}`,
        `To: ${header(invite, 'to')};tag=peer1`,
        `Call-ID: ${header(invite, 'call-id')}`,
        'CSeq: 1 INVITE',
        `Contact: <sip:peer@127.0.0.1:${peer.port}>`,
        'Content-Type: application/sdp',
      ],
      sdp,
    ),
  );
  const d = (await outcome).dialog!;
  expect(d).toBeDefined();
  expect(await peer.next(2000)).toMatch(/^ACK /);
  return { d, peer, ua };
}

/** A request of the peer in the dialog (its From is the dialog's To, and the other way round). */
function peerRequest(
  d: ClientDialog,
  peer: Peer,
  method: string,
  cseq: number,
  extra: string[] = [],
): string {
  return sipText([
    `${method} sip:22222222@127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKpeer${method}${cseq}`,
    `From: ${d.state.to}`,
    `To: ${d.state.from}`,
    `Call-ID: ${d.callId}`,
    `CSeq: ${cseq} ${method}`,
    ...extra,
  ]);
}

describe('the kept dialog of the SIP user agent (issue 13: the one caller of the voice tests)', () => {
  it('answers a retransmitted request again with the same answer, and an older CSeq with 500', async () => {
    const { d, peer } = await dialog();
    const seen: string[] = [];
    d.onRequest = (r) => seen.push(r.method);
    const info = peerRequest(d, peer, 'INFO', 5);
    peer.send(info);
    const first = (await peer.next(2000))!;
    peer.send(info);
    const again = (await peer.next(2000))!;
    expect(responseStatus(first)).toBe(200);
    expect(again).toBe(first);
    expect(seen).toEqual(['INFO']); // handed on once
    peer.send(peerRequest(d, peer, 'INFO', 4));
    expect(responseStatus(await peer.next(2000))).toBe(500);
  });

  it('refuses a REFER without a handler (405, REFER not in Allow); a handler refuses it or accepts it with NOTIFYs', async () => {
    const { d, peer } = await dialog();
    peer.send(peerRequest(d, peer, 'REFER', 2, ['Refer-To: <sip:55000001@127.0.0.1>']));
    const refused = (await peer.next(2000))!;
    expect(responseStatus(refused)).toBe(405);
    expect(header(refused, 'allow')).not.toContain('REFER');

    let reply: ReferReply | undefined;
    d.onRefer = (_, r) => (reply = r);
    peer.send(peerRequest(d, peer, 'REFER', 3, ['Refer-To: <sip:55000001@127.0.0.1>']));
    expect(await peer.next(300)).toBeUndefined(); // still being decided: not answered
    reply!.refuse(603);
    expect(responseStatus(await peer.next(2000))).toBe(603);

    reply = undefined;
    peer.send(peerRequest(d, peer, 'REFER', 4, ['Refer-To: <sip:55000001@127.0.0.1>']));
    await until(() => reply !== undefined);
    const transfer = reply!.accept();
    expect(responseStatus(await peer.next(2000))).toBe(202);
    const notify = (await peer.next(2000))!;
    expect(notify).toMatch(/^NOTIFY /);
    expect(header(notify, 'event')).toBe('refer');
    expect(header(notify, 'subscription-state')).toBe('active;expires=60');
    expect(notify).toContain('\r\n\r\nSIP/2.0 100 Trying\r\n');
    peer.send(okTo(notify));
    expect(await transfer.trying).toBe(200);
    const done = transfer.done('200 OK');
    const last = (await peer.next(2000))!;
    expect(header(last, 'subscription-state')).toBe('terminated;reason=noresource');
    expect(last).toContain('\r\n\r\nSIP/2.0 200 OK\r\n');
    peer.send(okTo(last));
    expect(await done).toBe(200);
  });

  it('acknowledges its re-INVITE: a 2xx in a new transaction, a 488 in the re-INVITE’s own', async () => {
    const { d, peer } = await dialog();
    const sdp =
      'v=0\r\no=me 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n';
    const refused = d.reinvite(sdp);
    const reinvite = (await peer.next(2000))!;
    expect(reinvite).toMatch(/^INVITE /);
    peer.send(okTo(reinvite, 488));
    expect((await refused)?.status).toBe(488);
    const ack = (await peer.next(2000))!;
    expect(ack).toMatch(/^ACK /);
    expect(header(ack, 'via')).toBe(header(reinvite, 'via'));
    expect(header(ack, 'cseq')).toBe(`${/CSeq: (\d+)/i.exec(reinvite)![1]} ACK`);

    const accepted = d.reinvite(sdp);
    const second = (await peer.next(2000))!;
    peer.send(okTo(second, 200));
    expect((await accepted)?.status).toBe(200);
    const ack2 = (await peer.next(2000))!;
    expect(ack2).toMatch(/^ACK /);
    expect(header(ack2, 'via')).not.toBe(header(second, 'via'));
    expect(d.state.localSdp).toBe(sdp);
  });
});

/** The peer's answer to a request of the user agent. */
function okTo(req: string, status = 200): string {
  return sipText([
    `SIP/2.0 ${status} ${status === 200 ? 'OK' : 'Not Acceptable Here'}`,
    `Via: ${header(req, 'via')}`,
    `From: ${header(req, 'from')}`,
    `To: ${header(req, 'to')}`,
    `Call-ID: ${header(req, 'call-id')}`,
    `CSeq: ${header(req, 'cseq')}`,
  ]);
}

async function until(f: () => boolean, ms = 2000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!f()) {
    if (performance.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
