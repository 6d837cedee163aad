/**
 * The SIP user-agent client against the simulated centres over real UDP on 127.0.0.1 (RT-8): an
 * answered call (180, 200 after the delay, ACK, BYE), a busy centre (486), a centre that rings
 * without answering (CANCEL at the timeout → 487), a number nobody terminates (404), and a peer
 * that is not there (no answer at all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { buildDataSet } from '../routing/domain/testing.ts';
import { SipUserAgent } from '../telephony/sip-client/user-agent.ts';
import { startSimulatedCentres, type SimulatedCentres } from './simulated-centres.ts';

describe('SIP user agent × simulated centres (RT-8)', () => {
  let ua: SipUserAgent;
  let sim: SimulatedCentres;
  const data = buildDataSet();
  const bergen = data.centres.find((c) => c.id === 'lv-bergen')!;
  const oslo = data.centres.find((c) => c.id === 'lv-oslo')!;
  const namdal = data.centres.find((c) => c.id === 'lv-namdal')!;
  const uri = (n: string) => `sip:${n}@127.0.0.1:${sim.address.port}`;
  const call = (n: string, timeoutMs = 2_000) =>
    ua.invite({ target: sim.address, uri: uri(n), callingNumber: '11611700', timeoutMs });

  beforeAll(async () => {
    ua = await SipUserAgent.open({ t1Ms: 100 });
    sim = await startSimulatedCentres({
      answerDelayMs: 30,
      t1Ms: 100,
      behaviours: { 'lv-oslo': 'busy', 'lv-namdal': 'no-answer' },
    });
    sim.terminate(data);
  });
  afterAll(async () => {
    await ua?.close();
    await sim?.close();
  });

  it('answers: 180, then 200; the call is acknowledged and hung up', async () => {
    const before = sim.stats().byes;
    const r = await call(bergen.publicNumber);
    expect(r).toMatchObject({ status: 200, codes: [180, 200], timedOut: false });
    expect(r.answerMs).toBeGreaterThanOrEqual(0);
    await expect.poll(() => sim.stats().byes).toBe(before + 1);
    // The underlying and the alternative site's numbers are the same centre's.
    expect((await call(bergen.underlyingNumber)).status).toBe(200);
    expect((await call(bergen.alternativeSite.number)).status).toBe(200);
  });

  it('a busy centre answers 486; a number nobody terminates 404', async () => {
    expect(await call(oslo.publicNumber)).toMatchObject({ status: 486, codes: [486], answerMs: null });
    expect(await call('99999999')).toMatchObject({ status: 404, codes: [404] });
    sim.disconnectNumber(bergen.internalNumber);
    expect((await call(bergen.internalNumber)).status).toBe(404);
  });

  it('ringing without an answer is cancelled at the timeout: 487', async () => {
    const r = await call(namdal.publicNumber, 300);
    expect(r).toMatchObject({ status: 487, codes: [180, 487], timedOut: true, answerMs: null });
  });

  it('a peer that is not there: no answer, the call times out without a status', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const r = await ua.invite({
        target: { host: '127.0.0.1', port: silent.address().port },
        uri: 'sip:116117@127.0.0.1',
        callingNumber: '55000000',
        timeoutMs: 300,
      });
      expect(r).toEqual({ status: null, codes: [], answerMs: null, headers: [], timedOut: true });
    } finally {
      silent.close();
    }
  });
});
