/**
 * §21 transitional rules and §22 entry into force (CMP-5): which requirements applied on a date.
 * "Innen tre år fra forskriften trer i kraft" is read as: the requirement applies from the day
 * three years after 1 May 2015, i.e. from 1 May 2018 inclusive.
 */
import { assertIsoDate } from './dates.ts';
import type { IsoDate } from './types.ts';

export const REGULATION_IN_FORCE: IsoDate = '2015-05-01';

export type TransitionalItemId =
  | 'regulation'
  | 'section-13a'
  | 'section-7-basic'
  | 'section-7-courses'
  | 'section-8-courses'
  | 'section-11-car';

export interface TransitionalItem {
  id: TransitionalItemId;
  /** Where the deadline or date is laid down. */
  paragraph: string;
  /** Which requirement it concerns. */
  appliesTo: string;
  inForceFrom: IsoDate;
  description: string;
  descriptionNb: string;
}

export const TRANSITIONAL_ITEMS: readonly TransitionalItem[] = [
  {
    id: 'regulation',
    paragraph: '§22 første ledd',
    appliesTo: 'akuttmedisinforskriften (all paragraphs except §13 bokstav a)',
    inForceFrom: REGULATION_IN_FORCE,
    description: 'The regulation enters into force on 1 May 2015.',
    descriptionNb: 'Forskriften trer i kraft 1. mai 2015.',
  },
  {
    id: 'section-13a',
    paragraph: '§22 første ledd',
    appliesTo: '§13 bokstav a (national on-call number 116117)',
    inForceFrom: '2015-09-01',
    description: '§13 (a), calls via the national on-call number, enters into force on 1 September 2015.',
    descriptionNb: '§ 13 bokstav a trer i kraft 1. september 2015.',
  },
  {
    id: 'section-7-basic',
    paragraph: '§21 første ledd',
    appliesTo: '§7 første ledd: basic competence (specialist, approved GP, 40 shifts or one year)',
    inForceFrom: '2018-05-01',
    description: 'Basic competence for doctors under §7 first paragraph must be met within three years.',
    descriptionNb: 'Krav til grunnkompetanse for lege etter § 7 første ledd skal være oppfylt innen tre år.',
  },
  {
    id: 'section-7-courses',
    paragraph: '§21 annet ledd',
    appliesTo: '§7 første ledd: courses in acute medicine and violence and abuse',
    inForceFrom: '2020-05-01',
    description: 'Course requirements for doctors under §7 first paragraph must be met within five years.',
    descriptionNb: 'Krav til kurs for lege etter § 7 første ledd skal være oppfylt innen fem år.',
  },
  {
    id: 'section-8-courses',
    paragraph: '§21 annet ledd',
    appliesTo: '§8 første ledd: courses for other health personnel',
    inForceFrom: '2020-05-01',
    description: 'Course requirements for other health personnel under §8 must be met within five years.',
    descriptionNb:
      'Krav til kurs for annet helsepersonell etter § 8 første ledd skal være oppfylt innen fem år.',
  },
  {
    id: 'section-11-car',
    paragraph: '§21 tredje ledd',
    appliesTo: '§11 første ledd: competence requirements for staffing ambulance cars',
    inForceFrom: '2018-05-01',
    description:
      'Competence requirements for staffing ambulance cars under §11 must be met within three years.',
    descriptionNb:
      'Kompetansekrav til bemanning i ambulansebiler etter § 11 første ledd skal være oppfylt innen tre år.',
  },
];

function item(id: TransitionalItemId): TransitionalItem {
  const found = TRANSITIONAL_ITEMS.find((i) => i.id === id);
  if (!found) throw new Error(`unknown transitional item ${id}`);
  return found;
}

/** The first day the requirement behind `id` applies. */
export function inForceFrom(id: TransitionalItemId): IsoDate {
  return item(id).inForceFrom;
}

/** True when the requirement behind `id` applied on `date`. */
export function inForceOn(id: TransitionalItemId, date: IsoDate): boolean {
  return date >= item(id).inForceFrom;
}

export interface TransitionalState extends TransitionalItem {
  inForce: boolean;
}

export interface TransitionalRules {
  date: IsoDate;
  regulationInForce: boolean;
  items: TransitionalState[];
  /** Plain-English summary, one line per item not yet in force. */
  notes: string[];
}

/** CMP-5: which deadlines of §21 (and dates of §22) applied on `date`. */
export function transitionalRules(date: IsoDate): TransitionalRules {
  assertIsoDate(date);
  const items = TRANSITIONAL_ITEMS.map((i) => ({ ...i, inForce: date >= i.inForceFrom }));
  return {
    date,
    regulationInForce: date >= REGULATION_IN_FORCE,
    items,
    notes: items
      .filter((i) => !i.inForce)
      .map(
        (i) => `${i.appliesTo}: not yet in force on ${date} (applies from ${i.inForceFrom}, ${i.paragraph}).`,
      ),
  };
}
