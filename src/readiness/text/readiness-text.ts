/**
 * The words of the readiness registers in bokmål and English, in one place: the web's pages and
 * the server's reports (CMP-6 PDF and CSV) render the same codes with the same words. Pure data.
 * Requirement ids are never words here: a reader sees "Avtaler", not "ON-2".
 */
import type { MilestoneName } from '../onboarding/timeline.ts';

type Texts<K extends string> = Record<K, string>;

export interface ReadinessTexts {
  unitKind: Texts<
    | 'amk-area'
    | 'health-trust'
    | 'municipality'
    | 'lv-sentral'
    | 'amk-centre'
    | 'emergency-department'
    | 'legevakt'
    | 'ambulance-station'
  >;
  blocker: Texts<
    'agreement-missing' | 'agreement-not-signed' | 'no-equipment' | 'no-staff' | 'staff-untrained'
  >;
  agreementType: Texts<
    'communication-centre' | 'customer' | 'service-level' | 'cooperation' | 'data-processing'
  >;
  agreementStatus: Texts<'missing' | 'draft' | 'sent' | 'signed' | 'terminated'>;
  timeline: Texts<MilestoneName>;
  warning: Texts<'overdue' | 'warning' | 'planned-beyond-twelve-months'>;
  report: Texts<
    | 'title'
    | 'intro'
    | 'summary'
    | 'summaryLine'
    | 'ready'
    | 'notReady'
    | 'agreements'
    | 'equipment'
    | 'progress'
    | 'training'
    | 'untrained'
    | 'competence'
    | 'procedures'
    | 'proceduresNone'
    | 'procedure'
    | 'paymentNotStarted'
    | 'statusReady'
    | 'statusBlocked'
    | 'trainedStaff'
    | 'operatorPositionsTerminals'
    | 'paymentStarts'
    | 'ofTotal'
    | 'level'
  >;
  csv: Texts<
    | 'scope'
    | 'date'
    | 'unit_id'
    | 'unit_name'
    | 'unit_kind'
    | 'section'
    | 'item'
    | 'status'
    | 'paragraph'
    | 'people'
    | 'detail'
    | 'section.readiness'
    | 'section.agreement'
    | 'section.equipment'
    | 'section.payment'
    | 'section.timeline'
    | 'section.training'
    | 'section.competence'
    | 'section.procedure'
  >;
}

