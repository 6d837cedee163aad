/** TR-1 … TR-7: people, courses and versions, completions with certificates, instructors. */
import { useState, type FormEvent } from 'react';
import {
  BodyShort,
  Button,
  HGrid,
  Heading,
  List,
  Select,
  Tabs,
  Tag,
  TextField,
  VStack,
} from '@navikt/ds-react';
import {
  COURSE_KINDS,
  COURSE_VERSION_REASONS,
  readinessApi,
  type Completion,
  type Course,
  type CourseKind,
  type CourseVersionInput,
  type Equipment,
  type Person,
} from './api.ts';
import { formatDate, todayIso, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { elementsText } from '../../shared/i18n/server-text.ts';
import { navigate, queryParam, useLocation } from '../../shared/router.tsx';
import { DataTable, ResourcePanel } from '../../shared/components/data-table.tsx';
import { DateField } from '../../shared/components/fields.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { DownloadButton } from '../../shared/components/download-button.tsx';
import { UnitSelect, useUnits } from './unit-select.tsx';
import { CreateToggle } from '../../shared/components/create-toggle.tsx';
import { useClientPaging } from '../../shared/components/paging.tsx';
import { FilterSearch } from '../../shared/components/filter-search.tsx';
import { SummaryFilter } from '../../shared/components/summary-filter.tsx';

const TABS = ['people', 'courses', 'completions', 'instructors'] as const;
type Tab = (typeof TABS)[number];
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function PersonSelect({
  label,
  people,
  value,
  onChange,
  error,
}: {
  label: string;
  people: readonly Person[];
  value: string;
  onChange: (id: string) => void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <Select label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error}>
      <option value="">{t('common.select')}</option>
      {people.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
          {p.hprNumber ? ` (HPR ${p.hprNumber})` : ''}
        </option>
      ))}
    </Select>
  );
}

// ------------------------------------------------------------------ people

