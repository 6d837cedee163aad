/**
 * SIP counters in Prometheus text format: calls by outcome, requests per method, responses per
 * code, positioning outcomes, parse errors, retransmissions and the INVITE-to-final-response time.
 * Plain maps and arrays: incrementing costs a map lookup, rendering happens only on scrape.
 */
import { renderFamily } from '../../platform/metrics.ts';
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
  0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** One labelled counter value; hot paths keep the cell and increment it without a lookup. */
export interface CounterCell {
  v: number;
}

class Counter {
  private readonly cells = new Map<string, CounterCell>();
  /** The cell for `label`, created at 0 on first use. */
  cell(label: string): CounterCell {
    let c = this.cells.get(label);
    if (!c) {
      c = { v: 0 };
      this.cells.set(label, c);
    }
    return c;
  }
  inc(label: string, by = 1): void {
    this.cell(label).v += by;
  }
  get(label: string): number {
    return this.cells.get(label)?.v ?? 0;
  }
  /** Label → value. */
  get values(): Map<string, number> {
    return new Map([...this.cells].map(([k, c]) => [k, c.v]));
  }
  samples(labelName: string): { labels: Record<string, string>; value: number }[] {
    // Cells created ahead of use (hot paths) stay out of the exposition until they count something.
    return [...this.cells].filter(([, c]) => c.v > 0).map(([k, c]) => ({ labels: { [labelName]: k }, value: c.v }));
  }
}

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

export class SipMetrics {
  readonly requests = new Counter();
  readonly responses = new Counter();
  readonly calls = new Counter();
  readonly decisions = new Counter();
  readonly positioning = new Counter();
  readonly parseErrors = new Counter();
  readonly dropped = new Counter();
  readonly retransmissionsAbsorbed = new Counter();
  readonly received = new Counter();
  /** Fallback-menu sessions by how the session id was had: stored, local-after-error, local-after-timeout, none. */
  readonly menuSessions = new Counter();
  /** TCP connections refused at accept, by reason: global-limit, per-source-limit. */
  readonly tcpRefused = new Counter();
  /** TCP connections closed by nodmeld, by reason: idle, message-timeout, write-backlog, write-stall, framing-lost. */
  readonly tcpClosed = new Counter();
  responseRetransmissions = 0;
  ackTimeouts = 0;
  /** Answered transactions ended early to make room (the transaction limits were reached). */
  transactionsEvicted = 0;
  /** Times a TCP connection's reading was paused because its peer did not read the responses. */
  tcpReadPauses = 0;
  /** The largest write backlog any TCP connection has had (bytes queued in nodmeld, beyond the kernel's buffer). */
  tcpWriteBacklogPeak = 0;
  /** UDP socket buffer sizes the kernel granted (bytes). */
  udpBuffers: { receive: number; send: number } | undefined;
  private readonly durationBuckets = new Array<number>(INVITE_DURATION_BUCKETS.length).fill(0);
  private durationSum = 0;
  private durationCount = 0;

