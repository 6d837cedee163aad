/**
 * SIP counters in Prometheus text format: calls by outcome, requests per method, responses per
 * code, positioning outcomes, parse errors, retransmissions and the INVITE-to-final-response time.
 * Counting on a hot path is a cell increment; rendering happens only on scrape.
 */
import { MetricsRegistry, renderFamily, type CounterCell } from '../../platform/metrics.ts';
import { KNOWN_UNSUPPORTED_METHODS } from './message.ts';

export type CallOutcome =
  /** 302 to a centre. */
  | 'redirected'
  /** 302 to the fallback menu (RT-5). */
  | 'menu'
  | 'cancelled'
  /** Routing failed inside nodmeld (threw, rejected, answered nonsense): 302 to the fallback menu all the same (RT-5). */
  | 'failed'
  /** Source not on a trunk and no default network: 403. */
  | 'rejected'
  /** Too many live transactions: 503. */
  | 'overload';

const KNOWN_METHODS = new Set(['INVITE', 'ACK', 'CANCEL', 'OPTIONS', 'BYE', ...KNOWN_UNSUPPORTED_METHODS]);

/** Upper bounds (seconds) of the INVITE-to-final-response histogram. */
export const INVITE_DURATION_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
  10,
];

/** Values read at scrape time. */
export interface SipGauges {
  transactions: () => number;
  tcpConnections: () => number;
  /** Estimated memory of the live transactions. */
  transactionBytes?: () => number;
  /** Bytes queued for TCP peers in nodmeld (all connections). */
  tcpWriteBacklog?: () => number;
  /** Datagrams the kernel dropped on the UDP socket (receive buffer full), since it was opened. */
  udpKernelDrops?: () => number | undefined;
}

/** Status codes as strings, without a number-to-string conversion per response. */
const CODE_LABELS: string[] = Array.from({ length: 700 }, (_, i) => String(i));

/**
 * The SIP server's metrics on the platform's one metrics layer (a registry per server, added to
 * the process's registry by the telephony module). Hot paths keep cells and increment them.
 */
export class SipMetrics {
  readonly registry = new MetricsRegistry();
  private readonly r = this.registry;
  readonly received = this.r.counter({
    name: 'nodmeld_sip_messages_received_total',
    help: 'SIP messages received, by transport.',
    labels: ['transport'],
  });
  readonly requests = this.r.counter({
    name: 'nodmeld_sip_requests_total',
    help: 'SIP requests received (new transactions and ACKs), by method.',
    labels: ['method'],
  });
  readonly responses = this.r.counter({
    name: 'nodmeld_sip_responses_total',
    help: 'SIP responses sent (first transmissions), by status code.',
    labels: ['code'],
  });
  readonly calls = this.r.counter({
    name: 'nodmeld_sip_calls_total',
    help: 'INVITEs to the service number, by outcome.',
    labels: ['outcome'],
  });
  readonly decisions = this.r.counter({
    name: 'nodmeld_sip_routing_decisions_total',
    help: 'Routing decisions for SIP calls, by routing method.',
    labels: ['method'],
  });
  readonly positioning = this.r.counter({
    name: 'nodmeld_sip_positioning_total',
    help: 'Positioning outcomes of mobile SIP calls (RT-3).',
    labels: ['outcome'],
  });
  readonly parseErrors = this.r.counter({
    name: 'nodmeld_sip_parse_errors_total',
    help: 'Malformed or oversized messages, by reason.',
    labels: ['reason'],
  });
  readonly dropped = this.r.counter({
    name: 'nodmeld_sip_dropped_total',
    help: 'Messages dropped without an answer, by reason.',
    labels: ['reason'],
  });
  readonly retransmissionsAbsorbed = this.r.counter({
    name: 'nodmeld_sip_retransmissions_absorbed_total',
    help: 'Retransmitted requests answered from their transaction.',
    labels: ['kind'],
  });
  private readonly responseRetransmissionsCell = this.r
    .counter({
      name: 'nodmeld_sip_response_retransmissions_total',
      help: 'Final responses re-sent by Timer G (UDP).',
    })
    .cell();
  private readonly ackTimeoutsCell = this.r
    .counter({
      name: 'nodmeld_sip_ack_timeouts_total',
      help: 'Final responses never acknowledged (Timer H).',
    })
    .cell();
  /**
   * Voice-menu calls (mode "voice-menu") by how they ended: caller-bye, cancelled, transferred,
   * transfer-failed, no-ack, rtp-timeout, session-expired, too-long, shutdown, error; and
   * not-acceptable (488: no G.711 codec offered).
   */
  readonly voiceCalls = this.r.counter({
    name: 'nodmeld_sip_voice_calls_total',
    help: 'Voice-menu calls by how they ended (and 488 for offers without G.711).',
    labels: ['outcome'],
  });
  /** B2BUA hand-overs to a centre by outcome: answered, busy, no-answer, refused, unreachable, abandoned. */
  readonly handoffs = this.r.counter({
    name: 'nodmeld_sip_voice_handoffs_total',
    help: 'Voice-menu calls handed to a centre by nodmeld itself (B2BUA), by outcome.',
    labels: ['outcome'],
  });
  /** Fallback-menu sessions by how the session id was had: stored, local-after-error, local-after-timeout, none. */
  readonly menuSessions = this.r.counter({
    name: 'nodmeld_sip_menu_sessions_total',
    help: 'Fallback-menu redirects by how the session id was had (RT-5).',
    labels: ['outcome'],
  });
  private readonly transactionsEvictedCell = this.r
    .counter({
      name: 'nodmeld_sip_transactions_evicted_total',
      help: 'Answered transactions ended early to make room for new ones (limits reached).',
    })
    .cell();
  /** TCP connections refused at accept, by reason: global-limit, per-source-limit. */
  readonly tcpRefused = this.r.counter({
    name: 'nodmeld_sip_tcp_connections_refused_total',
    help: 'TCP connections refused at accept, by reason.',
    labels: ['reason'],
  });
  /** TCP connections closed by nodmeld, by reason: idle, message-timeout, write-backlog, write-stall, framing-lost. */
  readonly tcpClosed = this.r.counter({
    name: 'nodmeld_sip_tcp_connections_closed_total',
    help: 'TCP connections closed by nodmeld, by reason.',
    labels: ['reason'],
  });
  private readonly tcpReadPausesCell = this.r
    .counter({
      name: 'nodmeld_sip_tcp_read_pauses_total',
      help: 'Times reading a TCP connection paused because its peer did not read the responses.',
    })
    .cell();
  private readonly tcpWriteBacklogPeakCell = this.r
    .gauge({
      name: 'nodmeld_sip_tcp_write_backlog_peak_bytes',
      help: 'Largest write backlog one TCP connection has had.',
    })
    .cell();
  private readonly inviteDurations = this.r
    .histogram({
      name: 'nodmeld_sip_invite_duration_seconds',
      help: "Time from a service-number INVITE's arrival (UDP with native I/O: in the kernel, so socket queueing counts) to its final response.",
      buckets: INVITE_DURATION_BUCKETS,
    })
    .cell();
  /** UDP socket buffer sizes the kernel granted (bytes). */
  udpBuffers: { receive: number; send: number } | undefined;