function AssignForm({
  person,
  equipment,
  onDone,
}: {
  person: Person;
  equipment: readonly Equipment[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'terminal-type' | 'operator-position'>('terminal-type');
  const [terminalType, setTerminalType] = useState('');
  const [equipmentId, setEquipmentId] = useState('');
  const [fromDate, setFromDate] = useState(todayIso());
  const [done, setDone] = useState(false);
  const s = useSubmit(
    (b: Parameters<typeof readinessApi.assign>[1]) => readinessApi.assign(person.id, b),
    () => {
      setDone(true);
      onDone();
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    void s.run(
      kind === 'terminal-type'
        ? { kind, terminalType: orNull(terminalType), fromDate }
        : { kind, equipmentId: equipmentId || null, fromDate },
    );
  };
  const positions = equipment.filter((e) => e.kind === 'operator-position');
  return (
    <form onSubmit={submit} aria-label={t('trn.assign.title')} noValidate>
      <VStack gap="space-12">
        <Heading level="3" size="small">
          {t('trn.assign.title')}
        </Heading>
        <BodyShort size="small" className="nm-muted">
          {t('trn.assign.help')}
        </BodyShort>
        <ProblemAlert
          error={s.error}
          shownFields={['kind', 'terminalType', 'equipmentId', 'fromDate']}
          title={
            s.error && (s.error as { status?: number }).status === 422 ? t('trn.assign.refused') : undefined
          }
        />
        {done && !s.error && <SuccessNote>{t('trn.assign.done')}</SuccessNote>}
        <HGrid columns={{ xs: 1, md: 3 }} gap="space-12">
          <Select
            label={t('trn.assign.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
          >
            <option value="terminal-type">{t('trn.assign.kind.terminal-type')}</option>
            <option value="operator-position">{t('trn.assign.kind.operator-position')}</option>
          </Select>
          {kind === 'terminal-type' ? (
            <TextField
              label={t('trn.assign.terminalType')}
              value={terminalType}
              onChange={(e) => setTerminalType(e.target.value)}
              error={s.fieldErrors.terminalType}
            />
          ) : (
            <Select
              label={t('trn.assign.position')}
              value={equipmentId}
              onChange={(e) => setEquipmentId(e.target.value)}
              error={s.fieldErrors.equipmentId}
            >
              <option value="">{t('common.select')}</option>
              {positions.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                  {p.controlRoomSystem ? ` (${p.controlRoomSystem})` : ''}
                </option>
              ))}
            </Select>
          )}
          <DateField
            label={t('trn.assign.fromDate')}
            value={fromDate}
            onChange={setFromDate}
            error={s.fieldErrors.fromDate}
          />
        </HGrid>
        <div>
          <Button type="submit" variant="secondary" loading={s.busy}>
            {t('trn.assign.submit')}
          </Button>
        </div>
      </VStack>
    </form>
  );
}

function PersonStatus({ person }: { person: Person }) {
  const { t, lang } = useI18n();
  const status = useResource((sig) => readinessApi.personStatus(person.id, undefined, sig), [person.id]);
  // The employer's equipment: the positions one can be assigned, and their names in the list.
  const equipment = useResource(
    (sig) => readinessApi.listEquipment(person.employerUnitId, sig),
    [person.employerUnitId],
  );
  const eq = equipment.data?.items ?? [];
  const st = status.data;
  return (
    <Panel title={t('trn.status.title', { name: person.name })} level="3">
      <ProblemAlert error={status.error} />
      {st && (
        <HGrid columns={{ xs: 1, md: 3 }} gap="space-16">
          <VStack gap="space-4">
            <BodyShort weight="semibold">{t('trn.status.eLearning')}</BodyShort>
            <div>
              <Tag size="small" variant="moderate" data-color={st.eLearning.valid ? 'success' : 'danger'}>
                {st.eLearning.valid ? t('trn.status.valid') : t('trn.status.invalid')}
              </Tag>{' '}
              {st.eLearning.validTo && t('trn.status.validTo', { date: formatDate(st.eLearning.validTo) })}
            </div>
            {st.eLearning.recertificationDue && (
              <Tag size="small" variant="moderate" data-color="warning">
                {t('trn.status.recert')}
              </Tag>
            )}
          </VStack>
          <VStack gap="space-4">
            <BodyShort weight="semibold">{t('trn.status.mayUse')}</BodyShort>
            {st.mayUse.length ? (
              <List as="ul" size="small">
                {st.mayUse.map((m, i) => (
                  <List.Item key={i}>
                    {t(`scope.${m.kind}` as MessageKey)}: {m.name}
                    {m.validTo ? ` (${t('trn.status.validTo', { date: formatDate(m.validTo) })})` : ''}
                  </List.Item>
                ))}
              </List>
            ) : (
              <BodyShort size="small" className="nm-muted">
                {t('trn.status.mayUseNone')}
              </BodyShort>
            )}
          </VStack>
          <VStack gap="space-4">
            <BodyShort weight="semibold">{t('trn.status.assignments')}</BodyShort>
            {st.assignments.length ? (
              <List as="ul" size="small">
                {st.assignments.map((a) => (
                  <List.Item key={a.id}>
                    {a.terminalType ??
                      a.controlRoomSystem ??
                      eq.find((e) => e.id === a.equipmentId)?.label ??
                      t('trn.assignment.unknownEquipment')}{' '}
                    ({formatDate(a.fromDate)}){!a.ok && ` — ${elementsText(lang, a.missingElements)}`}
                  </List.Item>
                ))}
              </List>
            ) : (
              <BodyShort size="small" className="nm-muted">
                {t('common.none')}
              </BodyShort>
            )}
          </VStack>
        </HGrid>
      )}
      <AssignForm person={person} equipment={eq} onDone={status.reload} />
    </Panel>
  );
}

type ActiveFilter = '' | 'active' | 'inactive';

/** Does the person match the search text (name, HPR or employee number)? */
function matchesPerson(p: Person, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return (
    p.name.toLowerCase().includes(s) ||
    (p.hprNumber ?? '').includes(s) ||
    (p.employeeNumber ?? '').includes(s)
  );
}

function NewPersonForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [hpr, setHpr] = useState('');
  const [employer, setEmployer] = useState('');
  const [email, setEmail] = useState('');
  const [created, setCreated] = useState<Person | null>(null);
  const s = useSubmit(readinessApi.createPerson, (p) => {
    setCreated(p);
    setName('');
    setHpr('');
    setEmail('');
    onCreated();
  });
  return (
    <form
      aria-label={t('trn.people.new')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setCreated(null);
        void s.run({ name, hprNumber: orNull(hpr), employerUnitId: employer, email: orNull(email) });
      }}
    >
      <VStack gap="space-12">
        <ProblemAlert error={s.error} shownFields={['name', 'hprNumber', 'employerUnitId', 'email']} />
        {created && <SuccessNote>{t('common.created', { name: created.name })}</SuccessNote>}
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-12">
          <TextField
            label={t('trn.person.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={s.fieldErrors.name}
          />
          <TextField
            label={t('trn.person.hpr')}
            inputMode="numeric"
            value={hpr}
            onChange={(e) => setHpr(e.target.value)}
            error={s.fieldErrors.hprNumber}
          />
          <UnitSelect
            label={t('trn.person.employer')}
            value={employer}
            onChange={(id) => setEmployer(id)}
            error={s.fieldErrors.employerUnitId}
          />
          <TextField
            label={t('trn.person.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={s.fieldErrors.email}
          />
        </HGrid>
        <div>
          <Button type="submit" loading={s.busy}>
            {t('trn.people.new')}
          </Button>
        </div>
      </VStack>
    </form>
  );
}

/** "Ny person" first, then the opened person's status, then the people: summary, filters, a page. */
function PeopleTab() {
  const { t } = useI18n();
  const location = useLocation();
  const selectedId = queryParam(location, 'person');
  const [unitFilter, setUnitFilter] = useState('');
  const [active, setActive] = useState<ActiveFilter>('');
  const [q, setQ] = useState('');
  const people = useResource(
    (sig) => readinessApi.listPeople({ unitId: unitFilter || undefined }, sig),
    [unitFilter],
  );
  const units = useUnits();
  const items = people.data?.items ?? [];
  const isActive = (p: Person, f: ActiveFilter) => f === '' || p.active === (f === 'active');
  const rows = items.filter((p) => isActive(p, active) && matchesPerson(p, q.trim()));
  const page = useClientPaging(rows, `${unitFilter}|${active}|${q.trim()}`);
  const selected = items.find((p) => p.id === selectedId);
  return (
    <VStack gap="space-24">
      {/* Kept open after a save, for entering several people in a row. */}
      <CreateToggle label={t('trn.people.new')}>
        {() => <NewPersonForm onCreated={people.reload} />}
      </CreateToggle>
      {selected && <PersonStatus key={selected.id} person={selected} />}
      <Panel title={t('trn.people.caption')}>
        {people.data && (
          <SummaryFilter
            label={t('trn.people.summary')}
            value={active}
            onChange={setActive}
            options={(
              [
                ['', t('common.all')],
                ['active', t('trn.people.active')],
                ['inactive', t('trn.people.inactive')],
              ] as const
            ).map(([value, label]) => ({
              value,
              label,
              count: items.filter((p) => isActive(p, value)).length,
            }))}
          />
        )}
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-16" align="end" style={{ maxWidth: '48rem' }}>
          <UnitSelect
            label={t('trn.person.filterUnit')}
            size="small"
            value={unitFilter}
            onChange={(id) => setUnitFilter(id)}
            emptyLabel={t('common.all')}
          />
          <FilterSearch label={t('trn.person.search')} value={q} onChange={setQ} />
        </HGrid>
        <ProblemAlert error={people.error} />
        <DataTable
          caption={t('trn.people.caption')}
          rows={page.rows}
          paging={page.paging}
          empty={people.loading ? t('app.loading') : q || active ? t('common.noMatch') : undefined}
          rowKey={(p) => p.id}
          testId="people-table"
          columns={[
            {
              header: t('trn.person.name'),
              rowHeader: true,
              cell: (p) => (
                <Button
                  size="xsmall"
                  variant="tertiary"
                  aria-label={t('trn.person.show', { name: p.name })}
                  onClick={() => navigate(`/readiness/training?tab=people&person=${p.id}`)}
                >
                  {p.name}
                </Button>
              ),
            },
            { header: t('trn.person.hpr'), cell: (p) => p.hprNumber ?? '' },
            { header: t('trn.person.employer'), cell: (p) => units.name(p.employerUnitId) },
            { header: t('trn.person.active'), cell: (p) => (p.active ? t('common.yes') : t('common.no')) },
          ]}
        />
      </Panel>
    </VStack>
  );
}

// ------------------------------------------------------------------ courses

function courseCovers(t: (k: MessageKey) => string, c: Course): string {
  if (c.kind === 'control-room') return c.controlRoomSystem ?? '';
  if (c.kind === 'radio-terminal') return c.terminalType ?? '';
  if (c.kind === 'instructor' && c.instructorScope) return t(`scope.${c.instructorScope}` as MessageKey);
  return '';
}

function CoursesTab() {
  const { t } = useI18n();
  const courses = useResource((sig) => readinessApi.listCourses(sig), []);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<CourseKind>('e-learning');
  const [system, setSystem] = useState('');
  const [scope, setScope] = useState<'control-room' | 'radio-terminal'>('radio-terminal');
  const [validity, setValidity] = useState('');
  const s = useSubmit(readinessApi.createCourse, () => {
    setCode('');
    setName('');
    courses.reload();
  });
  const [vCourse, setVCourse] = useState('');
  const [version, setVersion] = useState('');
  const [releasedAt, setReleasedAt] = useState(todayIso());
  const [reason, setReason] = useState<CourseVersionInput['reason']>('software');
  const v = useSubmit(
    (id: string, b: CourseVersionInput) => readinessApi.addCourseVersion(id, b),
    () => {
      setVersion('');
      courses.reload();
    },
  );
  const items = courses.data?.items ?? [];
  const coursePage = useClientPaging(items);
  return (
    <VStack gap="space-24">
      <CreateToggle label={t('trn.course.new')}>
        {() => (
          <form
            aria-label={t('trn.course.new')}
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void s.run({
                code,
                name,
                kind,
                controlRoomSystem: kind === 'control-room' ? orNull(system) : null,
                terminalType: kind === 'radio-terminal' ? orNull(system) : null,
                instructorScope: kind === 'instructor' ? scope : null,
                validityMonths: validity ? Number(validity) : null,
              });
            }}
          >
            <VStack gap="space-12">
              <ProblemAlert
                error={s.error}
                shownFields={[
                  'code',
                  'name',
                  'kind',
                  'controlRoomSystem',
                  'terminalType',
                  'instructorScope',
                  'validityMonths',
                ]}
              />
              <HGrid columns={{ xs: 1, md: 2 }} gap="space-12">
                <TextField
                  label={t('trn.course.code')}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  error={s.fieldErrors.code}
                />
                <TextField
                  label={t('trn.course.name')}
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  error={s.fieldErrors.name}
                />
                <Select
                  label={t('trn.course.kind')}
                  value={kind}
                  onChange={(e) => setKind(e.target.value as CourseKind)}
                >
                  {COURSE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`courseKind.${k}` as MessageKey)}
                    </option>
                  ))}
                </Select>
                {(kind === 'control-room' || kind === 'radio-terminal') && (
                  <TextField
                    label={
                      kind === 'control-room'
                        ? t('trn.course.controlRoomSystem')
                        : t('trn.course.terminalType')
                    }
                    value={system}
                    onChange={(e) => setSystem(e.target.value)}
                    error={s.fieldErrors.controlRoomSystem ?? s.fieldErrors.terminalType}
                  />
                )}
                {kind === 'instructor' && (
                  <Select
                    label={t('trn.course.instructorScope')}
                    value={scope}
                    onChange={(e) => setScope(e.target.value as typeof scope)}
                  >
                    <option value="radio-terminal">{t('scope.radio-terminal')}</option>
                    <option value="control-room">{t('scope.control-room')}</option>
                  </Select>
                )}
                <TextField
                  label={t('trn.course.validityMonths')}
                  inputMode="numeric"
                  value={validity}
                  onChange={(e) => setValidity(e.target.value)}
                  error={s.fieldErrors.validityMonths}
                />
              </HGrid>
              <div>
                <Button type="submit" loading={s.busy}>
                  {t('trn.course.new')}
                </Button>
              </div>
            </VStack>
          </form>
        )}
      </CreateToggle>
      <Panel title={t('trn.courses.caption')}>
        <ProblemAlert error={courses.error} />
        <DataTable
          caption={t('trn.courses.caption')}
          rows={coursePage.rows}
          paging={coursePage.paging}
          rowKey={(c) => c.id}
          testId="courses-table"
          columns={[
            { header: t('trn.course.code'), cell: (c) => <code>{c.code}</code> },
            { header: t('trn.course.name'), rowHeader: true, cell: (c) => c.name },
            { header: t('trn.course.kind'), cell: (c) => t(`courseKind.${c.kind}` as MessageKey) },
            { header: t('trn.course.covers'), cell: (c) => courseCovers(t, c) },
            {
              header: t('trn.course.validityMonths'),
              cell: (c) => (c.validityMonths ? String(c.validityMonths) : t('trn.course.noExpiry')),
            },
            {
              header: t('trn.course.versions'),
              cell: (c) => c.versions.map((x) => `${x.version} (${formatDate(x.releasedAt)})`).join(', '),
            },
          ]}
        />
      </Panel>
      <Panel title={t('trn.version.new')}>
        <form
          aria-label={t('trn.version.new')}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void v.run(vCourse, { version, releasedAt, reason });
          }}
        >
          <VStack gap="space-12">
            <ProblemAlert error={v.error} shownFields={['version', 'releasedAt', 'reason']} />
            <HGrid columns={{ xs: 1, md: 2, lg: 4 }} gap="space-12">
              <Select
                label={t('trn.version.course')}
                value={vCourse}
                onChange={(e) => setVCourse(e.target.value)}
              >
                <option value="">{t('common.select')}</option>
                {items.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.currentVersion ?? '–'})
                  </option>
                ))}
              </Select>
              <TextField
                label={t('trn.course.version')}
                value={version}
                onChange={(e) => setVersion(e.target.value)}
                error={v.fieldErrors.version}
              />
              <DateField
                label={t('trn.version.releasedAt')}
                value={releasedAt}
                onChange={setReleasedAt}
                error={v.fieldErrors.releasedAt}
              />
              <Select
                label={t('trn.version.reason')}
                value={reason}
                onChange={(e) => setReason(e.target.value as CourseVersionInput['reason'])}
              >
                {COURSE_VERSION_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`versionReason.${r}`)}
                  </option>
                ))}
              </Select>
            </HGrid>
            <div>
              <Button type="submit" variant="secondary" loading={v.busy} disabled={!vCourse}>
                {t('trn.version.new')}
              </Button>
            </div>
          </VStack>
        </form>
      </Panel>
    </VStack>
  );
}

