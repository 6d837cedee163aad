/**
 * The regulation's cases one by one (CMP-1 … CMP-5). Each case quotes the sentence of
 * akuttmedisinforskriften it tests, gives the facts and the date, and states the expected answer
 * with its paragraph. The last test checks that every quote really is in the regulation text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ambulanceCrew } from './ambulance-crew.ts';
import { doctorOnCall, doctorPairOnCall, qualifiesAsBackupDoctor } from './doctor-on-call.ts';
import { amkDoctor, amkOperator, lvOperator } from './operators.ts';
import { otherPersonnel } from './other-personnel.ts';
import { quoteOccursIn } from './quote-check.ts';
import {
  authorised,
  buildAmbulanceWorker,
  buildApprovedGp,
  buildDoctor,
  buildDrivingSubstitute,
  buildExemptedSubstitute,
  buildLvOperator,
  buildNurse,
  buildPerson,
  buildSpecialist,
  countyGovernorExemption,
  course,
} from './testing.ts';
import { transitionalRules } from './transition.ts';
import type { CrewMember, PersonFacts, RequirementId, RosterRole, RuleResult } from './types.ts';

/** All in force (after §21's last deadline of 1 May 2020). */
const D = '2021-06-15';

interface Case {
  id: RequirementId;
  /** The requirement ID the answer carries, when the case proves another (CMP-5 cases). */
  resultId?: RequirementId;
  quote: string;
  title: string;
  date: string;
  run: (date: string) => RuleResult;
  ok: boolean;
  paragraph: string;
  /** Codes of the missing elements (any order). */
  missing?: string[];
  /** Codes of the elements not yet in force (any order). */
  deferred?: string[];
  /** Further fields the answer must have. */
  has?: Record<string, unknown>;
}

const codes = (list: readonly { code: string }[]) => list.map((m) => m.code).sort();

function runCases(cases: readonly Case[]) {
  it.each(cases)('$id $paragraph — $title ($date)', (c) => {
    const r = c.run(c.date);
    expect(r.ok).toBe(c.ok);
    expect(r.requirementId).toBe(c.resultId ?? c.id);
    expect(r.paragraph).toBe(c.paragraph);
    expect(codes(r.missing)).toEqual([...(c.missing ?? [])].sort());
    expect(codes(r.notYetInForce)).toEqual([...(c.deferred ?? [])].sort());
    for (const m of r.missing) {
      expect(m.element.length).toBeGreaterThan(0);
      expect(m.elementNb.length).toBeGreaterThan(0);
      expect(m.paragraph).toMatch(/^§|Nasjonal veileder/);
    }
    if (c.has) expect(r).toMatchObject(c.has);
  });
}

const crew = (...members: [PersonFacts, RosterRole][]): CrewMember[] =>
  members.map(([facts, role]) => ({ facts, role }));

// ---------------------------------------------------------------------------------------------
const SECTION_7_FIRST: Case[] = [
  {
    id: 'CMP-1',
    quote:
      'Legen har godkjenning som spesialist i allmennmedisin og har gjennomført kurs i volds- og overgrepshåndtering.',
    title: 'specialist in general medicine with the violence/abuse course may be on call alone',
    date: D,
    run: (d) => doctorOnCall(buildSpecialist(), d),
    ok: true,
    paragraph: '§7 første ledd bokstav a',
    has: { mayBeAlone: true, needsBackup: false, basis: 'a' },
  },
  {
    id: 'CMP-1',
    quote:
      'Legen har godkjenning som spesialist i allmennmedisin og har gjennomført kurs i volds- og overgrepshåndtering.',
    title: 'specialist without the violence/abuse course needs a back-up doctor',
    date: D,
    run: (d) => doctorOnCall(buildSpecialist({ courses: [] }), d),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['violence-abuse-course'],
    has: { mayBeAlone: false, needsBackup: true, basis: 'none' },
  },
  {
    id: 'CMP-1',
    quote: 'Legen har godkjenning som spesialist i allmennmedisin',
    title: 'a speciality approved after the date does not count',
    date: D,
    run: (d) =>
      doctorOnCall(
        buildSpecialist({ specialities: [{ code: 'general-medicine', approvedAt: '2022-01-01' }] }),
        d,
      ),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['general-medicine-specialist'],
  },
  {
    id: 'CMP-1',
    quote: 'Legen har godkjenning som spesialist i allmennmedisin',
    title: 'another speciality (anaesthesiology) does not meet letter a',
    date: D,
    run: (d) =>
      doctorOnCall(
        buildSpecialist({ specialities: [{ code: 'anaesthesiology', approvedAt: '2012-01-01' }] }),
        d,
      ),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['general-medicine-specialist'],
  },
  {
    id: 'CMP-1',
    quote: 'Legen må ha gjennomført 40 legevakter, eller ha arbeidet ett år som allmennlege',
    title: 'approved GP with 40 on-call shifts and both courses may be on call alone',
    date: D,
    run: (d) => doctorOnCall(buildApprovedGp(), d),
    ok: true,
    paragraph: '§7 første ledd bokstav b',
    has: { mayBeAlone: true, basis: 'b' },
  },
  {
    id: 'CMP-1',
    quote: 'eller ha arbeidet ett år som allmennlege i den kommunale helse- og omsorgstjenesten',
    title: 'approved GP with one year (two periods adding up to 365 days) of municipal GP service',
    date: D,
    run: (d) =>
      doctorOnCall(
        buildApprovedGp({
          onCallShifts: [{ asOf: '2020-01-01', count: 12 }],
          gpMunicipalService: [
            { from: '2019-01-01', to: '2019-06-30' },
            { from: '2020-01-01', to: '2020-07-03' },
          ],
        }),
        d,
      ),
    ok: true,
    paragraph: '§7 første ledd bokstav b',
  },
  {
    id: 'CMP-1',
    quote: 'Legen må ha gjennomført 40 legevakter, eller ha arbeidet ett år som allmennlege',
    title: '39 shifts and 364 days of GP service are not enough',
    date: D,
    run: (d) =>
      doctorOnCall(
        buildApprovedGp({
          onCallShifts: [
            { asOf: '2020-01-01', count: 39 },
            { asOf: '2022-01-01', count: 60 },
          ],
          gpMunicipalService: [{ from: '2020-01-01', to: '2020-12-29' }],
        }),
        d,
      ),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['on-call-experience'],
    has: { needsBackup: true },
  },
  {
    id: 'CMP-1',
    quote: 'Legen må i tillegg ha gjennomført kurs i akuttmedisin og volds- og overgrepshåndtering.',
    title: 'approved GP without the acute-medicine course needs a back-up doctor',
    date: D,
    run: (d) => doctorOnCall(buildApprovedGp({ courses: [course('violence-abuse')] }), d),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['acute-medicine-course'],
  },
  {
    id: 'CMP-1',
    quote: 'Legen må i tillegg ha gjennomført kurs i akuttmedisin og volds- og overgrepshåndtering.',
    title: 'an acute-medicine course that expired before the date does not count',
    date: D,
    run: (d) =>
      doctorOnCall(
        buildApprovedGp({
          courses: [course('acute-medicine', '2016-01-01', '2021-01-01'), course('violence-abuse')],
        }),
        d,
      ),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['acute-medicine-course'],
  },
  {
    id: 'CMP-1',
    quote: 'eller § 10 i forskrift 8. oktober 2008 nr. 1130 om autorisasjon, lisens og spesialistgodkjenning',
    title: 'GP approval under the EEA regulation §10 meets letter b',
    date: D,
    run: (d) =>
      doctorOnCall(buildApprovedGp({ approvedGp: { approvedAt: '2019-01-01', basis: 'eea-section-10' } }), d),
    ok: true,
    paragraph: '§7 første ledd bokstav b',
  },
  {
    id: 'CMP-1',
    quote:
      'En lege kan ha legevakt alene, uten kvalifisert bakvakt, når vilkårene i bokstav a eller bokstav b er oppfylt',
    title:
      'doctor without specialist or GP approval: the closer alternative (a) is reported, both in alternatives',
    date: D,
    run: (d) =>
      doctorOnCall(buildDoctor({ courses: [course('acute-medicine'), course('violence-abuse')] }), d),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['general-medicine-specialist'],
    has: {
      needsBackup: true,
      alternatives: [
        { paragraph: '§7 første ledd bokstav a', missing: [{ code: 'general-medicine-specialist' }] },
        {
          paragraph: '§7 første ledd bokstav b',
          missing: [{ code: 'approved-gp' }, { code: 'on-call-experience' }],
        },
      ],
    },
  },
  {
    id: 'CMP-1',
    quote: 'En lege kan ha legevakt alene',
    title: 'a nurse cannot be the doctor on call at all (no back-up makes it lawful)',
    date: D,
    run: (d) => doctorOnCall(buildNurse(), d),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['doctor-authorisation'],
    has: { mayBeAlone: false, needsBackup: false },
  },
  {
    id: 'CMP-1',
    quote: 'En lege kan ha legevakt alene',
    title: 'a doctor whose authorisation ended before the date is not a doctor',
    date: D,
    run: (d) =>
      doctorOnCall(
        buildSpecialist({ authorisations: [authorised('doctor', '2010-01-01', { to: '2021-01-31' })] }),
        d,
      ),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['doctor-authorisation'],
  },
  {
    id: 'CMP-1',
    quote: 'En lege kan ha legevakt alene',
    title: 'a doctor with a licence (lisens) counts as a doctor',
    date: D,
    run: (d) =>
      doctorOnCall(
        buildSpecialist({ authorisations: [authorised('doctor', '2010-01-01', { kind: 'licence' })] }),
        d,
      ),
    ok: true,
    paragraph: '§7 første ledd bokstav a',
  },
];

