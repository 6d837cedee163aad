/**
 * The SIP server's UDP socket, behind one small interface with two implementations:
 *
 * - `native`: the bundled Node-API addon (native/sip-udp, docs/decisions/0003) watches the socket
 *   on Node's own event loop, drains it with recvmmsg into a preallocated arena and calls back once
 *   per batch; responses are copied into a second arena and leave with one sendmmsg at the end of
 *   the batch (or of the current microtask checkpoint when sent from a timer or a promise).
 * - `dgram`: node:dgram, one system call, one 64 KiB allocation and one callback per datagram.
 *
 * Contract for `onMessage`: the buffer is valid only during the call (the native arena is reused
 * by the next batch). The SIP parser copies what it keeps into strings, so this holds.
 */
import dgram from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { markAsUntransferable } from 'node:worker_threads';

/** UDP I/O implementations: `auto` takes `native` when the addon is built, else `dgram`. */
export const UDP_IO_MODES = ['auto', 'native', 'dgram'] as const;
export type UdpIo = (typeof UDP_IO_MODES)[number];

export interface UdpEndpointOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  family: 4 | 6;
  io: UdpIo;
  /** Requested SO_RCVBUF / SO_SNDBUF. */
  bufferBytes: number;
  /**
   * `receivedAt`: when the datagram arrived, in `performance.now()` milliseconds — with native I/O
   * the kernel's receive timestamp (so time spent queued in the socket counts), with dgram the
   * moment the callback runs.
   */
  onMessage(buf: Buffer, address: string, port: number, receivedAt: number): void;
  /** A send the kernel refused, a callback that threw, the socket failing (it stops receiving). */
  onError(kind: 'send' | 'handler' | 'receive', err?: unknown): void;
}

export interface UdpEndpoint {
  readonly io: 'native' | 'dgram';
  readonly port: number;
  /** What the kernel granted (Linux reports twice the usable size; halved here). */
  readonly buffers: { requested: number; receive: number; send: number };
  /** A Buffer, or latin1 text (written straight into the native send arena: no Buffer in between). */
  send(data: Buffer | string, port: number, address: string): void;
  /**
   * Datagrams the kernel dropped on this socket since it was opened (receive buffer full):
   * native from the socket itself (SO_MEMINFO, and SO_RXQ_OVFL with every datagram), dgram from
   * /proc/net/udp(6) by port. Undefined when it cannot be known.
   */
  kernelDrops(): number | undefined;
  close(): Promise<void>;
}

interface NativeAddon {
  open(
    host: string,
    port: number,
    family: number,
    bufferBytes: number,
    slotSize: number,
    inBuf: ArrayBuffer,
    inMeta: ArrayBuffer,
    outBuf: ArrayBuffer,
    outMeta: ArrayBuffer,
    onBatch: (count: number) => void,
  ): { handle: object; port: number; receiveBuffer: number; sendBuffer: number };
  send(handle: object, count: number): number;
  close(handle: object): void;
  /** Kernel drops on the socket (SO_MEMINFO), -1 when unknown. */
  drops(handle: object): number;
  /** Raw address words, then the family (4 | 6) as the fifth. */
  pton(address: string): Int32Array | null;
  maxBatch: number;
  metaWords: number;
}

const ADDON_PATH = fileURLToPath(new URL('../../../native/sip-udp/build/udp_batch.node', import.meta.url));
let addon: NativeAddon | null | undefined;
let addonError: string | undefined;

/** The native addon, or undefined with the reason in `nativeUdpUnavailableReason()`. */
export function loadNativeUdp(): NativeAddon | undefined {
  if (addon === undefined) {
    if (!existsSync(ADDON_PATH)) {
      addon = null;
      addonError = `${ADDON_PATH} is not built (npm run build:native)`;
    } else {
      try {
        addon = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
      } catch (e) {
        addon = null;
        addonError = e instanceof Error ? e.message : String(e);
      }
    }
  }
  return addon ?? undefined;
}

