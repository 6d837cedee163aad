/**
 * The catalogue of elements a rule can find missing, each in plain English and bokmål. One place,
 * so the same gap reads the same in every answer, report and UI page.
 */
import type { DeferredElement, IsoDate, MissingElement } from './types.ts';

interface ElementText {
  en: string;
  nb: string;
}

export const ELEMENTS = {
  'doctor-authorisation': {
    en: 'Authorisation or licence as a doctor',
    nb: 'Autorisasjon eller lisens som lege',
  },
  'general-medicine-specialist': {
    en: 'Approval as a specialist in general medicine',
    nb: 'Godkjenning som spesialist i allmennmedisin',
  },
  'approved-gp': {
    en: 'Approval as a general practitioner (allmennlege) under the supervised-service regulation or the EEA regulation §10',
    nb: 'Godkjenning som allmennlege etter forskrift om veiledet tjeneste eller EØS-forskriften § 10',
  },
  'on-call-experience': {
    en: '40 completed on-call shifts, or one year as a GP in the municipal health and care service',
    nb: 'Gjennomført 40 legevakter, eller arbeidet ett år som allmennlege i den kommunale helse- og omsorgstjenesten',
  },
  'acute-medicine-course': { en: 'Course in acute medicine', nb: 'Kurs i akuttmedisin' },
  'violence-abuse-course': {
    en: 'Course in handling violence and abuse',
    nb: 'Kurs i volds- og overgrepshåndtering',
  },
  'backup-doctor': {
    en: 'A qualified back-up doctor on call for the whole shift',
    nb: 'Kvalifisert bakvaktlege i vakt hele vakten',
  },
  'backup-other-person': {
    en: 'A back-up doctor who is not the doctor on call',
    nb: 'En bakvaktlege som ikke er legen i vakt',
  },
  'backup-turn-out': {
    en: 'Back-up doctor able to turn out when necessary',
    nb: 'Bakvaktlegen må kunne rykke ut når det er nødvendig',
  },
  'backup-qualified': {
    en: 'Back-up doctor meeting §7 first paragraph (a) or (b); no exemption is possible',
    nb: 'Bakvaktlege som oppfyller § 7 første ledd bokstav a eller b; det kan ikke gjøres unntak',
  },
  'exemption-not-for-backup': {
    en: 'No exemption can be used by a doctor who is the back-up doctor',
    nb: 'Det kan ikke gjøres unntak for leger som skal ha bakvakt',
  },
  'granted-by-county-governor': {
    en: 'Exemption granted by the county governor (statsforvalteren)',
    nb: 'Unntak gitt av statsforvalteren (fylkesmannen)',
  },
  'substitute-two-months': {
    en: 'A substitute position of at most two months covering the date',
    nb: 'Vikariat av inntil to måneders varighet som omfatter datoen',
  },
  'supervised-service-18-months': {
    en: 'At least one and a half years of supervised service',
    nb: 'Minst et og et halvt års veiledet tjeneste',
  },
  'health-personnel': {
    en: 'Authorisation or licence as health personnel',
    nb: 'Autorisasjon eller lisens som helsepersonell',
  },
  'crew-two-persons': {
    en: 'At least two persons on the ambulance car',
    nb: 'Minst to personer på ambulansebilen',
  },
  'ambulance-worker': {
    en: 'At least one person with authorisation as ambulance worker',
    nb: 'Minst én person med autorisasjon som ambulansearbeider',
  },
  'ambulance-competence': {
    en: 'The other person: necessary ambulance competence',
    nb: 'Den andre personen: nødvendig ambulansefaglig kompetanse',
  },
  'other-health-personnel': {
    en: 'The other person: authorisation or licence as health personnel',
    nb: 'Den andre personen: autorisasjon eller lisens som helsepersonell',
  },
  'driving-licence': {
    en: 'Driving licence for the vehicle class ({class})',
    nb: 'Førerkort for kjøretøyklassen ({class})',
  },
  'emergency-driving-certificate': {
    en: 'Certificate for drivers of emergency vehicles',
    nb: 'Kompetansebevis for førere av utrykningskjøretøy',
  },
  'one-qualified-driver': {
    en: 'At least one crew member with the licence class and emergency-driving certificate (an exemption can cover only one)',
    nb: 'Minst én i besetningen med førerkort og kompetansebevis for utrykningskjøretøy (unntak kan bare gjelde én)',
  },
  'driver-qualified': {
    en: 'The person rostered as driver holds the licence class and emergency-driving certificate',
    nb: 'Den som er satt opp som sjåfør har førerkort for klassen og kompetansebevis for utrykningskjøretøy',
  },
  skipper: { en: 'A boat skipper (båtfører)', nb: 'Båtfører' },
  'boat-ambulance-worker': {
    en: 'In addition to the skipper, at least one person with authorisation as ambulance worker',
    nb: 'I tillegg til båtfører minst én person med autorisasjon som ambulansearbeider',
  },
  'flight-nurse': {
    en: 'A nurse with the necessary competence',
    nb: 'Sykepleier med nødvendig kompetanse',
  },
  'helicopter-doctor': {
    en: 'A doctor with the necessary competence',
    nb: 'Lege med nødvendig kompetanse',
  },
  'rescue-crew': {
    en: 'A rescue crew member (redningsmann) with the necessary competence',
    nb: 'Redningsmann med nødvendig kompetanse',
  },
  'bachelor-health-education': {
    en: 'Relevant health education at bachelor level',
    nb: 'Relevant helsefaglig utdanning på bachelornivå',
  },
  'clinical-practice': {
    en: 'Necessary clinical practice ({months} months)',
    nb: 'Nødvendig klinisk praksis ({months} måneder)',
  },
  'lv-operator-training': {
    en: 'Additional training for work as an operator at an LV-sentral',
    nb: 'Gjennomført tilleggsopplæring for arbeid som operatør på legevaktsentral',
  },
  'amk-operator-training': {
    en: 'Additional training for work as an operator at an AMK centre',
    nb: 'Gjennomført tilleggsopplæring for arbeid som operatør på AMK-sentral',
  },
  'nurse-or-ambulance-worker': {
    en: 'Nurse or ambulance worker',
    nb: 'Sykepleier eller ambulansearbeider',
  },
  'acute-medicine-competence': {
    en: 'Acute-medicine competence (course in acute medicine, or specialist in anaesthesiology or emergency medicine)',
    nb: 'Akuttmedisinsk kompetanse (kurs i akuttmedisin, eller spesialist i anestesiologi eller akutt- og mottaksmedisin)',
  },
  'amk-doctor-coverage': {
    en: 'A doctor with acute-medicine competence available around the clock',
    nb: 'Tilgjengelig lege med akuttmedisinsk kompetanse på døgnbasis',
  },
  'lv-staffed': {
    en: 'LV-sentral staffed around the clock',
    nb: 'Døgnbemannet legevaktsentral',
  },
  'doctor-available': {
    en: 'At least one doctor available for legevakt around the clock',
    nb: 'Minst én lege tilgjengelig for legevakt hele døgnet',
  },
  'known-person': {
    en: 'The person is registered in the competence register',
    nb: 'Personen er registrert i kompetanseregisteret',
  },
  'e-learning': {
    en: 'Common e-learning pre-course for Nødnett',
    nb: 'Felles nettbasert forkurs (e-læring) for Nødnett',
  },
  'e-learning-before-course': {
    en: 'E-learning pre-course completed before the attended course',
    nb: 'E-læringen fullført før den oppmøtebaserte delen av kurset',
  },
  'control-room-course': {
    en: 'Attended control-room course for {system}',
    nb: 'Oppmøtebasert kontrollromskurs for {system}',
  },
  'radio-terminal-course': {
    en: 'Attended radio-terminal course for terminal type {terminalType}',
    nb: 'Oppmøtebasert radioterminalkurs for terminaltypen {terminalType}',
  },
  recertification: {
    en: 'Valid periodic re-certification (repeat the e-learning)',
    nb: 'Gyldig periodisk resertifisering (gjenta e-læringen)',
  },
} as const satisfies Record<string, ElementText>;

export type ElementCode = keyof typeof ELEMENTS;

function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** A missing element with its English and bokmål text and legal basis. */
export function missing(
  code: ElementCode,
  paragraph: string,
  options: { personId?: string; params?: Record<string, string | number> } = {},
): MissingElement {
  const text: ElementText = ELEMENTS[code];
  const params = options.params ?? {};
  return {
    code,
    ...(options.params === undefined ? {} : { params }),
    element: fill(text.en, params),
    elementNb: fill(text.nb, params),
    paragraph,
    ...(options.personId === undefined ? {} : { personId: options.personId }),
  };
}

export function deferred(element: MissingElement, inForceFrom: IsoDate): DeferredElement {
  return { ...element, inForceFrom };
}
