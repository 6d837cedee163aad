/**
 * The staffing file of the simulator (`--staffing FILE`, and the calibrated default in
 * data/simulator/staffing-2023.json): per-centre margins of the square-root staffing rule
 * (core/staffing.ts). Validated with zod at this edge; a bad file is refused with the path of the
 * first problems.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { StaffingSpec } from './core/staffing.ts';

export const DEFAULT_STAFFING_FILE = fileURLToPath(
  new URL('../../../data/simulator/staffing-2023.json', import.meta.url),
);

const rule = z.object({
  beta: z.number().min(-5).max(10),
  minOperators: z.number().min(0).max(500),
});

export const staffingFileSchema = z.object({
  description: z.string().optional(),
  calibration: z.unknown().optional(),
  default: rule,
  centres: z.record(z.string().min(1), rule.partial()).default({}),
});

export class StaffingFileError extends Error {
  override name = 'StaffingFileError';
}

/** Parses a staffing file's text; throws a StaffingFileError naming the file and the problems. */
export function parseStaffingFile(text: string, file: string): StaffingSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StaffingFileError(`${file}: not JSON (${(err as Error).message})`);
  }
  const r = staffingFileSchema.safeParse(json);
  if (!r.success) {
    const problems = r.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
      .join('; ');
    throw new StaffingFileError(`${file}: not a staffing file (${problems})`);
  }
  return { default: r.data.default, centres: r.data.centres };
}

export async function loadStaffingFile(file: string = DEFAULT_STAFFING_FILE): Promise<StaffingSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new StaffingFileError(
      `${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return parseStaffingFile(text, file);
}