export function nativeUdpUnavailableReason(): string | undefined {
  loadNativeUdp();
  return addonError;
}

/** Opens and binds the socket; rejects with the system error (EADDRINUSE …) like dgram's bind. */
export async function openUdpEndpoint(opts: UdpEndpointOptions): Promise<UdpEndpoint> {
  if (opts.io !== 'dgram') {
    const native = loadNativeUdp();
    if (native) return new NativeUdpEndpoint(native, opts);
    if (opts.io === 'native')
      throw new Error(`NODMELD_SIP_UDP_IO=native, but the addon cannot be loaded: ${addonError}`);
  }
  return openDgramEndpoint(opts);
}

/**
 * A receive slot holds the largest UDP payload, so an oversized request arrives whole, like from
 * dgram, and can be answered with 513 (its headers are readable). 64 slots: 4 MiB.
 */
const SLOT_BYTES = 65536;
/** Send arena: responses are small (a 302 is ~600 bytes); a full arena is flushed first. */
const OUT_BYTES = 512 * 1024;
const OUT_SLOTS = 512;
const ADDRESS_CACHE_LIMIT = 4096;

class NativeUdpEndpoint implements UdpEndpoint {
  readonly io = 'native' as const;
  readonly port: number;
  readonly buffers: { requested: number; receive: number; send: number };
  private readonly handle: object;
  private readonly slotSize: number;
  private readonly inView: Buffer;
  private readonly inMeta: Int32Array;
  private readonly inBytes: Uint8Array;
  private readonly outView: Buffer;
  private readonly outMeta: Int32Array;
  private readonly words: number;
  private outCount = 0;
  private outOffset = 0;
  private inBatch = false;
  private flushQueued = false;
  private closed = false;
  /** The highest kernel drop counter seen with a datagram (SO_RXQ_OVFL). */
  private overflowDrops = 0;
  /** Source address (IPv4 as its int32 word) → text, and text → the raw words for sending. */
  private readonly v4Names = new Map<number, string>();
  private readonly rawByName = new Map<string, Int32Array>();
  private readonly flushLater = (): void => {
    this.flushQueued = false;
    this.flush();
  };

  constructor(
    private readonly native: NativeAddon,
    private readonly opts: UdpEndpointOptions,
  ) {
    this.words = native.metaWords;
    this.slotSize = SLOT_BYTES;
    const inBuf = new ArrayBuffer(this.slotSize * native.maxBatch);
    const inMeta = new ArrayBuffer(native.maxBatch * this.words * 4);
    const outBuf = new ArrayBuffer(OUT_BYTES);
    const outMeta = new ArrayBuffer(OUT_SLOTS * this.words * 4);
    // The addon holds raw pointers into these: postMessage/structuredClone must copy, never detach them.
    for (const b of [inBuf, inMeta, outBuf, outMeta]) markAsUntransferable(b);
    this.inView = Buffer.from(inBuf);
    this.inMeta = new Int32Array(inMeta);
    this.inBytes = new Uint8Array(inMeta);
    this.outView = Buffer.from(outBuf);
    this.outMeta = new Int32Array(outMeta);
    const r = native.open(
      opts.host,
      opts.port,
      opts.family,
      opts.bufferBytes,
      this.slotSize,
      inBuf,
      inMeta,
      outBuf,
      outMeta,
      (n) => this.onBatch(n),
    );
    this.handle = r.handle;
    this.port = r.port;
    this.buffers = { requested: opts.bufferBytes, receive: r.receiveBuffer / 2, send: r.sendBuffer / 2 };
  }