const SECTION_7_SECOND: Case[] = (() => {
  const unqualified = buildDoctor({ courses: [course('acute-medicine')] });
  return [
    {
      id: 'CMP-1',
      quote:
        'Kommunen plikter å etablere bakvaktordninger for leger i vakt som ikke oppfyller kravene i første ledd.',
      title: 'unqualified doctor without a back-up doctor',
      date: D,
      run: (d) => doctorPairOnCall(unqualified, undefined, d),
      ok: false,
      paragraph: '§7 annet ledd',
      missing: ['backup-doctor'],
    },
    {
      id: 'CMP-1',
      quote:
        'Kommunen plikter å etablere bakvaktordninger for leger i vakt som ikke oppfyller kravene i første ledd.',
      title: 'unqualified doctor with a qualified back-up doctor (letter b) who can turn out',
      date: D,
      run: (d) => doctorPairOnCall(unqualified, buildApprovedGp(), d, { backupCanTurnOut: true }),
      ok: true,
      paragraph: '§7 annet ledd',
    },
    {
      id: 'CMP-1',
      quote: 'Kompetansekravene i første ledd gjelder tilsvarende for leger som skal ha bakvakt.',
      title: 'back-up doctor who does not meet §7 første ledd',
      date: D,
      run: (d) => doctorPairOnCall(unqualified, buildApprovedGp({ courses: [course('acute-medicine')] }), d),
      ok: false,
      paragraph: '§7 annet ledd',
      missing: ['backup-qualified', 'violence-abuse-course'],
    },
    {
      id: 'CMP-1',
      quote: 'Kompetansekravene i første ledd gjelder tilsvarende for leger som skal ha bakvakt.',
      title: 'qualifiesAsBackupDoctor: a specialist (letter a) qualifies',
      date: D,
      run: (d) => qualifiesAsBackupDoctor(buildSpecialist(), d),
      ok: true,
      paragraph: '§7 annet ledd',
    },
    {
      id: 'CMP-1',
      quote: 'Bakvaktlege må kunne rykke ut når det er nødvendig.',
      title: 'qualified back-up doctor who cannot turn out',
      date: D,
      run: (d) => doctorPairOnCall(unqualified, buildSpecialist(), d, { backupCanTurnOut: false }),
      ok: false,
      paragraph: '§7 annet ledd',
      missing: ['backup-turn-out'],
    },
    {
      id: 'CMP-1',
      quote: 'Kommunen plikter å etablere bakvaktordninger for leger i vakt',
      title: 'the doctor on call cannot be their own back-up',
      date: D,
      run: (d) => doctorPairOnCall(unqualified, unqualified, d),
      ok: false,
      paragraph: '§7 annet ledd',
      missing: ['backup-other-person'],
    },
    {
      id: 'CMP-1',
      quote: 'En lege kan ha legevakt alene, uten kvalifisert bakvakt',
      title: 'qualified doctor needs no back-up doctor',
      date: D,
      run: (d) => doctorPairOnCall(buildSpecialist(), undefined, d),
      ok: true,
      paragraph: '§7 første ledd bokstav a',
    },
  ];
})();