  constructor(
    private readonly gauges: SipGauges = {
      transactions: () => 0,
      tcpConnections: () => 0,
    },
  ) {}

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
    this.durationSum += seconds;
    this.durationCount++;
    for (let i = 0; i < INVITE_DURATION_BUCKETS.length; i++) {
      if (seconds <= INVITE_DURATION_BUCKETS[i]!) this.durationBuckets[i]!++;
    }
  }

  /** Prometheus text exposition of every SIP metric. */
  render(): string {
    let out = '';
    out += renderFamily('nodmeld_sip_messages_received_total', 'counter', 'SIP messages received, by transport.', this.received.samples('transport'));
    out += renderFamily('nodmeld_sip_requests_total', 'counter', 'SIP requests received (new transactions and ACKs), by method.', this.requests.samples('method'));
    out += renderFamily('nodmeld_sip_responses_total', 'counter', 'SIP responses sent (first transmissions), by status code.', this.responses.samples('code'));
    out += renderFamily('nodmeld_sip_calls_total', 'counter', 'INVITEs to the service number, by outcome.', this.calls.samples('outcome'));
    out += renderFamily('nodmeld_sip_routing_decisions_total', 'counter', 'Routing decisions for SIP calls, by routing method.', this.decisions.samples('method'));
    out += renderFamily('nodmeld_sip_positioning_total', 'counter', 'Positioning outcomes of mobile SIP calls (RT-3).', this.positioning.samples('outcome'));
    out += renderFamily('nodmeld_sip_parse_errors_total', 'counter', 'Malformed or oversized messages, by reason.', this.parseErrors.samples('reason'));
    out += renderFamily('nodmeld_sip_dropped_total', 'counter', 'Messages dropped without an answer, by reason.', this.dropped.samples('reason'));
    out += renderFamily('nodmeld_sip_retransmissions_absorbed_total', 'counter', 'Retransmitted requests answered from their transaction.', this.retransmissionsAbsorbed.samples('kind'));
    out += renderFamily('nodmeld_sip_response_retransmissions_total', 'counter', 'Final responses re-sent by Timer G (UDP).', [{ value: this.responseRetransmissions }]);
    out += renderFamily('nodmeld_sip_ack_timeouts_total', 'counter', 'Final responses never acknowledged (Timer H).', [{ value: this.ackTimeouts }]);
    out += renderFamily('nodmeld_sip_menu_sessions_total', 'counter', 'Fallback-menu redirects by how the session id was had (RT-5).', this.menuSessions.samples('outcome'));
    out += renderFamily('nodmeld_sip_transactions', 'gauge', 'Live server transactions.', [{ value: this.gauges.transactions() }]);
    out += renderFamily('nodmeld_sip_transaction_bytes', 'gauge', 'Estimated memory of the live server transactions.', [{ value: this.gauges.transactionBytes?.() ?? 0 }]);
    out += renderFamily('nodmeld_sip_transactions_evicted_total', 'counter', 'Answered transactions ended early to make room for new ones (limits reached).', [{ value: this.transactionsEvicted }]);
    out += renderFamily('nodmeld_sip_tcp_connections', 'gauge', 'Open TCP connections.', [{ value: this.gauges.tcpConnections() }]);
    out += renderFamily('nodmeld_sip_tcp_connections_refused_total', 'counter', 'TCP connections refused at accept, by reason.', this.tcpRefused.samples('reason'));
    out += renderFamily('nodmeld_sip_tcp_connections_closed_total', 'counter', 'TCP connections closed by nodmeld, by reason.', this.tcpClosed.samples('reason'));
    out += renderFamily('nodmeld_sip_tcp_read_pauses_total', 'counter', 'Times reading a TCP connection paused because its peer did not read the responses.', [{ value: this.tcpReadPauses }]);
    out += renderFamily('nodmeld_sip_tcp_write_backlog_bytes', 'gauge', 'Responses queued for TCP peers in nodmeld, all connections.', [{ value: this.gauges.tcpWriteBacklog?.() ?? 0 }]);
    out += renderFamily('nodmeld_sip_tcp_write_backlog_peak_bytes', 'gauge', 'Largest write backlog one TCP connection has had.', [{ value: this.tcpWriteBacklogPeak }]);
    const drops = this.gauges.udpKernelDrops?.();
    if (drops !== undefined) {
      out += renderFamily('nodmeld_sip_udp_kernel_drops_total', 'counter', 'Datagrams the kernel dropped on the UDP socket (receive buffer full).', [{ value: drops }]);
    }
    if (this.udpBuffers) {
      out += renderFamily('nodmeld_sip_udp_buffer_bytes', 'gauge', 'UDP socket buffer sizes granted by the kernel.', [
        { labels: { direction: 'receive' }, value: this.udpBuffers.receive },
        { labels: { direction: 'send' }, value: this.udpBuffers.send },
      ]);
    }
    const h = 'nodmeld_sip_invite_duration_seconds';
    out += `# HELP ${h} Time from a service-number INVITE's arrival (UDP with native I/O: in the kernel, so socket queueing counts) to its final response.\n# TYPE ${h} histogram\n`;
    INVITE_DURATION_BUCKETS.forEach((le, i) => {
      out += `${h}_bucket{le="${le}"} ${this.durationBuckets[i]}\n`;
    });
    out += `${h}_bucket{le="+Inf"} ${this.durationCount}\n${h}_sum ${this.durationSum}\n${h}_count ${this.durationCount}\n`;
    return out;
  }
}