  private onBatch(count: number): void {
    if (count < 0) {
      // The watcher stopped: a socket error (libuv's code), or -1 for an arena that was detached.
      this.opts.onError('receive', new Error(`SIP UDP socket stopped receiving (${count})`));
      return;
    }
    const meta = this.inMeta;
    const w = this.words;
    const batchAt = performance.now();
    this.inBatch = true;
    try {
      for (let i = 0; i < count && !this.closed; i++) {
        const m = i * w;
        // Truncated (cannot happen with 64 KiB slots): whole slot, refused as too large downstream.
        const length = meta[m + 1] === 1 ? this.slotSize : meta[m]!;
        const start = i * this.slotSize;
        const address = meta[m + 3] === 4 ? this.v4Name(meta[m + 4]!) : this.v6Name(m);
        const waitedUs = meta[m + 8]!;
        const drops = meta[m + 9]! >>> 0;
        if (drops > this.overflowDrops) this.overflowDrops = drops;
        try {
          this.opts.onMessage(
            this.inView.subarray(start, start + length),
            address,
            meta[m + 2]!,
            waitedUs > 0 ? batchAt - waitedUs / 1000 : batchAt,
          );
        } catch (e) {
          this.opts.onError('handler', e);
        }
      }
    } finally {
      this.inBatch = false;
      this.flush();
    }
  }

  private v4Name(word: number): string {
    let name = this.v4Names.get(word);
    if (name === undefined) {
      const b = new Uint8Array(Int32Array.of(word).buffer);
      name = `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
      if (this.v4Names.size >= ADDRESS_CACHE_LIMIT) this.v4Names.clear();
      this.v4Names.set(word, name);
    }
    return name;
  }

  private v6Name(metaIndex: number): string {
    const off = (metaIndex + 4) * 4;
    return formatIpv6(this.inBytes.subarray(off, off + 16));
  }

  /** The address as raw words for this socket's family (IPv4 on a dual-stack IPv6 socket: mapped). */
  private rawAddress(address: string): Int32Array | undefined {
    let raw = this.rawByName.get(address);
    if (raw === undefined) {
      const parsed = this.native.pton(address);
      if (parsed === null) return undefined;
      raw = toFamily(parsed, this.opts.family);
      if (raw === undefined) return undefined;
      if (this.rawByName.size >= ADDRESS_CACHE_LIMIT) this.rawByName.clear();
      this.rawByName.set(address, raw);
    }
    return raw;
  }

  send(data: Buffer | string, port: number, address: string): void {
    if (this.closed) return;
    const raw = this.rawAddress(address);
    // latin1: one byte per character, so the length is known before writing.
    const length = data.length;
    if (raw === undefined || length > OUT_BYTES) {
      this.opts.onError('send', new Error(`cannot send ${length} bytes to ${address}`));
      return;
    }
    if (this.outCount === OUT_SLOTS || this.outOffset + length > OUT_BYTES) this.flush();
    if (typeof data === 'string') this.outView.write(data, this.outOffset, length, 'latin1');
    else data.copy(this.outView, this.outOffset);
    const m = this.outCount * this.words;
    const meta = this.outMeta;
    meta[m] = this.outOffset;
    meta[m + 1] = length;
    meta[m + 2] = port;
    meta[m + 3] = this.opts.family;
    meta[m + 4] = raw[0]!;
    meta[m + 5] = raw[1]!;
    meta[m + 6] = raw[2]!;
    meta[m + 7] = raw[3]!;
    meta[m + 8] = 0;
    meta[m + 9] = 0;
    this.outCount++;
    this.outOffset += length;
    if (!this.inBatch && !this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flushLater);
    }
  }

  kernelDrops(): number {
    const now = this.closed ? -1 : this.native.drops(this.handle);
    return Math.max(now, this.overflowDrops);
  }

  private flush(): void {
    // After close the addon frees the endpoint: never call into it again.
    if (this.outCount === 0 || this.closed) return;
    const count = this.outCount;
    this.outCount = 0;
    this.outOffset = 0;
    const refused = this.native.send(this.handle, count);
    for (let i = 0; i < refused; i++) this.opts.onError('send');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.native.close(this.handle);
  }
}

/** Raw words of `pton` (address + family) for a socket of `family`, or undefined when unreachable from it. */
function toFamily(parsed: Int32Array, family: 4 | 6): Int32Array | undefined {
  const bytes = new Uint8Array(parsed.buffer, parsed.byteOffset, 16);
  const from = parsed[4];
  if (from === family) return parsed.subarray(0, 4);
  const out = new Uint8Array(16);
  if (from === 4 && family === 6) {
    // IPv4 from a dual-stack IPv6 socket: ::ffff:a.b.c.d.
    out[10] = 0xff;
    out[11] = 0xff;
    out.set(bytes.subarray(0, 4), 12);
    return new Int32Array(out.buffer);
  }
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (from === 6 && family === 4 && mapped) {
    out.set(bytes.subarray(12, 16), 0);
    return new Int32Array(out.buffer);
  }
  return undefined;
}

/**
 * Text form of an IPv6 address exactly as node:dgram reports it (libuv's inet_ntop: RFC 5952, plus
 * the dotted tail of IPv4-mapped and IPv4-compatible addresses).
 */
export function formatIpv6(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // Longest run of two or more zero groups becomes "::" (the first one on a tie).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && groups[5] === 0xffff))) {
    return `::${bestLen === 5 ? 'ffff:' : ''}${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

async function openDgramEndpoint(opts: UdpEndpointOptions): Promise<UdpEndpoint> {
  // Responses always go to literal addresses: resolve them synchronously instead of through
  // dns.lookup, which defers every send to the next tick.
  const sock = dgram.createSocket({
    type: opts.family === 6 ? 'udp6' : 'udp4',
    lookup: literalLookup as unknown as dgram.SocketOptions['lookup'],
  });
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(opts.port, opts.host, () => {
      sock.off('error', reject);
      resolve();
    });
  });
  const buffers = setDgramBuffers(sock, opts.bufferBytes);
  sock.on('error', (err) => opts.onError('send', err));
  sock.on('message', (msg, rinfo) => {
    try {
      opts.onMessage(msg, rinfo.address, rinfo.port, performance.now());
    } catch (e) {
      opts.onError('handler', e);
    }
  });
  let closed = false;
  const port = sock.address().port;
  return {
    io: 'dgram',
    port,
    buffers,
    kernelDrops: () => procUdpDrops(port),
    send: (buf, port, address) => {
      if (!closed) sock.send(typeof buf === 'string' ? Buffer.from(buf, 'latin1') : buf, port, address);
    },
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => sock.close(() => resolve()));
    },
  };
}

