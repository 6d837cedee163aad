import { adminToken, apiCall, expect, isoDay, signIn, slug, test, unique } from './fixtures.ts';

interface Unit {
  id: string;
}
interface Equipment {
  id: string;
}
interface Course {
  id: string;
}
interface Person {
  id: string;
}

test.describe('onboarding (ON-2, ON-3)', () => {
  test('readiness is blocked until all five agreements are signed and the staff are trained', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const name = unique('LV Onboard');
    const unit = await apiCall<Unit>(baseURL!, token, 'POST', '/api/v1/readiness/organisations', {
      id: slug(name),
      kind: 'lv-sentral',
      name,
      controlRoomSystem: 'ICCS',
    });
    await apiCall<Equipment>(
      baseURL!,
      token,
      'POST',
      `/api/v1/readiness/organisations/${unit.id}/equipment`,
      {
        kind: 'radio-terminal',
        form: 'handheld',
        label: 'HT-1',
        model: 'Sepura STP9000',
      },
    );

    await signIn(page, `/readiness/onboarding/${unit.id}`);
    await expect(page.getByTestId('ready-tag')).toHaveText('Blokkert');
    const required = page.getByTestId('required-agreements');
    await expect(required.getByText('Mangler', { exact: true })).toHaveCount(5);

    const form = page.getByRole('form', { name: 'Registrer avtale' });
    const record = async (type: string, extra?: () => Promise<unknown>) => {
      await form.getByLabel('Avtaletype').selectOption(type);
      if (extra) await extra();
      await form.getByRole('button', { name: 'Registrer avtale' }).click();
      await expect(page.getByTestId('agreements')).toContainText(
        (await form.getByLabel('Avtaletype').locator('option:checked').textContent())!,
      );
    };
    await record('communication-centre');
    await record('customer', () =>
      form.getByLabel('Utstyr (kundeavtale)').selectOption({ label: 'HT-1 (Radioterminal)' }),
    );
    await record('service-level');
    await record('cooperation', () => form.getByLabel('Motpart').fill('Lokal IKT AS'));
    await record('data-processing');
    await expect(required.getByText('Signert', { exact: true })).toHaveCount(5);

    // Agreements done; still blocked: nobody trained works there yet.
    await expect(page.getByTestId('readiness')).toContainText('Ingen ansatte er registrert på enheten');
    await expect(page.getByTestId('ready-tag')).toHaveText('Blokkert');

    const course = await apiCall<Course>(baseURL!, token, 'POST', '/api/v1/readiness/training/courses', {
      code: slug(unique('el')).slice(0, 40),
      name: 'E-læring Nødnett',
      kind: 'e-learning',
      validityMonths: 24,
      initialVersionReleasedAt: isoDay(-400),
    });
    const person = await apiCall<Person>(baseURL!, token, 'POST', '/api/v1/readiness/training/people', {
      name: 'Operatør Olsen',
      employerUnitId: unit.id,
    });
    await apiCall(baseURL!, token, 'POST', '/api/v1/readiness/training/completions', {
      personId: person.id,
      courseId: course.id,
      completedAt: isoDay(-1),
    });
    await page.reload();
    await expect(page.getByTestId('ready-tag')).toHaveText('Klar');
    await expect(page.getByTestId('readiness')).toContainText('Enheten er klar');
  });

  test('test-report approval starts the quarterly payment periods; a late go-live is warned', async ({
    page,
    baseURL,
  }) => {
    const token = await adminToken(baseURL!);
    const name = unique('LV Milepel');
    const unit = await apiCall<Unit>(baseURL!, token, 'POST', '/api/v1/readiness/organisations', {
      id: slug(name),
      kind: 'lv-sentral',
      name,
    });
    // Payment starts after approval of the test report AND signing of the communication-centre agreement.
    await apiCall(baseURL!, token, 'POST', `/api/v1/readiness/onboarding/units/${unit.id}/agreements`, {
      type: 'communication-centre',
      status: 'signed',
      signedAt: isoDay(-200),
    });
    await signIn(page, `/readiness/onboarding/${unit.id}`);
    const form = page.getByRole('form', { name: 'Prosjekt, installasjon og test' });
    await form.getByLabel('Lokalt prosjekt startet').fill(isoDay(-400));
    await form.getByLabel('Utstyr installert').fill(isoDay(-120));
    await form.getByLabel('Testet', { exact: true }).fill(isoDay(-110));
    await form.getByLabel('Testrapport godkjent').fill(isoDay(-100));
    await form.getByRole('button', { name: 'Lagre datoer' }).click();
    await expect(form.getByRole('status')).toContainText('Lagret');

    await expect(page.getByText(/Kvartalsvis betaling fra \d{2}\.\d{2}\.\d{4}/)).toBeVisible();
    await expect(page.getByTestId('payment-periods').getByRole('row')).not.toHaveCount(0);
    // 400 days after the project start without go-live: ON-3's 12 months have passed.
    await expect(page.getByTestId('timeline-warning').first()).toContainText('Forsinket');
    await expect(page.getByRole('list', { name: 'Tidslinje (9–12 måneder)' })).toContainText(
      'Nødnett i bruk',
    );
  });
});