const SECTION_7_THIRD: Case[] = [
  {
    id: 'CMP-1',
    quote: 'Det kan bare gjøres unntak for leger som tiltrer i vikariater av inntil to måneders varighet',
    title:
      'county governor exemption for a one-month substitute with 18 months supervised service: may be on call alone',
    date: '2021-06-15',
    run: (d) => doctorOnCall(buildExemptedSubstitute(), d),
    ok: true,
    paragraph: '§7 tredje ledd',
    has: {
      mayBeAlone: true,
      basis: 'exemption',
      exemptions: [{ kind: 'county-governor-substitute', status: 'valid' }],
    },
  },
  {
    id: 'CMP-1',
    quote: 'Det kan bare gjøres unntak for leger som tiltrer i vikariater av inntil to måneders varighet',
    title: 'exactly two months (1 June – 31 July) is allowed',
    date: '2021-07-31',
    run: (d) =>
      doctorOnCall(
        buildExemptedSubstitute({
          engagements: [{ substitute: true, from: '2021-06-01', to: '2021-07-31' }],
          exemptions: [countyGovernorExemption('county-governor-substitute', '2021-06-01', '2021-07-31')],
        }),
        d,
      ),
    ok: true,
    paragraph: '§7 tredje ledd',
  },
  {
    id: 'CMP-1',
    quote: 'Det kan bare gjøres unntak for leger som tiltrer i vikariater av inntil to måneders varighet',
    title: 'exemption refused: the substitute position lasts three months',
    date: '2021-06-15',
    run: (d) =>
      doctorOnCall(
        buildExemptedSubstitute({
          engagements: [{ substitute: true, from: '2021-06-01', to: '2021-08-31' }],
        }),
        d,
      ),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['general-medicine-specialist', 'violence-abuse-course'],
    has: {
      needsBackup: true,
      exemptions: [
        { status: 'refused', reasons: [{ code: 'substitute-two-months', paragraph: '§7 tredje ledd' }] },
      ],
    },
  },
  {
    id: 'CMP-1',
    quote: 'Det kan bare gjøres unntak for leger som tiltrer i vikariater',
    title: 'exemption refused: a permanent position, not a substitute',
    date: '2021-06-15',
    run: (d) =>
      doctorOnCall(
        buildExemptedSubstitute({
          engagements: [{ substitute: false, from: '2021-06-01', to: '2021-06-30' }],
        }),
        d,
      ),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['general-medicine-specialist', 'violence-abuse-course'],
    has: { exemptions: [{ status: 'refused', reasons: [{ code: 'substitute-two-months' }] }] },
  },
  {
    id: 'CMP-1',
    quote: 'og som har gjennomført minst et og et halvt års veiledet tjeneste',
    title: 'exemption refused: 17 months of supervised service',
    date: '2021-06-15',
    run: (d) => doctorOnCall(buildExemptedSubstitute({ supervisedServiceMonths: 17 }), d),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['general-medicine-specialist', 'violence-abuse-course'],
    has: { exemptions: [{ status: 'refused', reasons: [{ code: 'supervised-service-18-months' }] }] },
  },
  {
    id: 'CMP-1',
    quote: 'kan fylkesmannen gjøre unntak fra kravene i første ledd',
    title: 'exemption refused: granted by the municipality, not the county governor',
    date: '2021-06-15',
    run: (d) =>
      doctorOnCall(
        buildExemptedSubstitute({
          exemptions: [
            {
              ...countyGovernorExemption('county-governor-substitute', '2021-06-01', '2021-06-30'),
              grantedByRole: 'municipality',
            },
          ],
        }),
        d,
      ),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['general-medicine-specialist', 'violence-abuse-course'],
    has: { exemptions: [{ status: 'refused', reasons: [{ code: 'granted-by-county-governor' }] }] },
  },
  {
    id: 'CMP-1',
    quote: 'kan fylkesmannen gjøre unntak fra kravene i første ledd',
    title: 'an exemption that ended before the date is not looked at',
    date: '2021-07-15',
    run: (d) => doctorOnCall(buildExemptedSubstitute(), d),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['general-medicine-specialist', 'violence-abuse-course'],
    has: { exemptions: [] },
  },
  {
    id: 'CMP-1',
    quote: 'Det kan ikke gjøres unntak for leger som skal ha bakvakt.',
    title: 'an exempted substitute cannot be the back-up doctor',
    date: '2021-06-15',
    run: (d) => qualifiesAsBackupDoctor(buildExemptedSubstitute(), d),
    ok: false,
    paragraph: '§7 annet ledd',
    missing: ['general-medicine-specialist', 'violence-abuse-course'],
    has: {
      exemptions: [
        { status: 'refused', reasons: [{ code: 'exemption-not-for-backup', paragraph: '§7 tredje ledd' }] },
      ],
    },
  },
  {
    id: 'CMP-1',
    quote: 'Det kan ikke gjøres unntak for leger som skal ha bakvakt.',
    title: 'pair: unqualified doctor with an exempted substitute as back-up',
    date: '2021-06-15',
    run: (d) => doctorPairOnCall(buildDoctor(), buildExemptedSubstitute(), d, { backupCanTurnOut: true }),
    ok: false,
    paragraph: '§7 annet ledd',
    missing: ['backup-qualified', 'general-medicine-specialist', 'violence-abuse-course'],
  },
];

