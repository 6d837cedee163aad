/**
 * Stopping the system closes the HTTP server, also one bound on `app` outside `System.listen()`
 * (the test app and the benchmarks listen themselves), with its idle keep-alive connections. Before,
 * `stop()` closed the app only through the listener `listen()` registers, so such a server and
 * its keep-alive sockets stayed open and kept the process alive (`npm run bench:calls` printed its
 * results and never exited; issue 10).
 */
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { dbKinds } from './db/testing.ts';
import { createTestApp } from './testing/app.ts';

/** One GET on a keep-alive socket; resolves with the status and the socket, left open. */
function getKeepAlive(port: number, agent: http.Agent): Promise<{ status: number; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket! }));
    });
    req.on('error', reject);
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe.each(dbKinds())('System.stop (%s)', (kind) => {
  it('closes a server bound on the app outside listen(), and its idle keep-alive connections', async () => {
    const t = await createTestApp({ kind });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as net.AddressInfo).port;
    const agent = new http.Agent({ keepAlive: true });
    try {
      const { socket } = await getKeepAlive(port, agent);
      expect(socket.destroyed).toBe(false);
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

      await t.close();

      await closed; // the server ended the idle keep-alive connection
      expect(t.app.server.listening).toBe(false);
      expect(await connects(port)).toBe(false);
      await t.system.stop(); // idempotent
    } finally {
      agent.destroy();
    }
  });
});
