/** CSV imports of the registers: all rows or none, bad rows listed by line and column. */
import { useState } from 'react';
import { BodyShort, VStack } from '@navikt/ds-react';
import { readinessApi } from './api.ts';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { TextLink } from '../../shared/router.tsx';
import { CsvImportForm } from '../../shared/components/csv-import.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { UnitSelect } from './unit-select.tsx';

export function ImportPage() {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState('');
  const done = (r: { imported: number }) => (
    <SuccessNote>{t('csv.imported', { count: r.imported })}</SuccessNote>
  );
  return (
    <PageFrame title={t('imp.title')} intro={t('imp.intro')}>
      <Panel title={t('imp.people')} id="import-people">
        <CsvImportForm
          title={t('imp.people')}
          columns="name, hpr_number, employee_number, employer_unit_id, email"
          submit={readinessApi.importPeople}
          renderResult={done}
        />
      </Panel>
      <Panel title={t('imp.completions')} id="import-completions">
        <CsvImportForm
          title={t('imp.completions')}
          columns="person, course_code, completed_at, version, instructor, unit_id, location"
          submit={readinessApi.importCompletions}
          renderResult={done}
        />
      </Panel>
      <Panel title={t('imp.equipment')} id="import-equipment">
        <CsvImportForm
          title={t('imp.equipment')}
          columns="kind, form, label, model, terminal_type, control_room_system, issi, serial_number"
          submit={async (csv) => {
            if (!unitId) throw new Error(t('imp.chooseUnit'));
            return readinessApi.importEquipment(unitId, csv);
          }}
          renderResult={done}
        >
          <div style={{ maxWidth: '30rem' }}>
            <UnitSelect label={t('imp.unit')} value={unitId} onChange={(id) => setUnitId(id)} />
          </div>
        </CsvImportForm>
      </Panel>
      <VStack>
        <BodyShort>
          <TextLink href="/readiness/roster">{t('imp.roster')}</TextLink>
        </BodyShort>
      </VStack>
    </PageFrame>
  );
}