  constructor(
    private readonly gauges: SipGauges = {
      transactions: () => 0,
      tcpConnections: () => 0,
    },
  ) {
    const g = this.gauges;
    this.r.gauge({
      name: 'nodmeld_sip_transactions',
      help: 'Live server transactions.',
      collect: () => g.transactions(),
    });
    this.r.gauge({
      name: 'nodmeld_sip_transaction_bytes',
      help: 'Estimated memory of the live server transactions.',
      collect: () => g.transactionBytes?.() ?? 0,
    });
    this.r.gauge({
      name: 'nodmeld_sip_tcp_connections',
      help: 'Open TCP connections.',
      collect: () => g.tcpConnections(),
    });
    this.r.gauge({
      name: 'nodmeld_sip_tcp_write_backlog_bytes',
      help: 'Responses queued for TCP peers in nodmeld, all connections.',
      collect: () => g.tcpWriteBacklog?.() ?? 0,
    });
    // Read from the kernel at scrape time; absent where the socket cannot tell.
    this.r.add(() => {
      const drops = g.udpKernelDrops?.();
      return drops === undefined
        ? ''
        : renderFamily(
            'nodmeld_sip_udp_kernel_drops_total',
            'counter',
            'Datagrams the kernel dropped on the UDP socket (receive buffer full).',
            [{ value: drops }],
          );
    });
    this.r.add(() =>
      this.udpBuffers
        ? renderFamily(
            'nodmeld_sip_udp_buffer_bytes',
            'gauge',
            'UDP socket buffer sizes granted by the kernel.',
            [
              { labels: { direction: 'receive' }, value: this.udpBuffers.receive },
              { labels: { direction: 'send' }, value: this.udpBuffers.send },
            ],
          )
        : '',
    );
  }

  // Single-value counters as numbers, so call sites and tests read and increment them plainly.
  get responseRetransmissions(): number {
    return this.responseRetransmissionsCell.v;
  }
  set responseRetransmissions(v: number) {
    this.responseRetransmissionsCell.v = v;
  }
  get ackTimeouts(): number {
    return this.ackTimeoutsCell.v;
  }
  set ackTimeouts(v: number) {
    this.ackTimeoutsCell.v = v;
  }
  /** Answered transactions ended early to make room (the transaction limits were reached). */
  get transactionsEvicted(): number {
    return this.transactionsEvictedCell.v;
  }
  set transactionsEvicted(v: number) {
    this.transactionsEvictedCell.v = v;
  }
  /** Times a TCP connection's reading was paused because its peer did not read the responses. */
  get tcpReadPauses(): number {
    return this.tcpReadPausesCell.v;
  }
  set tcpReadPauses(v: number) {
    this.tcpReadPausesCell.v = v;
  }
  /** The largest write backlog any TCP connection has had (bytes queued in nodmeld, beyond the kernel's buffer). */
  get tcpWriteBacklogPeak(): number {
    return this.tcpWriteBacklogPeakCell.v;
  }
  set tcpWriteBacklogPeak(v: number) {
    this.tcpWriteBacklogPeakCell.v = v;
  }

  // Cells of the labels every call touches, resolved once.
  private readonly inviteCell = this.requests.cell('INVITE');
  private readonly ackCell = this.requests.cell('ACK');
  private readonly responseCells: CounterCell[] = [];
  readonly udpReceived = this.received.cell('udp');

  request(method: string): void {
    if (method === 'INVITE') this.inviteCell.v++;
    else if (method === 'ACK') this.ackCell.v++;
    else this.requests.inc(KNOWN_METHODS.has(method) ? method : 'other');
  }

  /** Counts a response sent for the first time. */
  response(status: number): void {
    const cell = (this.responseCells[status] ??= this.responses.cell(CODE_LABELS[status] ?? String(status)));
    cell.v++;
  }

  /** Records the time from INVITE to its final response. */
  inviteDuration(seconds: number): void {
    this.inviteDurations.observe(seconds);
  }

  /** Prometheus text exposition of every SIP metric. */
  render(): string {
    return this.registry.render();
  }
}