// ---------------------------------------------------------------------------------------------
const SECTION_8: Case[] = [
  {
    id: 'CMP-2',
    quote: 'Helsepersonell som arbeider sammen med lege i vakt',
    title: 'nurse with both courses',
    date: D,
    run: (d) => otherPersonnel(buildNurse(), d),
    ok: true,
    paragraph: '§8 første ledd',
  },
  {
    id: 'CMP-2',
    quote: 'skal ha gjennomført kurs i akuttmedisin og kurs i volds- og overgrepshåndtering',
    title: 'nurse without the violence/abuse course',
    date: D,
    run: (d) => otherPersonnel(buildNurse({ courses: [course('acute-medicine')] }), d),
    ok: false,
    paragraph: '§8 første ledd',
    missing: ['violence-abuse-course'],
  },
  {
    id: 'CMP-2',
    quote: 'blant annet operatører av kommunale legevaktsentraler, jf. § 13 bokstav f',
    title: 'LV operator without either course',
    date: D,
    run: (d) => otherPersonnel(buildLvOperator({ courses: [course('lv-operator-training')] }), d),
    ok: false,
    paragraph: '§8 første ledd',
    missing: ['acute-medicine-course', 'violence-abuse-course'],
  },
  {
    id: 'CMP-2',
    quote: 'Fylkesmannen kan etter henvendelse fra kommunen gjøre tidsbestemt unntak fra første ledd',
    title: 'time-limited exemption covering the date',
    date: D,
    run: (d) =>
      otherPersonnel(
        buildNurse({
          courses: [],
          exemptions: [countyGovernorExemption('course-time-limited', '2021-01-01', '2021-12-31')],
        }),
        d,
      ),
    ok: true,
    paragraph: '§8 annet ledd',
    has: { exemptions: [{ kind: 'course-time-limited', status: 'valid' }] },
  },
  {
    id: 'CMP-2',
    quote: 'gjøre tidsbestemt unntak fra første ledd',
    title: 'the exemption has expired',
    date: '2022-01-01',
    run: (d) =>
      otherPersonnel(
        buildNurse({
          courses: [],
          exemptions: [countyGovernorExemption('course-time-limited', '2021-01-01', '2021-12-31')],
        }),
        d,
      ),
    ok: false,
    paragraph: '§8 første ledd',
    missing: ['acute-medicine-course', 'violence-abuse-course'],
  },
  {
    id: 'CMP-2',
    quote: 'Fylkesmannen kan etter henvendelse fra kommunen gjøre tidsbestemt unntak',
    title: 'an exemption granted by the municipality itself is refused',
    date: D,
    run: (d) =>
      otherPersonnel(
        buildNurse({
          courses: [],
          exemptions: [
            {
              ...countyGovernorExemption('course-time-limited', '2021-01-01', '2021-12-31'),
              grantedByRole: 'municipality',
            },
          ],
        }),
        d,
      ),
    ok: false,
    paragraph: '§8 første ledd',
    missing: ['acute-medicine-course', 'violence-abuse-course'],
    has: { exemptions: [{ status: 'refused', reasons: [{ code: 'granted-by-county-governor' }] }] },
  },
];