/**
 * The kernel's drop count of the UDP sockets bound to `port` and connected to no peer, from
 * /proc/net/udp and /proc/net/udp6 (node:dgram does not expose the socket's own counter). Undefined
 * when /proc cannot be read or no such socket is listed.
 */
export function procUdpDrops(port: number, files = ['/proc/net/udp', '/proc/net/udp6']): number | undefined {
  const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let found = false;
  let drops = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops"
    for (const line of text.split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 13 || !f[1]!.endsWith(local) || !/^0+:0000$/.test(f[2]!)) continue;
      found = true;
      drops += Number(f[f.length - 1]) || 0;
    }
  }
  return found ? drops : undefined;
}

/** dgram's lookup hook for literal IP addresses (dgram calls it as lookup(address, family, cb)). */
function literalLookup(
  address: string,
  family: number,
  cb: (err: Error | null, address: string, family: number) => void,
): void {
  cb(null, address, family);
}

/**
 * Asks for large UDP buffers so bursts queue in the kernel instead of being dropped, and returns
 * what the kernel granted (Linux reports twice the usable size and caps at rmem_max/wmem_max).
 */
function setDgramBuffers(
  sock: dgram.Socket,
  bytes: number,
): { requested: number; receive: number; send: number } {
  for (const set of [(n: number) => sock.setRecvBufferSize(n), (n: number) => sock.setSendBufferSize(n)]) {
    try {
      set(bytes);
    } catch {
      // Refused: the default buffers work, with more drops under bursts.
    }
  }
  const get = (fn: () => number): number => {
    try {
      return fn();
    } catch {
      return 0;
    }
  };
  return {
    requested: bytes,
    receive: get(() => sock.getRecvBufferSize() / 2),
    send: get(() => sock.getSendBufferSize() / 2),
  };
}
