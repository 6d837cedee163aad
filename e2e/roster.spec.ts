import { adminToken, apiCall, expect, signIn, test, unique, buildStation, uploadRoster } from './fixtures.ts';

test.describe('roster check (CMP-3)', () => {
  test('an ambulance car staffed by one untrained person shows the §11 violation with the person', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const station = await buildStation(baseURL!, token, 'Ambulansestasjon Vakt');
    const name = unique('Sjåfør Solo');
    const employeeNumber = `E${Date.now().toString(36)}`;
    await apiCall(baseURL!, token, 'POST', '/api/v1/readiness/training/people', {
      name,
      employerUnitId: station.id,
      employeeNumber,
    });
    const csv = [
      'unit_id,unit_kind,start,end,person_id,role',
      `A-12,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,${employeeNumber},driver`,
    ].join('\n');

    await signIn(page, '/readiness/roster');
    await uploadRoster(page, station.name, csv, '2025-03-03');

    const result = page.getByTestId('roster-result');
    await expect(result).toContainText('brudd funnet i 1 kontrollerte vakter');
    const violation = result
      .getByTestId('violations-table')
      .getByRole('row', { name: /§11 første ledd/ })
      .first();
    // The rule (CMP-3) travels with the row for audits; readers see the paragraph, not the code.
    await expect(violation.locator('[data-requirement-id]')).toHaveAttribute('data-requirement-id', 'CMP-3');
    await expect(violation).not.toContainText('CMP-3');
    await expect(violation).toContainText(name);
    await expect(violation).toContainText('Minst to personer på ambulansebilen');
    await expect(violation).toContainText('03.03.2025');
  });

  test('a roster with a bad line is refused by line and nothing is stored', async ({ page, baseURL }) => {
    const token = await adminToken(baseURL!);
    const station = await buildStation(baseURL!, token, 'Ambulansestasjon Feil');
    const csv = [
      'unit_id,unit_kind,start,end,person_id,role',
      'A-1,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,X1,driver',
      'A-1,ambulance-car,not-a-time,2025-03-03T20:00+01:00,X2,crew',
    ].join('\n');
    await signIn(page, '/readiness/roster');
    await uploadRoster(page, station.name, csv);
    const errors = page.getByTestId('csv-row-errors');
    await expect(errors).toContainText('Ingenting ble importert');
    // The bad row by line and column, in bokmål from the server's code (issue 9 part 7).
    const row = errors.getByRole('table').getByRole('row').nth(1);
    await expect(row).toContainText('3');
    await expect(row).toContainText('start');
    await expect(row).toContainText('Et tidspunkt med tidssone');
    const rosters = await apiCall<{ items: unknown[] }>(
      baseURL!,
      token,
      'GET',
      `/api/v1/readiness/roster/rosters?unitId=${station.id}`,
    );
    expect(rosters.items).toHaveLength(0);
  });
});
