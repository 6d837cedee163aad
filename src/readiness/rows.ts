/** Reading database rows: text columns that may be NULL. */
export type Row = Record<string, unknown>;

export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
