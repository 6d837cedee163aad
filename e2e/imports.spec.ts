import { adminToken, apiCall, expect, signIn, test, unique, buildStation } from './fixtures.ts';

test.describe('CSV import: all rows or none', () => {
  test('a file with bad rows lists them by line and column and imports nothing', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const station = await buildStation(baseURL!, token, 'Stasjon Import');
    const good = unique('God Rad');
    const csv = [
      'name,hpr_number,employer_unit_id,email',
      `${good},,${station.id},god@example.no`,
      `,,${station.id},`,
      `Feil Hpr,12x,${station.id},`,
    ].join('\n');

    await signIn(page, '/readiness/import');
    const form = page.getByRole('form', { name: 'Personer' });
    await form
      .getByLabel('CSV-fil')
      .setInputFiles({ name: 'personer.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.getByRole('button', { name: 'Last opp og kontroller' }).click();

    const errors = form.getByTestId('csv-row-errors');
    await expect(errors).toContainText('Ingenting ble importert');
    const rows = errors.getByRole('table').getByRole('row');
    // Row errors in bokmål (issue 8).
    await expect(rows.filter({ hasText: 'Må fylles ut' })).toContainText('3');
    await expect(rows.filter({ hasText: 'HPR-nummer: 4–9 sifre' })).toContainText('4');
    await expect(errors).not.toContainText('is required');
    await expect(rows.filter({ hasText: 'hpr_number' })).toHaveCount(1);

    // Nothing was imported, not even the good row on line 2.
    const people = await apiCall<{ items: { name: string }[] }>(
      baseURL!,
      token,
      'GET',
      `/api/v1/readiness/training/people?q=${encodeURIComponent(good)}`,
    );
    expect(people.items.filter((p) => p.name === good)).toHaveLength(0);

    // The corrected file imports every row.
    const fixed = [csv.split('\n')[0], csv.split('\n')[1], `Rettet Rad ${good},12345678,${station.id},`].join(
      '\n',
    );
    await form
      .getByLabel('CSV-fil')
      .setInputFiles({ name: 'personer.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await form.getByRole('button', { name: 'Last opp og kontroller' }).click();
    await expect(form.getByRole('status')).toContainText('Importert: 2 rader');
    await expect(form.getByTestId('csv-row-errors')).toHaveCount(0);
  });
});