// ------------------------------------------------------------------ completions

function CompletionsTab() {
  const { t } = useI18n();
  const people = useResource((sig) => readinessApi.listPeople({}, sig), []);
  const courses = useResource((sig) => readinessApi.listCourses(sig), []);
  const completions = useResource((sig) => readinessApi.listCompletions({}, sig), []);
  const [personId, setPersonId] = useState('');
  const [courseId, setCourseId] = useState('');
  const [completedAt, setCompletedAt] = useState(todayIso());
  const [instructor, setInstructor] = useState('');
  const [location, setLocation] = useState('');
  const [recorded, setRecorded] = useState<Completion | null>(null);
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const completionPage = useClientPaging(
    (completions.data?.items ?? []).filter(
      (c) =>
        !needle ||
        [c.personName, c.courseName, c.courseCode, c.certificateNumber].some((x) =>
          x.toLowerCase().includes(needle),
        ),
    ),
    needle,
  );
  const s = useSubmit(readinessApi.recordCompletion, (c) => {
    setRecorded(c);
    completions.reload();
  });
  const ppl = people.data?.items ?? [];
  const course = courses.data?.items.find((c) => c.id === courseId);
  const attended =
    course?.kind === 'control-room' || course?.kind === 'radio-terminal' || course?.kind === 'instructor';
  return (
    <VStack gap="space-24">
      <Panel title={t('trn.completion.new')}>
        <form
          aria-label={t('trn.completion.new')}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setRecorded(null);
            void s.run({
              personId,
              courseId,
              completedAt,
              instructorPersonId: attended && instructor ? instructor : null,
              location: orNull(location),
            });
          }}
        >
          <VStack gap="space-12">
            <ProblemAlert
              error={s.error}
              shownFields={['personId', 'courseId', 'completedAt', 'instructorPersonId', 'location']}
            />
            {recorded && (
              <SuccessNote>
                {t('trn.completion.recorded', { number: recorded.certificateNumber })}
              </SuccessNote>
            )}
            <HGrid columns={{ xs: 1, md: 3 }} gap="space-12">
              <PersonSelect
                label={t('trn.completion.person')}
                people={ppl}
                value={personId}
                onChange={setPersonId}
                error={s.fieldErrors.personId}
              />
              <Select
                label={t('trn.completion.course')}
                value={courseId}
                onChange={(e) => setCourseId(e.target.value)}
                error={s.fieldErrors.courseId}
              >
                <option value="">{t('common.select')}</option>
                {(courses.data?.items ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Select>
              <DateField
                label={t('trn.completion.completedAt')}
                value={completedAt}
                onChange={setCompletedAt}
                error={s.fieldErrors.completedAt}
              />
              {attended && (
                <PersonSelect
                  label={t('trn.completion.instructor')}
                  people={ppl.filter((p) => p.id !== personId)}
                  value={instructor}
                  onChange={setInstructor}
                  error={s.fieldErrors.instructorPersonId}
                />
              )}
              <TextField
                label={t('trn.completion.location')}
                value={location}
                onChange={(e) => setLocation(e.target.value)}
              />
            </HGrid>
            <div>
              <Button type="submit" loading={s.busy}>
                {t('trn.completion.new')}
              </Button>
            </div>
          </VStack>
        </form>
      </Panel>
      <Panel title={t('trn.completions.caption')}>
        <FilterSearch label={t('trn.completions.search')} value={q} onChange={setQ} />
        <ProblemAlert error={completions.error} />
        <DataTable
          caption={t('trn.completions.caption')}
          rows={completionPage.rows}
          paging={completionPage.paging}
          empty={q ? t('common.noMatch') : undefined}
          rowKey={(c) => c.id}
          testId="completions-table"
          columns={[
            { header: t('trn.completion.person'), rowHeader: true, cell: (c) => c.personName },
            {
              header: t('trn.completion.course'),
              cell: (c) => `${c.courseName}${c.version ? ` v${c.version}` : ''}`,
            },
            { header: t('trn.completion.completedAt'), cell: (c) => formatDate(c.completedAt) },
            {
              header: t('trn.completion.validTo'),
              cell: (c) => formatDate(c.validTo) || t('trn.course.noExpiry'),
            },
            { header: t('trn.completion.instructor'), cell: (c) => c.instructorName ?? '' },
            {
              header: t('trn.completion.certificate'),
              cell: (c) => (
                <VStack gap="space-4">
                  <span>
                    {c.certificateNumber}
                    {c.finalCertificate && (
                      <>
                        {' '}
                        <Tag size="xsmall" variant="moderate" data-color="success">
                          {t('trn.completion.final')}
                        </Tag>
                      </>
                    )}
                  </span>
                  <DownloadButton
                    path={readinessApi.certificatePath(c.id)}
                    fileName={`kursbevis-${c.certificateNumber}.pdf`}
                    size="xsmall"
                    ariaLabel={t('trn.completion.download', { number: c.certificateNumber })}
                  >
                    {t('common.downloadPdf')}
                  </DownloadButton>
                </VStack>
              ),
            },
          ]}
        />
      </Panel>
    </VStack>
  );
}

