/**
 * zod schemas of the readiness context (ON-1 … ON-3, TR-1 … TR-7, CMP-6), one file per register;
 * this index gathers them for the web's types and older imports. Calendar dates are `YYYY-MM-DD`.
 */
// The value lists live in vocabulary.ts (no imports: the web bundles it); re-exported for the server.
export * from './vocabulary.ts';
export * from './schema-parts.ts';
export * from './organisations/schema.ts';
// Declared in both (the same type): the register's schema answers for it.
export type { UnitKind } from './organisations/schema.ts';
export * from './onboarding/schema.ts';
export * from './training/schema.ts';
export * from './roster/schema.ts';
export * from './reports/schema.ts';