export const READINESS_TEXT: Record<'nb' | 'en', ReadinessTexts> = {
  nb: {
    unitKind: {
      'amk-area': 'AMK-område',
      'health-trust': 'Helseforetak',
      municipality: 'Kommune',
      'lv-sentral': 'LV-sentral',
      'amk-centre': 'AMK-sentral',
      'emergency-department': 'Akuttmottak',
      legevakt: 'Legevakt',
      'ambulance-station': 'Ambulansestasjon',
    },
    blocker: {
      'agreement-missing': 'Avtale mangler',
      'agreement-not-signed': 'Avtale ikke signert',
      'no-equipment': 'Ingen operatørplass eller radioterminal er registrert',
      'no-staff': 'Ingen ansatte er registrert på enheten',
      'staff-untrained': 'Ansatt mangler opplæring',
    },
    agreementType: {
      'communication-centre': 'Kommunikasjonssentralavtale (DSB)',
      customer: 'Kundeavtale (DSB)',
      'service-level': 'Tjenesteavtale/SLA (HDO)',
      cooperation: 'Samarbeidsavtale (lokal teknisk støtte)',
      'data-processing': 'Databehandleravtale (HDO)',
    },
    agreementStatus: {
      missing: 'Mangler',
      draft: 'Utkast',
      sent: 'Sendt',
      signed: 'Signert',
      terminated: 'Avsluttet',
    },
    timeline: {
      'agreements-signed': 'Alle avtaler signert',
      installed: 'Utstyr installert',
      'test-report-approved': 'Testrapport godkjent',
      'go-live': 'Nødnett i bruk',
    },
    warning: {
      overdue: 'Forsinket: {milestone} skulle vært utført {date}',
      warning: 'Snart frist: {milestone} innen {date}',
      'planned-beyond-twelve-months': 'Planlagt oppstart er mer enn 12 måneder etter prosjektstart',
    },
    report: {
      title: 'Dokumentasjon av beredskap – {scope}',
      intro:
        'Utstyr, opplæring, organisering og bruk per {date} (akuttmedisinforskriften § 18). Laget {generatedAt}.',
      summary: 'Sammendrag',
      summaryLine:
        'Enheter: {units} (klare: {ready}) · Avtaler signert: {signed} av {required} · Opplært personell: {trained} av {people} · Avvik i vaktplaner: {violations}',
      ready: 'Klar for Nødnett (alle avtaler signert, personell opplært).',
      notReady: 'Ikke klar:',
      agreements: 'Avtaler:',
      equipment:
        'Utstyr: {positions} operatørplasser, {terminals} radioterminaler. Kvartalsvis betaling fra: {payment}',
      progress: 'Fremdrift',
      training: 'Opplæring: {trained} av {people} opplært.',
      untrained: '{name}: mangler {missing}',
      competence: 'Kompetanse: {rosters} vaktplan(er), {violations} avvik.',
      procedures: 'Prosedyrer',
      proceduresNone: 'Ingen registrert.',
      procedure: 'Nivå {level}: {title} (versjon {version}, fra {validFrom})',
      paymentNotStarted: 'ikke startet',
      statusReady: 'klar',
      statusBlocked: 'ikke klar',
      trainedStaff: 'opplært personell',
      operatorPositionsTerminals: 'operatørplasser / radioterminaler',
      paymentStarts: 'kvartalsvis betaling fra',
      ofTotal: '{count} av {total}',
      level: 'nivå {level} versjon {version}',
    },
    csv: {
      scope: 'omfang',
      date: 'dato',
      unit_id: 'enhet_id',
      unit_name: 'enhet',
      unit_kind: 'enhetstype',
      section: 'del',
      item: 'punkt',
      status: 'status',
      paragraph: 'hjemmel',
      people: 'personer',
      detail: 'detaljer',
      'section.readiness': 'beredskap',
      'section.agreement': 'avtale',
      'section.equipment': 'utstyr',
      'section.payment': 'betaling',
      'section.timeline': 'fremdrift',
      'section.training': 'opplæring',
      'section.competence': 'kompetanse',
      'section.procedure': 'prosedyre',
    },
  },
  en: {
    unitKind: {
      'amk-area': 'AMK area',
      'health-trust': 'Health trust',
      municipality: 'Municipality',
      'lv-sentral': 'LV-sentral (out-of-hours centre)',
      'amk-centre': 'AMK centre',
      'emergency-department': 'Emergency department',
      legevakt: 'Legevakt (out-of-hours clinic)',
      'ambulance-station': 'Ambulance station',
    },
    blocker: {
      'agreement-missing': 'Agreement missing',
      'agreement-not-signed': 'Agreement not signed',
      'no-equipment': 'No operator position or radio terminal is registered',
      'no-staff': 'No staff are registered for the unit',
      'staff-untrained': 'Staff member not trained',
    },
    agreementType: {
      'communication-centre': 'Communication-centre agreement (DSB)',
      customer: 'Customer agreement (DSB)',
      'service-level': 'Service-level agreement (HDO)',
      cooperation: 'Cooperation agreement (local technical support)',
      'data-processing': 'Data-processing agreement (HDO)',
    },
    agreementStatus: {
      missing: 'Missing',
      draft: 'Draft',
      sent: 'Sent',
      signed: 'Signed',
      terminated: 'Terminated',
    },
    timeline: {
      'agreements-signed': 'All agreements signed',
      installed: 'Equipment installed',
      'test-report-approved': 'Test report approved',
      'go-live': 'Nødnett in use',
    },
    warning: {
      overdue: 'Overdue: {milestone} was due {date}',
      warning: 'Due soon: {milestone} by {date}',
      'planned-beyond-twelve-months': 'The planned go-live is more than 12 months after the project start',
    },
    report: {
      title: 'Readiness documentation – {scope}',
      intro:
        'Equipment, training, organisation and use on {date} (emergency medicine regulation § 18). Generated {generatedAt}.',
      summary: 'Summary',
      summaryLine:
        'Units: {units} (ready: {ready}) · Agreements signed: {signed} of {required} · Trained staff: {trained} of {people} · Roster violations: {violations}',
      ready: 'Ready for Nødnett (all agreements signed, staff trained).',
      notReady: 'Not ready:',
      agreements: 'Agreements:',
      equipment:
        'Equipment: {positions} operator positions, {terminals} radio terminals. Quarterly payment from: {payment}',
      progress: 'Progress',
      training: 'Training: {trained} of {people} trained.',
      untrained: '{name}: missing {missing}',
      competence: 'Competence: {rosters} roster(s), {violations} violation(s).',
      procedures: 'Procedures',
      proceduresNone: 'None registered.',
      procedure: 'Level {level}: {title} (version {version}, from {validFrom})',
      paymentNotStarted: 'not started',
      statusReady: 'ready',
      statusBlocked: 'blocked',
      trainedStaff: 'trained staff',
      operatorPositionsTerminals: 'operator positions / radio terminals',
      paymentStarts: 'quarterly payment starts',
      ofTotal: '{count} of {total}',
      level: 'level {level} version {version}',
    },
    csv: {
      scope: 'scope',
      date: 'date',
      unit_id: 'unit_id',
      unit_name: 'unit_name',
      unit_kind: 'unit_kind',
      section: 'section',
      item: 'item',
      status: 'status',
      paragraph: 'paragraph',
      people: 'people',
      detail: 'detail',
      'section.readiness': 'readiness',
      'section.agreement': 'agreement',
      'section.equipment': 'equipment',
      'section.payment': 'payment',
      'section.timeline': 'timeline',
      'section.training': 'training',
      'section.competence': 'competence',
      'section.procedure': 'procedure',
    },
  },
};