// ---------------------------------------------------------------------------------------------
const SECTION_11: Case[] = [
  {
    id: 'CMP-3',
    quote: 'minst to personer, hvorav minst én skal ha autorisasjon som ambulansearbeider',
    title: 'car: two ambulance workers with C1 and emergency-driving certificate',
    date: D,
    run: (d) =>
      ambulanceCrew('car', crew([buildAmbulanceWorker(), 'driver'], [buildAmbulanceWorker(), 'crew']), d),
    ok: true,
    paragraph: '§11 første ledd',
  },
  {
    id: 'CMP-3',
    quote: 'Ambulansebiler som yter ambulansetjenester skal være bemannet med minst to personer',
    title: 'car: one person only',
    date: D,
    run: (d) => ambulanceCrew('car', crew([buildAmbulanceWorker(), 'driver']), d),
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['crew-two-persons'],
  },
  {
    id: 'CMP-3',
    quote: 'hvorav minst én skal ha autorisasjon som ambulansearbeider',
    title: 'car: two nurses, no ambulance worker',
    date: D,
    run: (d) => {
      const n = () =>
        buildAmbulanceWorker({
          authorisations: [authorised('nurse')],
          courses: [course('emergency-driving'), course('ambulance-competence')],
        });
      return ambulanceCrew('car', crew([n(), 'driver'], [n(), 'crew']), d);
    },
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['ambulance-worker'],
  },
  {
    id: 'CMP-3',
    quote: 'hvorav minst én skal ha autorisasjon som ambulansearbeider',
    title: 'car: a licence (lisens) as ambulance worker is not an authorisation',
    date: D,
    run: (d) => {
      const lic = buildAmbulanceWorker({
        authorisations: [authorised('ambulance-worker', '2010-01-01', { kind: 'licence' })],
      });
      return ambulanceCrew(
        'car',
        crew(
          [lic, 'driver'],
          [
            buildAmbulanceWorker({
              authorisations: [authorised('ambulance-worker', '2010-01-01', { kind: 'licence' })],
            }),
            'crew',
          ],
        ),
        d,
      );
    },
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['ambulance-worker'],
  },
  {
    id: 'CMP-3',
    quote:
      'Der det er bare én ambulansearbeider, må den andre personen ha autorisasjon eller lisens som helsepersonell og nødvendig ambulansefaglig kompetanse.',
    title: 'car: ambulance worker + nurse with ambulance competence',
    date: D,
    run: (d) => {
      const nurse = buildAmbulanceWorker({
        authorisations: [authorised('nurse')],
        courses: [course('emergency-driving'), course('ambulance-competence')],
      });
      return ambulanceCrew('car', crew([buildAmbulanceWorker(), 'driver'], [nurse, 'crew']), d);
    },
    ok: true,
    paragraph: '§11 første ledd',
  },
  {
    id: 'CMP-3',
    quote: 'må den andre personen ha autorisasjon eller lisens som helsepersonell',
    title: 'car: the other person has a nurse licence (lisens) and ambulance competence',
    date: D,
    run: (d) => {
      const nurse = buildAmbulanceWorker({
        authorisations: [authorised('nurse', '2020-01-01', { kind: 'licence' })],
        courses: [course('emergency-driving'), course('ambulance-competence')],
      });
      return ambulanceCrew('car', crew([buildAmbulanceWorker(), 'driver'], [nurse, 'crew']), d);
    },
    ok: true,
    paragraph: '§11 første ledd',
  },
  {
    id: 'CMP-3',
    quote: 'og nødvendig ambulansefaglig kompetanse',
    title: 'car: ambulance worker + nurse without ambulance competence',
    date: D,
    run: (d) => {
      const nurse = buildAmbulanceWorker({ authorisations: [authorised('nurse')] });
      return ambulanceCrew('car', crew([buildAmbulanceWorker(), 'driver'], [nurse, 'crew']), d);
    },
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['ambulance-competence'],
  },
  {
    id: 'CMP-3',
    quote: 'må den andre personen ha autorisasjon eller lisens som helsepersonell',
    title: 'car: ambulance worker + a student (no health authorisation)',
    date: D,
    run: (d) => {
      const student = buildAmbulanceWorker({
        authorisations: [],
        courses: [course('emergency-driving'), course('ambulance-competence')],
      });
      return ambulanceCrew('car', crew([buildAmbulanceWorker(), 'driver'], [student, 'crew']), d);
    },
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['other-health-personnel'],
  },
  {
    id: 'CMP-3',
    quote:
      'Begge personene skal ha førerkort for kjøretøyklassen og kompetansebevis for førere av utrykningskjøretøy.',
    title: 'car: the second person lacks the emergency-driving certificate',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'car',
        crew([buildAmbulanceWorker(), 'driver'], [buildAmbulanceWorker({ courses: [] }), 'crew']),
        d,
      ),
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['emergency-driving-certificate'],
  },
  {
    id: 'CMP-3',
    quote: 'Begge personene skal ha førerkort for kjøretøyklassen',
    title: 'car: class B licence when the car needs C1',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'car',
        crew(
          [buildAmbulanceWorker(), 'driver'],
          [buildAmbulanceWorker({ drivingLicences: [{ licenceClass: 'B', from: '2005-01-01' }] }), 'crew'],
        ),
        d,
      ),
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['driving-licence'],
  },
  {
    id: 'CMP-3',
    quote: 'Begge personene skal ha førerkort for kjøretøyklassen',
    title: 'car under 3,500 kg (class B): a C licence includes B',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'car',
        crew(
          [buildAmbulanceWorker({ drivingLicences: [{ licenceClass: 'B', from: '2005-01-01' }] }), 'driver'],
          [buildAmbulanceWorker({ drivingLicences: [{ licenceClass: 'C', from: '2005-01-01' }] }), 'crew'],
        ),
        d,
        { licenceClass: 'B' },
      ),
    ok: true,
    paragraph: '§11 første ledd',
  },
  {
    id: 'CMP-3',
    quote: 'Ambulansebiler som yter ambulansetjenester skal være bemannet med minst to personer',
    title: 'car: three people, the best pair is compliant, the third is extra',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'car',
        crew([buildPerson(), 'crew'], [buildAmbulanceWorker(), 'driver'], [buildAmbulanceWorker(), 'crew']),
        d,
      ),
    ok: true,
    paragraph: '§11 første ledd',
  },
  {
    id: 'CMP-3',
    quote: 'For vikariater av inntil to måneders varighet kan det gjøres unntak fra kravet i første ledd',
    title: 'car: one-month substitute exempted from licence and certificate, the other person drives',
    date: D,
    run: (d) => {
      const sub = buildDrivingSubstitute('2021-06-30');
      return ambulanceCrew('car', crew([buildAmbulanceWorker(), 'driver'], [sub, 'crew']), d);
    },
    ok: true,
    paragraph: '§11 første ledd',
    has: { exemptions: [{ kind: 'driving-substitute', status: 'valid' }] },
  },
  {
    id: 'CMP-3',
    quote: 'For vikariater av inntil to måneders varighet',
    title: 'car: exemption refused for a three-month substitute',
    date: D,
    run: (d) => {
      const sub = buildDrivingSubstitute('2021-08-31');
      return ambulanceCrew('car', crew([buildAmbulanceWorker(), 'driver'], [sub, 'crew']), d);
    },
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['driving-licence', 'emergency-driving-certificate'],
    has: {
      exemptions: [
        { status: 'refused', reasons: [{ code: 'substitute-two-months', paragraph: '§11 sjette ledd' }] },
      ],
    },
  },
  {
    id: 'CMP-3',
    quote: 'unntak fra kravet i første ledd om at begge personene på ambulansebilen må ha førerkort',
    title: 'car: both persons exempted — nobody may drive',
    date: D,
    run: (d) => {
      const sub = () => buildDrivingSubstitute('2021-06-30');
      return ambulanceCrew('car', crew([sub(), 'crew'], [sub(), 'crew']), d);
    },
    ok: false,
    paragraph: '§11 sjette ledd',
    missing: ['one-qualified-driver'],
  },
  {
    id: 'CMP-3',
    quote: 'unntak fra kravet i første ledd om at begge personene på ambulansebilen må ha førerkort',
    title: 'car: the exempted substitute is rostered as the driver',
    date: D,
    run: (d) => {
      const sub = buildDrivingSubstitute('2021-06-30');
      return ambulanceCrew('car', crew([sub, 'driver'], [buildAmbulanceWorker(), 'crew']), d);
    },
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['driver-qualified'],
  },
  {
    id: 'CMP-3',
    quote:
      'Ambulansebåter som yter ambulansetjenester skal i tillegg til båtfører være bemannet med minst én person med autorisasjon som ambulansearbeider.',
    title: 'boat: skipper and an ambulance worker',
    date: D,
    run: (d) => ambulanceCrew('boat', crew([buildPerson(), 'skipper'], [buildAmbulanceWorker(), 'crew']), d),
    ok: true,
    paragraph: '§11 tredje ledd',
  },
  {
    id: 'CMP-3',
    quote: 'i tillegg til båtfører være bemannet med minst én person med autorisasjon som ambulansearbeider',
    title: 'boat: the skipper is the only ambulance worker',
    date: D,
    run: (d) => ambulanceCrew('boat', crew([buildAmbulanceWorker(), 'skipper'], [buildNurse(), 'crew']), d),
    ok: false,
    paragraph: '§11 tredje ledd',
    missing: ['boat-ambulance-worker'],
  },
  {
    id: 'CMP-3',
    quote: 'i tillegg til båtfører',
    title: 'boat: no skipper rostered',
    date: D,
    run: (d) => ambulanceCrew('boat', crew([buildAmbulanceWorker(), 'crew']), d),
    ok: false,
    paragraph: '§11 tredje ledd',
    missing: ['skipper'],
  },
  {
    id: 'CMP-3',
    quote: 'Ambulansefly skal være bemannet med sykepleier med nødvendig kompetanse.',
    title: 'plane: nurse with air-ambulance competence (pilot not assessed)',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'plane',
        crew(
          [buildPerson(), 'pilot'],
          [buildNurse({ courses: [course('air-ambulance-competence')] }), 'nurse'],
        ),
        d,
      ),
    ok: true,
    paragraph: '§11 fjerde ledd',
  },
  {
    id: 'CMP-3',
    quote: 'Ambulansefly skal være bemannet med sykepleier med nødvendig kompetanse.',
    title: 'plane: nurse without documented air-ambulance competence',
    date: D,
    run: (d) => ambulanceCrew('plane', crew([buildNurse(), 'nurse']), d),
    ok: false,
    paragraph: '§11 fjerde ledd',
    missing: ['flight-nurse'],
  },
  {
    id: 'CMP-3',
    quote: 'Ambulansefly skal være bemannet med sykepleier',
    title: 'plane: an ambulance worker is not a nurse',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'plane',
        crew([buildAmbulanceWorker({ courses: [course('air-ambulance-competence')] }), 'crew']),
        d,
      ),
    ok: false,
    paragraph: '§11 fjerde ledd',
    missing: ['flight-nurse'],
  },
  {
    id: 'CMP-3',
    quote:
      'Ambulanse- og redningshelikoptre skal være bemannet med lege og redningsmann med nødvendig kompetanse.',
    title: 'helicopter: doctor and rescue crew member',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'helicopter',
        crew(
          [buildPerson(), 'pilot'],
          [buildDoctor({ courses: [course('air-ambulance-competence')] }), 'doctor'],
          [buildAmbulanceWorker({ courses: [course('rescue-crew-competence')] }), 'rescue-crew'],
        ),
        d,
      ),
    ok: true,
    paragraph: '§11 fjerde ledd',
  },
  {
    id: 'CMP-3',
    quote: 'bemannet med lege og redningsmann med nødvendig kompetanse',
    title: 'helicopter: doctor but no rescue crew member',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'helicopter',
        crew([buildDoctor({ courses: [course('air-ambulance-competence')] }), 'doctor']),
        d,
      ),
    ok: false,
    paragraph: '§11 fjerde ledd',
    missing: ['rescue-crew'],
  },
  {
    id: 'CMP-3',
    quote: 'bemannet med lege og redningsmann',
    title: 'helicopter: one doctor with both competences is not two people',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'helicopter',
        crew([
          buildDoctor({ courses: [course('air-ambulance-competence'), course('rescue-crew-competence')] }),
          'doctor',
        ]),
        d,
      ),
    ok: false,
    paragraph: '§11 fjerde ledd',
    missing: ['rescue-crew'],
  },
  {
    id: 'CMP-3',
    quote: 'bemannet med lege og redningsmann med nødvendig kompetanse',
    title: 'helicopter: rescue crew member but the doctor lacks the competence',
    date: D,
    run: (d) =>
      ambulanceCrew(
        'helicopter',
        crew(
          [buildDoctor(), 'doctor'],
          [buildAmbulanceWorker({ courses: [course('rescue-crew-competence')] }), 'rescue-crew'],
        ),
        d,
      ),
    ok: false,
    paragraph: '§11 fjerde ledd',
    missing: ['helicopter-doctor'],
  },
];

