/**
 * `npm run bench:nodnett` — LIP decoding throughput on one core (issue 14, NN-4): decodes a
 * deterministic mix of short (80 %) and long (20 %) location reports from octets, then from hex,
 * and prints decodes per second (target ≥ 1,000,000/s single core). The encoder builds the inputs
 * once; only `decodeLip` (and, in the third run, `lipFix`) is timed. Then the simulator and the
 * feed on a simulated clock, and the whole system at the issue's load (nodnett-system.ts: 10,000
 * terminals, 20 AMK consoles, safety alarm and position latencies, the server's CPU and memory).
 * BENCH_PART=decode stops before the system run.
 */
import os from 'node:os';
import { mulberry32 } from '../src/platform/seeded-random.ts';
import { decodeLip } from '../src/nodnett/lip/decode.ts';
import { encodeLip, toHex } from '../src/nodnett/lip/encode.ts';
import {
  latitudeFromCode,
  latitudeToCode,
  longitudeFromCode,
  longitudeToCode,
} from '../src/nodnett/lip/fields.ts';
import { lipFix } from '../src/nodnett/lip/fix.ts';
import type { LipPdu } from '../src/nodnett/lip/types.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const rnd = mulberry32(14);
const int = (n: number) => Math.floor(rnd() * n);

function sample(i: number): LipPdu {
  const longitude = longitudeFromCode(longitudeToCode(4 + rnd() * 27));
  const latitude = latitudeFromCode(latitudeToCode(58 + rnd() * 13));
  if (i % 5 !== 0)
    return {
      type: 'short-location-report',
      timeElapsed: int(4),
      longitude,
      latitude,
      positionError: int(8),
      horizontalVelocity: int(128),
      directionOfTravel: int(16),
      additionalData: { type: 'reason-for-sending', reason: int(3) },
    };
  return {
    type: 'long-location-report',
    time: { type: 'time-of-position', day: 1 + int(28), hour: int(24), minute: int(60), second: int(60) },
    location: { shape: 'circle', longitude, latitude, uncertainty: int(64) },
    velocity: {
      type: 5,
      horizontalVelocity: int(128),
      horizontalVelocityUncertainty: null,
      verticalVelocity: null,
      verticalVelocityUncertainty: null,
      directionOfTravelExtended: int(256),
      directionOfTravelUncertainty: null,
    },
    acknowledgementRequested: false,
    additionalData: { type: 'reason-for-sending', reason: 0 },
    optionalElements: null,
  };
}

const N = 4096;
const bytes = Array.from({ length: N }, (_, i) => encodeLip(sample(i)));
const hexes = bytes.map(toHex);

function run(label: string, body: (i: number) => boolean): void {
  // Warm up, then count decodes in SECONDS of wall time on this one thread.
  for (let i = 0; i < 200_000; i += 1) body(i & (N - 1));
  let n = 0;
  let bad = 0;
  const start = performance.now();
  const until = start + SECONDS * 1000;
  while (performance.now() < until) {
    for (let k = 0; k < 10_000; k += 1, n += 1) if (!body(n & (N - 1))) bad += 1;
  }
  const s = (performance.now() - start) / 1000;
  console.log(
    `${label.padEnd(34)} ${Math.round(n / s)
      .toLocaleString('en-US')
      .padStart(12)} decodes/s  (${n} in ${s.toFixed(2)} s${bad ? `, ${bad} FAILED` : ''})`,
  );
}

console.log(
  `LIP decode, one core — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
run('decode from octets (Uint8Array)', (i) => decodeLip(bytes[i]!).ok);
run('decode from hex string', (i) => decodeLip(hexes[i]!).ok);
const receivedAt = Date.UTC(2026, 11, 7, 6, 0, 0);
run('decode octets + position fix', (i) => {
  const r = decodeLip(bytes[i]!);
  return r.ok && lipFix(r.pdu, receivedAt).ok;
});

// The simulated network and the feed at the issue's load: 10,000 terminals reporting every 10 s
// (1,000 reports/s), run on a simulated clock as fast as this core allows — how many reports per
// real second the simulator (movement + encoding) and the feed (decoding + fix) keep up with.
{
  const { SimClock } = await import('../src/platform/time/clock.ts');
  const { createSimulatedNodnett } = await import('../src/nodnett/simulator/simulated-nodnett.ts');
  const { createTerminalFeed } = await import('../src/nodnett/terminal-feed.ts');
  const clock = new SimClock({ start: receivedAt });
  const sim = createSimulatedNodnett({ seed: 14, terminals: 10_000, clock, emergencyPerReport: 0.0001 });
  const feed = createTerminalFeed(sim);
  sim.control.start();
  clock.advance(10_000); // warm-up: one round
  const before = feed.counts();
  const simulatedSeconds = 120;
  const t0 = performance.now();
  clock.advance(simulatedSeconds * 1000);
  const s = (performance.now() - t0) / 1000;
  const c = feed.counts();
  const reports = c.positions + c.undecodable - before.positions - before.undecodable;
  console.log(
    `simulator + feed, 10,000 terminals / 10 s: ${Math.round(reports / s).toLocaleString('en-US')} reports/s ` +
      `(${simulatedSeconds} simulated s in ${s.toFixed(2)} s = ${(simulatedSeconds / s).toFixed(1)}× real time; ` +
      `${c.alarms} alarms, ${c.undecodable} undecodable)`,
  );
}

// The system at the issue's load: a server, 10,000 terminals, 20 AMK consoles (nodnett-system.ts).
if (process.env.BENCH_PART !== 'decode') {
  const { runSystem } = await import('./nodnett-system.ts');
  await runSystem();
}