// ------------------------------------------------------------------ instructors

function InstructorsTab() {
  const { t } = useI18n();
  const instructors = useResource((sig) => readinessApi.listInstructors(sig), []);
  const people = useResource((sig) => readinessApi.listPeople({}, sig), []);
  const [personId, setPersonId] = useState('');
  const [level, setLevel] = useState<'area' | 'local'>('local');
  const [scope, setScope] = useState<'control-room' | 'radio-terminal'>('radio-terminal');
  const [fromDate, setFromDate] = useState(todayIso());
  const s = useSubmit(readinessApi.addInstructor, () => instructors.reload());
  return (
    <VStack gap="space-24">
      <CreateToggle label={t('trn.instructor.new')}>
        {() => (
          <form
            aria-label={t('trn.instructor.new')}
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void s.run({ personId, level, scope, fromDate });
            }}
          >
            <VStack gap="space-12">
              <ProblemAlert error={s.error} shownFields={['personId', 'level', 'scope', 'fromDate']} />
              <HGrid columns={{ xs: 1, md: 4 }} gap="space-12">
                <PersonSelect
                  label={t('trn.completion.person')}
                  people={people.data?.items ?? []}
                  value={personId}
                  onChange={setPersonId}
                  error={s.fieldErrors.personId}
                />
                <Select
                  label={t('trn.instructor.level')}
                  value={level}
                  onChange={(e) => setLevel(e.target.value as typeof level)}
                >
                  <option value="local">{t('instructorLevel.local')}</option>
                  <option value="area">{t('instructorLevel.area')}</option>
                </Select>
                <Select
                  label={t('trn.instructor.scope')}
                  value={scope}
                  onChange={(e) => setScope(e.target.value as typeof scope)}
                >
                  <option value="radio-terminal">{t('scope.radio-terminal')}</option>
                  <option value="control-room">{t('scope.control-room')}</option>
                </Select>
                <DateField
                  label={t('common.from')}
                  value={fromDate}
                  onChange={setFromDate}
                  error={s.fieldErrors.fromDate}
                />
              </HGrid>
              <div>
                <Button type="submit" loading={s.busy}>
                  {t('trn.instructor.new')}
                </Button>
              </div>
            </VStack>
          </form>
        )}
      </CreateToggle>
      <ResourcePanel
        title={t('trn.instructors.caption')}
        resource={instructors}
        rowKey={(i) => i.id}
        testId="instructors-table"
        columns={[
          { header: t('common.name'), rowHeader: true, cell: (i) => i.personName },
          { header: t('trn.instructor.level'), cell: (i) => t(`instructorLevel.${i.level}`) },
          { header: t('trn.instructor.scope'), cell: (i) => t(`scope.${i.scope}`) },
          { header: t('common.from'), cell: (i) => formatDate(i.fromDate) },
          { header: t('common.to'), cell: (i) => formatDate(i.toDate) },
          { header: t('trn.instructor.mayTeach'), cell: (i) => i.mayTeach.map((c) => c.name).join(', ') },
        ]}
      />
    </VStack>
  );
}

export function TrainingPage() {
  const { t } = useI18n();
  const location = useLocation();
  const q = queryParam(location, 'tab');
  const tab: Tab = TABS.includes(q as Tab) ? (q as Tab) : 'people';
  return (
    <PageFrame title={t('trn.title')} intro={t('trn.intro')}>
      <Tabs value={tab} onChange={(v) => navigate(`/readiness/training?tab=${v}`)}>
        <Tabs.List>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k} label={t(`trn.tab.${k}`)} />
          ))}
        </Tabs.List>
        {/* One Tabs.Panel per tab, so every tab's aria-controls names a tabpanel that exists
            (the hidden ones are empty: Aksel renders a panel's content only when selected). */}
        <Tabs.Panel value="people" className="nm-tab-panel">
          <PeopleTab />
        </Tabs.Panel>
        <Tabs.Panel value="courses" className="nm-tab-panel">
          <CoursesTab />
        </Tabs.Panel>
        <Tabs.Panel value="completions" className="nm-tab-panel">
          <CompletionsTab />
        </Tabs.Panel>
        <Tabs.Panel value="instructors" className="nm-tab-panel">
          <InstructorsTab />
        </Tabs.Panel>
      </Tabs>
    </PageFrame>
  );
}