// ---------------------------------------------------------------------------------------------
const OPERATORS: Case[] = [
  {
    id: 'CMP-4',
    quote:
      'bemannes med personell med relevant helsefaglig utdanning på bachelornivå, nødvendig klinisk praksis og gjennomført tilleggsopplæring for arbeid som operatør',
    title: 'LV operator: nurse with bachelor, 24 months practice and operator training',
    date: D,
    run: (d) => lvOperator(buildLvOperator(), d),
    ok: true,
    paragraph: '§13 bokstav f',
  },
  {
    id: 'CMP-4',
    quote: 'relevant helsefaglig utdanning på bachelornivå',
    title: 'LV operator: health secretary with vocational education only',
    date: D,
    run: (d) =>
      lvOperator(
        buildLvOperator({
          authorisations: [authorised('other-health')],
          education: [
            { level: 'vocational', field: 'health', title: 'Helsesekretær', completedAt: '2008-06-01' },
          ],
        }),
        d,
      ),
    ok: false,
    paragraph: '§13 bokstav f',
    missing: ['bachelor-health-education'],
  },
  {
    id: 'CMP-4',
    quote: 'relevant helsefaglig utdanning på bachelornivå',
    title: 'LV operator: a bachelor outside health does not count',
    date: D,
    run: (d) =>
      lvOperator(
        buildLvOperator({
          authorisations: [],
          education: [
            { level: 'bachelor', field: 'other', title: 'Bachelor i økonomi', completedAt: '2008-06-01' },
          ],
        }),
        d,
      ),
    ok: false,
    paragraph: '§13 bokstav f',
    missing: ['bachelor-health-education'],
  },
  {
    id: 'CMP-4',
    quote: 'relevant helsefaglig utdanning på bachelornivå',
    title: 'LV operator: nurse authorisation counts as bachelor-level health education',
    date: D,
    run: (d) => lvOperator(buildLvOperator({ education: [] }), d),
    ok: true,
    paragraph: '§13 bokstav f',
  },
  {
    id: 'CMP-4',
    quote: 'nødvendig klinisk praksis',
    title: 'LV operator: no clinical practice',
    date: D,
    run: (d) => lvOperator(buildLvOperator({ clinicalPracticeMonths: 0 }), d),
    ok: false,
    paragraph: '§13 bokstav f',
    missing: ['clinical-practice'],
  },
  {
    id: 'CMP-4',
    quote: 'nødvendig klinisk praksis',
    title: 'LV operator: 12 months when the municipality requires 24',
    date: D,
    run: (d) =>
      lvOperator(buildLvOperator({ clinicalPracticeMonths: 12 }), d, { minimumClinicalPracticeMonths: 24 }),
    ok: false,
    paragraph: '§13 bokstav f',
    missing: ['clinical-practice'],
  },
  {
    id: 'CMP-4',
    quote: 'gjennomført tilleggsopplæring for arbeid som operatør',
    title: 'LV operator: no operator training',
    date: D,
    run: (d) =>
      lvOperator(buildLvOperator({ courses: [course('acute-medicine'), course('violence-abuse')] }), d),
    ok: false,
    paragraph: '§13 bokstav f',
    missing: ['lv-operator-training'],
  },
  {
    id: 'CMP-4',
    quote:
      'bemannes med sykepleier eller ambulansearbeider som har gjennomført tilleggsopplæring for arbeid som operatør',
    title: 'AMK operator: nurse with AMK operator training',
    date: D,
    run: (d) => amkOperator(buildNurse({ courses: [course('amk-operator-training')] }), d),
    ok: true,
    paragraph: '§15 bokstav l',
  },
  {
    id: 'CMP-4',
    quote: 'bemannes med sykepleier eller ambulansearbeider',
    title: 'AMK operator: ambulance worker with AMK operator training',
    date: D,
    run: (d) => amkOperator(buildAmbulanceWorker({ courses: [course('amk-operator-training')] }), d),
    ok: true,
    paragraph: '§15 bokstav l',
  },
  {
    id: 'CMP-4',
    quote: 'bemannes med sykepleier eller ambulansearbeider',
    title: 'AMK operator: a paramedic without nurse or ambulance-worker authorisation',
    date: D,
    run: (d) =>
      amkOperator(
        buildPerson({
          authorisations: [authorised('paramedic')],
          courses: [course('amk-operator-training')],
        }),
        d,
      ),
    ok: false,
    paragraph: '§15 bokstav l',
    missing: ['nurse-or-ambulance-worker'],
  },
  {
    id: 'CMP-4',
    quote: 'som har gjennomført tilleggsopplæring for arbeid som operatør',
    title: 'AMK operator: LV operator training is not AMK operator training',
    date: D,
    run: (d) => amkOperator(buildNurse({ courses: [course('lv-operator-training')] }), d),
    ok: false,
    paragraph: '§15 bokstav l',
    missing: ['amk-operator-training'],
  },
  {
    id: 'CMP-4',
    quote: 'ha tilgjengelig lege med akuttmedisinsk kompetanse på døgnbasis',
    title: 'AMK doctor with the acute-medicine course',
    date: D,
    run: (d) => amkDoctor(buildDoctor({ courses: [course('acute-medicine')] }), d),
    ok: true,
    paragraph: '§15 bokstav m',
  },
  {
    id: 'CMP-4',
    quote: 'lege med akuttmedisinsk kompetanse',
    title: 'AMK doctor: specialist in anaesthesiology',
    date: D,
    run: (d) =>
      amkDoctor(buildDoctor({ specialities: [{ code: 'anaesthesiology', approvedAt: '2015-01-01' }] }), d),
    ok: true,
    paragraph: '§15 bokstav m',
  },
  {
    id: 'CMP-4',
    quote: 'lege med akuttmedisinsk kompetanse',
    title: 'AMK doctor without acute-medicine competence',
    date: D,
    run: (d) => amkDoctor(buildDoctor(), d),
    ok: false,
    paragraph: '§15 bokstav m',
    missing: ['acute-medicine-competence'],
  },
];

