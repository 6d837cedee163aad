/**
 * Fallback-menu sessions (RT-4, RT-5): an IVR (or the SIP redirect server) creates a session for a
 * call that needs the menu and sends the caller's DTMF input; the pure menu state machine decides
 * the next prompt and, at the end, the routing decision. State is stored between requests.
 *
 * The menu keeps working when the database does not (issue 8: routing keeps deciding whatever
 * else fails). A session whose row cannot be written within `storeDeadlineMs` — the database
 * refuses, times out or is partitioned — is kept in this instance's memory instead (bounded, with
 * the same 15-minute expiry), and its inputs are answered from there, also after the database
 * returns. Such a session lives on one instance: an IVR keeps a call on the instance that started
 * its menu (the SIP redirect names it), which is what IVRs do with a session anyway.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../platform/errors.ts';
import { asDatabaseUnavailable, DatabaseUnavailableError } from '../platform/db/unavailable.ts';
import { startMenu, menuInput, type MenuState, type MenuStep } from './domain/menu.ts';
import type { Language } from './domain/types.ts';
import type { RoutingRuntime } from './runtime.ts';

const SESSION_MINUTES = 15;

export interface MenuSessionView {
  id: string;
  ended: boolean;
  /** What the IVR does next: play the prompt, connect per `decision`, or route the call by area. */
  outcome: MenuStep['outcome'];
  prompt: MenuStep['prompt'];
  decision: NonNullable<MenuStep['decision']> | null;
}

interface MemorySession {
  menu: MenuState;
  callingNumber: string;
  ended: boolean;
  expiresAt: number;
}

export interface MenuSessionOptions {
  /** How long a session's first write may take before the session is kept in memory instead. */
  storeDeadlineMs?: number;
  /** At most this many sessions in memory; the oldest give way. */
  maxInMemory?: number;
}

export class MenuSessionService {
  private readonly memory = new Map<string, MemorySession>();
  private readonly storeDeadlineMs: number;
  private readonly maxInMemory: number;

  constructor(
    private readonly runtime: RoutingRuntime,
    private readonly now: () => Date = () => new Date(),
    options: MenuSessionOptions = {},
  ) {
    this.storeDeadlineMs = options.storeDeadlineMs ?? 500;
    this.maxInMemory = options.maxInMemory ?? 10_000;
  }

  /** How many sessions are held in memory because the database could not take them. */
  inMemory(): number {
    return this.memory.size;
  }

  private keepInMemory(id: string, session: MemorySession): void {
    const nowMs = this.now().getTime();
    for (const [key, s] of this.memory) if (s.expiresAt <= nowMs) this.memory.delete(key);
    while (this.memory.size >= this.maxInMemory) this.memory.delete(this.memory.keys().next().value!);
    this.memory.set(id, session);
  }

  /** Writes the new session's row, or says within the deadline that it could not. */
  private async store(values: unknown[]): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.storeDeadlineMs);
      timer.unref?.();
    });
    const insert = this.runtime.db
      .query(
        `INSERT INTO menu_sessions (id, call_id, calling_number, state, ended, decision, created_at, updated_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
        values,
      )
      .then(() => 'stored' as const);
    try {
      const r = await Promise.race([insert, deadline]);
      if (r === 'late') {
        // The row may still land later; the memory copy is the one inputs use (it is checked first).
        insert.catch(() => undefined);
        return false;
      }
      return true;
    } catch (err) {
      if (asDatabaseUnavailable(err) instanceof DatabaseUnavailableError) return false;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async create(init: {
    entry: 'top' | 'fallback';
    language?: Language;
    callingNumber?: string;
    callId?: string;
  }): Promise<MenuSessionView> {
    const step = startMenu({ entry: init.entry, language: init.language });
    const id = randomUUID();
    const now = this.now();
    const expiresAt = now.getTime() + SESSION_MINUTES * 60_000;
    const stored = await this.store([
      id,
      init.callId ?? null,
      init.callingNumber ?? null,
      JSON.stringify({ menu: step.state, callingNumber: init.callingNumber ?? '' }),
      step.ended,
      step.decision ? JSON.stringify(step.decision) : null,
      now.toISOString(),
      new Date(expiresAt).toISOString(),
    ]);
    if (!stored)
      this.keepInMemory(id, {
        menu: step.state,
        callingNumber: init.callingNumber ?? '',
        ended: step.ended,
        expiresAt,
      });
    return {
      id,
      ended: step.ended,
      outcome: step.outcome,
      prompt: step.prompt,
      decision: step.decision ?? null,
    };
  }

  /** The next step of the menu for one input, from the session's stored state. */
  private step(menu: MenuState, callingNumber: string, digits: string, now: Date): MenuStep {
    const snap = this.runtime.current();
    // The API spells a timeout (no input) "timeout"; the menu state machine takes "".
    return menuInput(menu, digits === 'timeout' ? '' : digits, {
      data: snap.compiled,
      state: this.runtime.state(),
      at: now,
      policy: this.runtime.policy,
      callingNumber,
    });
  }

  async input(id: string, digits: string): Promise<MenuSessionView> {
    const now = this.now();
    const kept = this.memory.get(id);
    if (kept) {
      if (kept.ended) throw new AppError('conflict', 'The menu session has ended');
      if (kept.expiresAt <= now.getTime()) {
        this.memory.delete(id);
        throw new AppError('conflict', 'The menu session has expired');
      }
      const step = this.step(kept.menu, kept.callingNumber, digits, now);
      kept.menu = step.state;
      // An ended session stays until it expires, so a repeated input is refused, not looked up.
      kept.ended = step.ended;
      return {
        id,
        ended: step.ended,
        outcome: step.outcome,
        prompt: step.prompt,
        decision: step.decision ?? null,
      };
    }
    return this.runtime.db.transaction(async (tx) => {
      const r = await tx.query<{ state: unknown; ended: boolean; expires_at: string | Date }>(
        'SELECT state, ended, expires_at FROM menu_sessions WHERE id = $1 FOR UPDATE',
        [id],
      );
      const row = r.rows[0];
      if (!row) throw new AppError('not-found', `No menu session ${id}`);
      if (row.ended) throw new AppError('conflict', 'The menu session has ended');
      if (new Date(row.expires_at) <= now) throw new AppError('conflict', 'The menu session has expired');
      const stored = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as {
        menu: MenuState;
        callingNumber: string;
      };
      const step = this.step(stored.menu, stored.callingNumber, digits, now);
      await tx.query(
        `UPDATE menu_sessions SET state = $2, ended = $3, decision = $4, updated_at = $5 WHERE id = $1`,
        [
          id,
          JSON.stringify({ menu: step.state, callingNumber: stored.callingNumber }),
          step.ended,
          step.decision ? JSON.stringify(step.decision) : null,
          now.toISOString(),
        ],
      );
      return {
        id,
        ended: step.ended,
        outcome: step.outcome,
        prompt: step.prompt,
        decision: step.decision ?? null,
      };
    });
  }
}
