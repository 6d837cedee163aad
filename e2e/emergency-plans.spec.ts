/**
 * Beredskapsplaner (LV-7) in the browser, against the real server: a leader of Bergen
 * legevaktsentral creates a crisis-alert plan for Bergen with its alerting list and uploads the
 * plan as a PDF; an operator of the same centre finds it from the control room, sees the contacts
 * with their numbers as tel: links, and downloads the same bytes. A plan past its review date is
 * flagged. On an answered call, the caller's municipality's plans are one click away. axe finds no
 * serious or critical violation, in bokmål and in English.
 */
import { readFile } from 'node:fs/promises';
import { renderPdf } from '../src/platform/pdf.ts';
import { adminToken, apiCall, expect, noSeriousViolations, signInAs, test, unique } from './fixtures.ts';
import { buildUser, openBergen, PASSWORD, postEvents, uid, waitingCall } from './control-room-helpers.ts';

const planPdf = () =>
  renderPdf({ title: 'Kriseplan Bergen kommune' }, (doc) => {
    doc.fontSize(18).text('Kriseplan for Bergen kommune');
    doc.moveDown().fontSize(11).text('Varslingsliste: beredskapsleder, kommuneoverlege, kriseteam.');
  });

test.describe('emergency plans (LV-7)', () => {
  test('a leader creates a plan with contacts and uploads its PDF; an operator of the centre finds it and downloads it', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const leader = await buildUser(baseURL!, token, 'centre-leader');
    const operator = await buildUser(baseURL!, token, 'operator');
    const title = unique('Kriseplan Bergen');

    // The leader: from the list to Bergen, a new plan with two contacts in alerting order.
    await signInAs(page, leader, PASSWORD, '/emergency-plans');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beredskapsplaner');
    const table = page.getByTestId('plans-table');
    await page.getByLabel('Kommunenavn eller -nummer').fill('Bergen');
    await table.getByRole('link', { name: 'Bergen (4601)' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beredskapsplaner: Bergen');
    await page.getByRole('button', { name: 'Ny plan' }).click();
    const form = page.getByRole('form', { name: 'Ny plan' });
    await form.getByLabel('Type plan').selectOption({ label: 'Kriseplan / varslingsplan' });
    await form.getByLabel('Tittel').fill(title);
    await form.getByLabel('Versjon').fill('2.1');
    await form.getByLabel('Revideres innen').fill('31.12.2030');
    const first = form.getByRole('group', { name: 'Kontakt 1' });
    await first.getByLabel('Navn').fill('Kari Beredskap');
    await first.getByLabel('Rolle / funksjon').fill('Beredskapsleder');
    await first.getByLabel('Telefon').fill('+47 55 55 55 55, 915 00 000');
    await form.getByRole('button', { name: 'Legg til kontakt' }).click();
    const second = form.getByRole('group', { name: 'Kontakt 2' });
    await second.getByLabel('Navn').fill('Ola Overlege');
    await second.getByLabel('Rolle / funksjon').fill('Kommuneoverlege');
    await second.getByLabel('Telefon').fill('55 12 34 56');
    await second.getByLabel('Tilgjengelig').selectOption({ label: 'Kontortid' });
    await noSeriousViolations(page);
    await form.getByRole('button', { name: 'Opprett planen' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `Planen «${title}» er opprettet.` }),
    ).toBeVisible();
    const plan = page.locator('[data-testid="plan"]').filter({ hasText: title });
    await expect(plan.getByTestId('plan-contacts')).toContainText('Kari Beredskap');
    await expect(plan.getByRole('link', { name: '+47 55 55 55 55' })).toHaveAttribute(
      'href',
      'tel:+4755555555',
    );

    // Its PDF, on the plan's own page.
    await plan.getByRole('link', { name: 'Åpne planen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    const pdf = await planPdf();
    const upload = page.getByRole('form', { name: 'Last opp dokument' });
    await upload.getByLabel('Fil', { exact: true }).setInputFiles({
      name: 'Kriseplan Bergen.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await upload.getByLabel('Beskrivelse (valgfritt)').fill('Vedtatt plan');
    await upload.getByRole('button', { name: 'Last opp' }).click();
    await expect(upload.getByRole('status')).toContainText('«Kriseplan Bergen.pdf» er lastet opp.');
    await expect(page.getByTestId('plan-documents')).toContainText('Vedtatt plan');
    // A file that is not a plan document is stopped before it is sent.
    await upload.getByLabel('Fil', { exact: true }).setInputFiles({
      name: 'plan.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from('PK\x03\x04'),
    });
    await upload.getByRole('button', { name: 'Last opp' }).click();
    await expect(upload).toContainText('Denne filtypen tas ikke imot');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: 'Logg ut' }).click();

    // The operator: the control room's link, the list, the plan, the download.
    await signInAs(page, operator, PASSWORD, '/calls/control-room');
    await expect(page.getByTestId('plans-link')).toHaveAttribute('href', '/emergency-plans?centre=lv-bergen');
    await expect(page.getByTestId('plans-link')).toHaveAttribute('target', '_blank');
    await page.goto('/emergency-plans?centre=lv-bergen');
    await expect(page.getByTestId('centre-filter')).toHaveText(
      'Viser kommunene Bergen legevaktsentral betjener.',
    );
    const row = page.getByTestId('plans-table').getByRole('row', { name: /Bergen \(4601\)/ });
    await expect(row.getByRole('link', { name: title })).toBeVisible();
    await expect(page.getByTestId('plans-table')).not.toContainText('Oslo');
    await noSeriousViolations(page);
    await row.getByRole('link', { name: 'Bergen (4601)' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beredskapsplaner: Bergen');
    await expect(page.getByRole('button', { name: 'Ny plan' })).toHaveCount(0);
    await expect(page.getByText('Du kan lese planene.')).toBeVisible();
    const seen = page.locator('[data-testid="plan"]').filter({ hasText: title });
    await expect(seen.getByRole('link', { name: '55 12 34 56' })).toHaveAttribute('href', 'tel:55123456');
    const downloading = page.waitForEvent('download');
    await seen.getByRole('button', { name: 'Last ned Kriseplan Bergen.pdf' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Kriseplan Bergen.pdf');
    expect((await readFile(await download.path())).equals(pdf)).toBe(true);
    await page.mouse.move(0, 0); // not the pointer's hover colour over the button just clicked
    await noSeriousViolations(page);
    // The same page in English.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emergency plans: Bergen');
    await expect(seen.getByTestId('plan-contacts')).toContainText('Around the clock');
    await noSeriousViolations(page);
    await page.getByRole('button', { name: /Norsk/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beredskapsplaner: Bergen');
  });

  test('a plan past its review date is flagged; the caller’s municipality’s plans are one click from an answered call', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const operator = await buildUser(baseURL!, token, 'operator');
    const title = unique('Helseberedskapsplan Askøy');
    await apiCall(baseURL!, token, 'POST', '/api/v1/emergency-plans/municipalities/4627/plans', {
      kind: 'health-emergency-plan',
      title,
      reviewBy: '2020-01-31',
      contacts: [
        { name: 'Per Vakt', role: 'Legevaktlege', phones: ['56 00 00 00'], availability: 'on-call' },
      ],
    });
    await signInAs(page, operator, PASSWORD, '/emergency-plans');
    await page.getByLabel('Vis').selectOption({ label: 'Revisjon forfalt' });
    const row = page.getByTestId('plans-table').getByRole('row', { name: /Askøy/ });
    await expect(row).toContainText('Revisjon forfalt 31.01.2020');
    await expect(row.getByRole('link', { name: '56 00 00 00' })).toHaveAttribute('href', 'tel:56000000');
    await noSeriousViolations(page);
    await page.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('[data-review="overdue"]').first()).toHaveText('Revisjon forfalt 31.01.2020');
    await noSeriousViolations(page);

    // An answered call from Bergen: its plans are a link away (a new tab).
    await page.goto('/calls/control-room');
    await openBergen(page);
    const callId = `ep-${uid()}`;
    await postEvents(baseURL!, token, waitingCall(callId, 5_000));
    await expect(page.getByTestId('queue-row')).toHaveCount(1);
    await page.keyboard.press('s');
    const answered = page.getByTestId('answered');
    const link = answered.getByRole('link', { name: /Beredskapsplaner for Bergen/ });
    await expect(link).toHaveAttribute('href', '/emergency-plans/municipalities/4601');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await expect(tab.getByRole('heading', { level: 1 })).toHaveText('Beredskapsplaner: Bergen');
    await tab.close();
    await expect(answered).toBeVisible();
    await noSeriousViolations(page);
  });
});
