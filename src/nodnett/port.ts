/**
 * The Nødnett port: the narrow interface nodmeld uses toward the national TETRA network (NN-1 …
 * NN-4, NN-7). One implementation today, the simulator (`simulator/`); a production gateway toward
 * the network operator's interfaces implements the same interface and runs the same contract suite
 * (`testing/nodnett-contract.ts`; docs/nodnett.md, "The real gateway").
 *
 * Every operation resolves with a result value — a refusal by the network (out of coverage, group
 * full, unknown terminal) or a gateway that cannot be reached is an answer, not an exception.
 * Terminal reports arrive raw: location reports as the LIP PDU's octets (SDS protocol identifier
 * 0x0A stripped), decoded by nodmeld's own codec (`lip/`), so the simulator exercises the same
 * decoding path as production.
 */

/** A TETRA short subscriber identity (24 bits): an ISSI names a terminal, a GSSI a talk group. */
export type Ssi = number;

/** The agencies that share Nødnett. */
export type Agency = 'health' | 'police' | 'fire';
export const AGENCIES: readonly Agency[] = ['health', 'police', 'fire'];

/** Where a talk group sits in the fleet map. */
export type TalkGroupLevel = 'national' | 'regional' | 'local' | 'incident';
export const TALK_GROUP_LEVELS: readonly TalkGroupLevel[] = ['national', 'regional', 'local', 'incident'];

export interface TalkGroup {
  gssi: Ssi;
  name: string;
  level: TalkGroupLevel;
  /** Agencies whose terminals and groups are in it (a shared group has more than one). */
  agencies: Agency[];
  /** The health region or AMK area the group belongs to; null for national groups. */
  area: string | null;
  /** Most members the network allows. */
  capacity: number;
  /** Terminals (ISSIs) and other groups (GSSIs) attached now. */
  members: { terminals: Ssi[]; groups: Ssi[] };
}

/** A report a terminal sent, as the network delivers it. */
export type TerminalReport =
  | {
      kind: 'location';
      issi: Ssi;
      /** When the network received it (ISO 8601). */
      receivedAt: string;
      /** The LIP PDU's octets. */
      lip: Uint8Array;
      /** The PDU's length in bits when the carrier says (SDS type-4 does). */
      bitLength?: number;
    }
  | {
      /** A status message (16-bit pre-coded status value), e.g. the crew's "at scene". */
      kind: 'status';
      issi: Ssi;
      receivedAt: string;
      status: number;
    }
  | {
      /** The terminal's emergency button as the network signals it (not via LIP). */
      kind: 'emergency-alarm';
      issi: Ssi;
      receivedAt: string;
    }
  | {
      /**
       * An SDS-TL report (ETSI EN 300 392-2 §29.4.2.2, SDS-REPORT) from the terminal a text was
       * sent to: `consumed` — the message was read there ("SDS consumed by destination"). It
       * carries the message reference `sendText` answered with.
       */
      kind: 'sds-report';
      issi: Ssi;
      receivedAt: string;
      messageRef: number;
      report: 'consumed';
    };

/** Why one terminal or group could not be attached / reached. */
export type MemberFailure = 'out-of-coverage' | 'unknown-terminal' | 'unknown-group' | 'group-full';

/** Why an operation as a whole failed. */
export type NodnettFailure =
  'network-unavailable' | 'unknown-group' | 'not-an-incident-group' | 'unknown-conference';

export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: NodnettFailure };

/** Who joins a conference: a terminal by ISSI, or a telephone (a doctor without a terminal) by number. */
export type ConferenceParty = { kind: 'terminal'; issi: Ssi } | { kind: 'phone'; number: string };

export type PartyOutcome = 'joined' | 'no-answer' | MemberFailure;

export interface Conference {
  id: string;
  /** Connected when at least two parties joined; otherwise failed and nobody stays connected. */
  status: 'connected' | 'failed';
  parties: { party: ConferenceParty; outcome: PartyOutcome }[];
}

export interface AttachResult {
  /** Per terminal and per group asked for: attached, or why not. */
  terminals: { issi: Ssi; outcome: 'attached' | MemberFailure }[];
  groups: { gssi: Ssi; outcome: 'attached' | MemberFailure }[];
}

export type Delivery = 'delivered' | 'out-of-coverage' | 'unknown-terminal';

export interface NodnettPort {
  /**
   * Calls `handler` with every terminal report, in the order the network delivered them per
   * terminal. The handler must not throw and must not block: the gateway does not wait for it.
   */
  subscribe(handler: (report: TerminalReport) => void): () => void;
  /** The fleet map: every talk group the network has for the health service, incident groups included. */
  fleetMap(): Promise<Outcome<{ groups: TalkGroup[] }>>;
  /** Creates an incident talk group (NN-2): a new GSSI, shared by the given agencies. */
  createIncidentGroup(input: {
    name: string;
    agencies: Agency[];
    area: string | null;
  }): Promise<Outcome<{ group: TalkGroup }>>;
  /** Attaches terminals and other groups (e.g. police and fire groups) to a talk group (NN-1, NN-2). */
  attach(gssi: Ssi, members: { terminals: Ssi[]; groups: Ssi[] }): Promise<Outcome<AttachResult>>;
  /** Releases an incident talk group: its members go back to their own groups. */
  releaseIncidentGroup(gssi: Ssi): Promise<Outcome<object>>;
  /** Sets up a conference (NN-3): connected when at least two parties join, failed otherwise (with each party's outcome). */
  startConference(parties: ConferenceParty[]): Promise<Outcome<{ conference: Conference }>>;
  endConference(id: string): Promise<Outcome<object>>;
  /** Asks a terminal for its position now (LIP immediate location report request): the answer comes as a report. */
  requestLocation(issi: Ssi): Promise<Outcome<{ delivery: Delivery }>>;
  /** Sends a status message to a terminal. */
  sendStatus(issi: Ssi, status: number): Promise<Outcome<{ delivery: Delivery }>>;
  /**
   * Sends a short text (SDS over SDS-TL) to a terminal. `delivery` is the network's receipt
   * report; `messageRef` (0…255, per sender, wrapping) is the SDS-TL message reference. With
   * `consumedReport`, the terminal reports when the message is read: an `sds-report` with the same
   * reference arrives through `subscribe`.
   */
  sendText(
    issi: Ssi,
    text: string,
    options?: { consumedReport?: boolean },
  ): Promise<Outcome<{ delivery: Delivery; messageRef: number }>>;
  close(): Promise<void>;
}
