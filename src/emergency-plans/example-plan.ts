/**
 * The example plan of the embedded default (LV-7): on the first start that makes the demo users
 * (server/demo-users.ts), one crisis-alert plan for Bergen with a small generated PDF, so a new
 * user signed in as `operator.bergen` or `leder.bergen` sees the register with something in it.
 * It is marked as an example in its title, notes and PDF; its contacts are invented, and their
 * numbers are Bergen legevaktsentral's own from the fictional default data set (docs/data.md: do
 * not dial them). Delete it once the municipality's real plan is in.
 */
import type { Actor } from '../platform/auth/actor.ts';
import { renderPdf } from '../platform/pdf.ts';
import { addDays } from '../platform/time/calendar.ts';
import type { RoutingRuntime } from '../routing/runtime.ts';
import { attachDocument, type DocumentDeps } from './documents/attach-document.ts';
import { createPlan } from './maintain-plans.ts';

export const EXAMPLE_MUNICIPALITY = '4601';
export const EXAMPLE_TITLE = 'EKSEMPEL – Kriseplan for Bergen kommune';

/** Creates the example plan with its PDF; null when the data in force has no Bergen or its centre. */
export async function createExamplePlan(
  deps: DocumentDeps,
  runtime: RoutingRuntime,
  actor: Actor,
): Promise<{ planId: string } | null> {
  const place = deps.directory.place(EXAMPLE_MUNICIPALITY);
  const centre = place?.centreId
    ? runtime.current().compiled.centreById.get(place.centreId)?.centre
    : undefined;
  if (!place || !centre) return null;
  const today = deps.today();
  const plan = await createPlan(deps, actor, EXAMPLE_MUNICIPALITY, {
    kind: 'crisis-alert-plan',
    title: EXAMPLE_TITLE,
    version: 'eksempel',
    validFrom: today,
    reviewBy: addDays(today, 365),
    responsible: 'Eksempel: kommunedirektøren',
    notes:
      'Et oppdiktet eksempel som nodmeld la inn ved første oppstart, for å vise registeret. ' +
      'Navnene er oppdiktet, og numrene er fra de fiktive standarddataene – ikke ring dem. ' +
      'Slett planen når kommunens egen plan er lagt inn.',
    contacts: [
      {
        name: 'Eksempel: beredskapsleder',
        role: 'Kommunens beredskapsleder',
        phones: [centre.internalNumber],
        availability: 'around-the-clock',
        note: 'Varsles først (oppdiktet)',
      },
      {
        name: 'Eksempel: kommuneoverlege',
        role: 'Kommuneoverlege',
        phones: [centre.publicNumber],
        availability: 'office-hours',
        note: 'Utenom kontortid: beredskapslederen',
      },
      {
        name: 'Eksempel: kriseteam',
        role: 'Psykososialt kriseteam',
        phones: [centre.alternativeSite.number],
        availability: 'on-call',
        note: null,
      },
    ],
  });
  const pdf = await renderPdf({ title: EXAMPLE_TITLE, subject: 'Eksempel (oppdiktet)' }, (doc) => {
    doc.fontSize(20).text('EKSEMPEL – oppdiktet plan');
    doc.moveDown().fontSize(14).text('Kriseplan for Bergen kommune');
    doc
      .moveDown()
      .fontSize(11)
      .text(
        'Dette dokumentet er laget av nodmeld for å vise registeret over beredskapsplaner. ' +
          'Innholdet er oppdiktet. Varslingslisten står i planen i nodmeld.',
      );
  });
  await attachDocument(deps, actor, plan.id, {
    contentType: 'application/pdf',
    contentLength: pdf.length,
    filename: 'EKSEMPEL kriseplan Bergen.pdf',
    title: 'Eksempel (oppdiktet)',
    body: (async function* () {
      yield pdf;
    })(),
  });
  return { planId: plan.id };
}