// ---------------------------------------------------------------------------------------------
const SECTION_21: Case[] = [
  {
    id: 'CMP-5',
    resultId: 'CMP-1',
    quote:
      'Krav til grunnkompetanse for lege etter § 7 første ledd skal være oppfylt innen tre år fra forskriften trer i kraft.',
    title: 'doctor without basic competence or courses the day before 1 May 2018: may be on call alone',
    date: '2018-04-30',
    run: (d) => doctorOnCall(buildDoctor(), d),
    ok: true,
    paragraph: '§7 første ledd bokstav a',
    deferred: ['general-medicine-specialist', 'violence-abuse-course'],
    has: {
      mayBeAlone: true,
      notYetInForce: [
        { code: 'general-medicine-specialist', inForceFrom: '2018-05-01' },
        { inForceFrom: '2020-05-01' },
      ],
    },
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-1',
    quote: 'Krav til grunnkompetanse for lege etter § 7 første ledd skal være oppfylt innen tre år',
    title: 'the same doctor on 1 May 2018 needs a back-up doctor (courses still deferred)',
    date: '2018-05-01',
    run: (d) => doctorOnCall(buildDoctor(), d),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['general-medicine-specialist'],
    deferred: ['violence-abuse-course'],
    has: { needsBackup: true },
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-1',
    quote:
      'Krav til kurs for lege etter § 7 første ledd og til annet helsepersonell etter § 8 første ledd skal være oppfylt innen fem år',
    title: 'specialist without the violence/abuse course on 30 April 2020: may be on call alone',
    date: '2020-04-30',
    run: (d) => doctorOnCall(buildSpecialist({ courses: [] }), d),
    ok: true,
    paragraph: '§7 første ledd bokstav a',
    deferred: ['violence-abuse-course'],
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-1',
    quote: 'Krav til kurs for lege etter § 7 første ledd',
    title: 'the same specialist on 1 May 2020 needs a back-up doctor',
    date: '2020-05-01',
    run: (d) => doctorOnCall(buildSpecialist({ courses: [] }), d),
    ok: false,
    paragraph: '§7 første ledd',
    missing: ['violence-abuse-course'],
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-1',
    quote: 'Krav til kurs for lege etter § 7 første ledd',
    title: 'approved GP with 40 shifts but no courses in 2019: letter b met, courses deferred',
    date: '2019-03-01',
    run: (d) => doctorOnCall(buildApprovedGp({ courses: [] }), d),
    ok: true,
    paragraph: '§7 første ledd bokstav b',
    deferred: ['acute-medicine-course', 'violence-abuse-course'],
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-2',
    quote: 'og til annet helsepersonell etter § 8 første ledd skal være oppfylt innen fem år',
    title: '§8: nurse without courses on 30 April 2020 is not in breach',
    date: '2020-04-30',
    run: (d) => otherPersonnel(buildNurse({ courses: [] }), d),
    ok: true,
    paragraph: '§8 første ledd',
    deferred: ['acute-medicine-course', 'violence-abuse-course'],
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-2',
    quote: 'og til annet helsepersonell etter § 8 første ledd skal være oppfylt innen fem år',
    title: '§8: the same nurse on 1 May 2020 is',
    date: '2020-05-01',
    run: (d) => otherPersonnel(buildNurse({ courses: [] }), d),
    ok: false,
    paragraph: '§8 første ledd',
    missing: ['acute-medicine-course', 'violence-abuse-course'],
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-3',
    quote:
      'Kompetansekrav til bemanning i ambulansebiler etter § 11 første ledd skal være oppfylt innen tre år fra forskriften trer i kraft.',
    title: 'car staffed by two unauthorised people on 30 April 2018: competence not yet required',
    date: '2018-04-30',
    run: (d) => ambulanceCrew('car', crew([buildPerson(), 'driver'], [buildPerson(), 'crew']), d),
    ok: true,
    paragraph: '§11 første ledd',
    deferred: [
      'ambulance-worker',
      'driving-licence',
      'emergency-driving-certificate',
      'driving-licence',
      'emergency-driving-certificate',
      'driver-qualified',
    ],
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-3',
    quote: 'Kompetansekrav til bemanning i ambulansebiler etter § 11 første ledd',
    title: 'the same car on 1 May 2018',
    date: '2018-05-01',
    run: (d) => ambulanceCrew('car', crew([buildPerson(), 'driver'], [buildPerson(), 'crew']), d),
    ok: false,
    paragraph: '§11 første ledd',
    missing: [
      'ambulance-worker',
      'driving-licence',
      'emergency-driving-certificate',
      'driving-licence',
      'emergency-driving-certificate',
      'driver-qualified',
    ],
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-3',
    quote: 'Kompetansekrav til bemanning i ambulansebiler',
    title: 'a one-person car in 2016: the head count is not a competence requirement and applies from 2015',
    date: '2016-01-01',
    run: (d) => ambulanceCrew('car', crew([buildAmbulanceWorker(), 'driver']), d),
    ok: false,
    paragraph: '§11 første ledd',
    missing: ['crew-two-persons'],
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-3',
    quote: 'Kompetansekrav til bemanning i ambulansebiler',
    title: 'boats are not covered by the transition: a boat without ambulance worker in 2016',
    date: '2016-01-01',
    run: (d) => ambulanceCrew('boat', crew([buildPerson(), 'skipper'], [buildPerson(), 'crew']), d),
    ok: false,
    paragraph: '§11 tredje ledd',
    missing: ['boat-ambulance-worker'],
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-4',
    quote: 'Forskriften, med unntak av § 13 bokstav a, trer i kraft 1. mai 2015.',
    title: 'before the regulation: an LV operator without anything is not in breach',
    date: '2015-04-30',
    run: (d) => lvOperator(buildPerson(), d),
    ok: true,
    paragraph: '§13 bokstav f',
    deferred: ['bachelor-health-education', 'clinical-practice', 'lv-operator-training'],
    has: {
      notYetInForce: [
        { inForceFrom: '2015-05-01' },
        { inForceFrom: '2015-05-01' },
        { inForceFrom: '2015-05-01' },
      ],
    },
  },
  {
    id: 'CMP-5',
    resultId: 'CMP-4',
    quote: 'Forskriften, med unntak av § 13 bokstav a, trer i kraft 1. mai 2015.',
    title: '§13 f applies from the first day, without transition',
    date: '2015-05-01',
    run: (d) => lvOperator(buildPerson(), d),
    ok: false,
    paragraph: '§13 bokstav f',
    missing: ['bachelor-health-education', 'clinical-practice', 'lv-operator-training'],
  },
];

