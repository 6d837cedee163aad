/**
 * The AMK's alert channel over Nødnett (AMK-2, AMK-3, NN-6; docs/amk.md, "Delivery over Nødnett"):
 * a triple alert goes as an SDS to the dispatch position of the police district's operations
 * centre, the 110 centre or the rescue coordination centre that covers the incident's municipality
 * (the operations-centre directory); a first-responder alert to the group's own terminal; a
 * dispatch (utalarmering) to the unit's terminal, followed by the "dispatched" status. A consumed
 * report is requested: when the recipient reads it, the terminal feed hands the report to the AMK,
 * which records the acknowledgement with its time.
 *
 * Never throws: a network that cannot be reached, a terminal out of coverage or unknown, a
 * recipient the directory has no centre for are outcomes the AMK's delivery worker logs, retries
 * or gives up on.
 */
import type { AlertChannel, ChannelResult, OutboundAlert } from '../amk/alert-delivery/alert-channel.ts';
import type { RoutingRuntime } from '../routing/runtime.ts';
import type { OperationsCentreDirectory } from './operations-centres.ts';
import type { NodnettPort } from './port.ts';

/** Most characters a text SDS carries here (SDS type 4, 8-bit text: 2,047 bits less the header). */
export const MAX_SDS_CHARS = 250;

export interface AlertTextInput {
  alert: OutboundAlert;
  amkName: string;
  amkNumber: string | null;
  municipalityName: string;
}

const coordinate = (lat: number, lon: number) =>
  `${Math.abs(lat).toFixed(4)}${lat >= 0 ? 'N' : 'S'} ${Math.abs(lon).toFixed(4)}${lon >= 0 ? 'Ø' : 'V'}`;

/**
 * The message as the recipient reads it on the terminal: bokmål (Norwegian operations centres and
 * crews read it; a terminal has no language setting), what, where, how urgent, whom to call, and a
 * short reference. Cut to `MAX_SDS_CHARS`.
 */
/** The first word of a first-responder alert's text (the simulated groups answer what starts so). */
export const FIRST_RESPONDER_ALERT_HEAD = 'AKUTTHJELPERVARSEL';

export function alertText(i: AlertTextInput): string {
  const a = i.alert;
  const head =
    a.kind === 'triple-alert'
      ? 'TRIPPELVARSLING'
      : a.kind === 'dispatch' && a.to.kind === 'terminal'
        ? `UTALARMERING ${a.to.callSign}`
        : FIRST_RESPONDER_ALERT_HEAD;
  const from = `fra ${i.amkName}${i.amkNumber ? ` tlf ${i.amkNumber}` : ''}`;
  const urgency = a.urgency ? ` Hastegrad: ${a.urgency}.` : '';
  const place = ` Sted: ${i.municipalityName} (${a.location.municipality}) ${coordinate(a.location.lat, a.location.lon)}.`;
  const tail = ` Ref ${a.alertId.slice(0, 8)}.`;
  const text = `${head} ${from}.${urgency}${place}${tail}`;
  return text.length <= MAX_SDS_CHARS ? text : `${text.slice(0, MAX_SDS_CHARS - 1)}…`;
}

export function nodnettAlertChannel(o: {
  port: NodnettPort;
  directory: OperationsCentreDirectory;
  runtime: RoutingRuntime;
  /** The status plan's value for "dispatched": sent to a dispatched unit's terminal after the text. */
  dispatchStatus?: number | null;
}): AlertChannel {
  let names: {
    version: number;
    municipalities: Map<string, { name: string; county: string }>;
    amks: Map<string, { name: string; number: string }>;
  } | null = null;
  const lookup = () => {
    if (!o.runtime.hasData()) return null;
    const s = o.runtime.current();
    if (names?.version !== s.version)
      names = {
        version: s.version,
        municipalities: new Map(
          s.data.municipalities.map((m) => [m.number, { name: m.name, county: m.countyNumber }]),
        ),
        amks: new Map(s.data.amkCentres.map((a) => [a.id, { name: a.name, number: a.internalNumber }])),
      };
    return names;
  };
  return {
    async deliver(alert): Promise<ChannelResult> {
      const none = { addressIssi: null, addressName: null, messageRef: null };
      try {
        const n = lookup();
        const m = n?.municipalities.get(alert.location.municipality);
        let issi: number;
        let name: string;
        if (alert.to.kind === 'agency') {
          const centre = o.directory.resolve(alert.to.agency, alert.location.municipality, m?.county);
          if (!centre) return { outcome: 'no-address', ...none };
          issi = centre.issi;
          name = centre.name;
        } else {
          if (!/^\d{1,8}$/.test(alert.to.issi)) return { outcome: 'unknown-terminal', ...none };
          issi = Number(alert.to.issi);
          name = alert.to.callSign;
        }
        const amk = n?.amks.get(alert.amkId);
        const text = alertText({
          alert,
          amkName: amk?.name ?? alert.amkId,
          amkNumber: amk?.number ?? null,
          municipalityName: m?.name ?? alert.location.municipality,
        });
        const sent = await o.port.sendText(issi, text, { consumedReport: true });
        const address = { addressIssi: String(issi), addressName: name };
        if (!sent.ok) return { outcome: 'network-unavailable', ...address, messageRef: null };
        // The crew's terminal shows "dispatched" too (its status display), once the text is there.
        if (alert.kind === 'dispatch' && sent.delivery === 'delivered' && o.dispatchStatus != null)
          await o.port.sendStatus(issi, o.dispatchStatus);
        return { outcome: sent.delivery, ...address, messageRef: sent.messageRef };
      } catch {
        // A gateway that throws (it must not) is a gateway that cannot be reached.
        return { outcome: 'network-unavailable', ...none };
      }
    },
  };
}
