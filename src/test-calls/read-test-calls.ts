/**
 * Reading the test-call history (RT-8): what a reader sees follows the policy's grants — the
 * operations centre and auditors everything, a centre leader the centre's results and alarms, a
 * municipality's reader the 116117 calls from the municipality and the direct number of the
 * centre that serves it (no alarms: those are the centre's and the operations centre's).
 */
import type { Actor } from '../platform/auth/actor.ts';
import { notFound } from '../platform/errors.ts';
import type { Db } from '../platform/db/types.ts';
import type { RoutingDataSet } from '../routing/domain/types.ts';
import { municipalityOfUnit, testCallsPolicy } from './policy.ts';
import {
  listAlarms,
  listRuns,
  readResults,
  readRun,
  readSignOffs,
  type AlarmRow,
  type ResultRow,
  type RunRow,
  type RunSummary,
  type SignOffRow,
  type Visibility,
} from './store.ts';

/** What the actor's `test-calls.read` grants show. */
export function visibilityOf(actor: Actor, data: RoutingDataSet | null): Visibility {
  const grants = testCallsPolicy.grants(actor, 'test-calls.read');
  if (grants.some((g) => g.role === 'admin' || g.scope.level === 'national')) {
    return { all: true, centres: [], municipalities: [], directCentres: [] };
  }
  const centres: string[] = [];
  const municipalities: string[] = [];
  const directCentres: string[] = [];
  for (const g of grants) {
    if (g.scope.level === 'centre') centres.push(g.scope.id);
    if (g.scope.level === 'unit') {
      const m = municipalityOfUnit(g.scope.id);
      if (!m) continue;
      municipalities.push(m);
      const serving = data?.centres.find((c) => c.municipalities.includes(m));
      if (serving) directCentres.push(serving.id);
    }
  }
  return { all: false, centres, municipalities, directCentres };
}

/** A result with the names of its centres and municipality, by the routing data in force. */
export interface ResultView extends ResultRow {
  centreName: string | null;
  reachedCentreName: string | null;
  municipalityName: string | null;
}

/** An alarm with its centre's name. */
export interface AlarmView extends AlarmRow {
  centreName: string | null;
}

export interface RunDetail {
  run: RunRow;
  results: ResultView[];
  signOffs: SignOffRow[];
  alarms: AlarmView[];
}

/** Names by the data in force (a centre or municipality it no longer has: null). */
function namer(data: RoutingDataSet | null) {
  const centres = new Map((data?.centres ?? []).map((c) => [c.id, c.name]));
  const municipalities = new Map((data?.municipalities ?? []).map((m) => [m.number, m.name]));
  return {
    result: (r: ResultRow): ResultView => ({
      ...r,
      centreName: centres.get(r.centreId) ?? null,
      reachedCentreName: r.reachedCentreId === null ? null : (centres.get(r.reachedCentreId) ?? null),
      municipalityName: r.municipality === null ? null : (municipalities.get(r.municipality) ?? null),
    }),
    alarm: (a: AlarmRow): AlarmView => ({ ...a, centreName: centres.get(a.centreId) ?? null }),
  };
}

/** One run with the results, sign-offs and alarms the reader sees; 404 when none of it is theirs. */
export async function readRunDetail(
  db: Db,
  v: Visibility,
  id: string,
  data: RoutingDataSet | null = null,
): Promise<RunDetail> {
  const names = namer(data);
  const run = await readRun(db, id);
  if (!run) throw notFound('The test run');
  const results = await readResults(db, id, v);
  if (!v.all && results.length === 0) throw notFound('The test run');
  const centres = new Set(results.map((r) => r.centreId));
  const municipalities = new Set(results.map((r) => r.municipality).filter((m): m is string => m !== null));
  const signOffs = (await readSignOffs(db, id)).filter(
    (s) => v.all || (s.subject === 'centre' ? centres.has(s.subjectId) : municipalities.has(s.subjectId)),
  );
  const alarms = (await listAlarms(db, v.all ? null : v.centres, { open: false, limit: 1000 })).filter(
    (a) => a.runId === id,
  );
  return { run, results: results.map(names.result), signOffs, alarms: alarms.map(names.alarm) };
}

export function listVisibleRuns(
  db: Db,
  v: Visibility,
  filter: { centreId?: string; municipality?: string; limit: number },
): Promise<RunSummary[]> {
  return listRuns(db, v, filter);
}

export async function listVisibleAlarms(
  db: Db,
  v: Visibility,
  filter: { open: boolean; limit: number },
  data: RoutingDataSet | null = null,
): Promise<AlarmView[]> {
  if (!v.all && v.centres.length === 0) return [];
  return (await listAlarms(db, v.all ? null : v.centres, filter)).map(namer(data).alarm);
}