describe('§7 første ledd: may the doctor be on call alone (CMP-1)', () => runCases(SECTION_7_FIRST));
describe('§7 annet ledd: back-up doctor (CMP-1)', () => runCases(SECTION_7_SECOND));
describe('§7 tredje ledd: county governor exemption (CMP-1)', () => runCases(SECTION_7_THIRD));
describe('§8: other health personnel (CMP-2)', () => runCases(SECTION_8));
describe('§11: ambulance crews (CMP-3)', () => runCases(SECTION_11));
describe('§13 bokstav f, §15 bokstav l and m: operators and the AMK doctor (CMP-4)', () =>
  runCases(OPERATORS));
describe('§21 and §22: transition and entry into force (CMP-5)', () => runCases(SECTION_21));

describe('§21 transitionalRules (CMP-5)', () => {
  const table: { date: string; quote: string; inForce: string[]; regulation: boolean }[] = [
    { date: '2015-04-30', quote: 'trer i kraft 1. mai 2015', regulation: false, inForce: [] },
    { date: '2015-05-01', quote: 'trer i kraft 1. mai 2015', regulation: true, inForce: ['regulation'] },
    {
      date: '2015-09-01',
      quote: 'Forskriften § 13 bokstav a trer i kraft 1. september 2015.',
      regulation: true,
      inForce: ['regulation', 'section-13a'],
    },
    {
      date: '2018-05-01',
      quote: 'skal være oppfylt innen tre år fra forskriften trer i kraft',
      regulation: true,
      inForce: ['regulation', 'section-13a', 'section-7-basic', 'section-11-car'],
    },
    {
      date: '2020-04-30',
      quote: 'skal være oppfylt innen fem år fra forskriften trer i kraft',
      regulation: true,
      inForce: ['regulation', 'section-13a', 'section-7-basic', 'section-11-car'],
    },
    {
      date: '2020-05-01',
      quote: 'skal være oppfylt innen fem år fra forskriften trer i kraft',
      regulation: true,
      inForce: [
        'regulation',
        'section-13a',
        'section-7-basic',
        'section-7-courses',
        'section-8-courses',
        'section-11-car',
      ],
    },
  ];
  it.each(table)('CMP-5 §21/§22 on $date: $inForce', (row) => {
    const rules = transitionalRules(row.date);
    expect(rules.regulationInForce).toBe(row.regulation);
    expect(
      rules.items
        .filter((i) => i.inForce)
        .map((i) => i.id)
        .sort(),
    ).toEqual([...row.inForce].sort());
    expect(rules.notes).toHaveLength(rules.items.length - row.inForce.length);
  });
  it('CMP-5 rejects a date that is not YYYY-MM-DD', () => {
    expect(() => transitionalRules('2020-02-30')).toThrow(/calendar date/);
  });

  it('quotes of the transition table occur in the regulation', () => {
    for (const row of table) expect(quoteOccursIn(REGULATION, row.quote), row.quote).toBe(true);
  });
});

const REGULATION = readFileSync(new URL('./fixtures/akuttmedisinforskriften.txt', import.meta.url), 'utf8');

describe('the quotes are the regulation’s own words', () => {
  const all = [
    SECTION_7_FIRST,
    SECTION_7_SECOND,
    SECTION_7_THIRD,
    SECTION_8,
    SECTION_11,
    OPERATORS,
    SECTION_21,
  ].flat();
  const quotes = [...new Set(all.map((c) => c.quote))];
  it.each(quotes)('occurs in akuttmedisinforskriften: %s', (quote) => {
    expect(quoteOccursIn(REGULATION, quote)).toBe(true);
  });
  it('a made-up sentence does not occur', () => {
    expect(quoteOccursIn(REGULATION, 'Legen må ha gjennomført 20 legevakter på sykehus')).toBe(false);
  });
});
