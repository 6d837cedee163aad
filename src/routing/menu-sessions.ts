/**
 * Fallback-menu sessions (RT-4, RT-5): an IVR (or the SIP redirect server) creates a session for a
 * call that needs the menu and sends the caller's DTMF input; the pure menu state machine decides
 * the next prompt and, at the end, the routing decision. State is stored between requests.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../platform/errors.ts';
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
  decision: MenuStep['decision'] | null;
}

export class MenuSessionService {
  constructor(
    private readonly runtime: RoutingRuntime,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(init: {
    entry: 'top' | 'fallback';
    language?: Language;
    callingNumber?: string;
    callId?: string;
  }): Promise<MenuSessionView> {
    const step = startMenu({ entry: init.entry, language: init.language });
    const id = randomUUID();
    const now = this.now();
    await this.runtime.db.query(
      `INSERT INTO menu_sessions (id, call_id, calling_number, state, ended, decision, created_at, updated_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
      [
        id,
        init.callId ?? null,
        init.callingNumber ?? null,
        JSON.stringify({ menu: step.state, callingNumber: init.callingNumber ?? '' }),
        step.ended,
        step.decision ? JSON.stringify(step.decision) : null,
        now.toISOString(),
        new Date(now.getTime() + SESSION_MINUTES * 60_000).toISOString(),
      ],
    );
    return {
      id,
      ended: step.ended,
      outcome: step.outcome,
      prompt: step.prompt,
      decision: step.decision ?? null,
    };
  }

  async input(id: string, digits: string): Promise<MenuSessionView> {
    const now = this.now();
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
      const snap = this.runtime.current();
      // The API spells a timeout (no input) "timeout"; the menu state machine takes "".
      const step = menuInput(stored.menu, digits === 'timeout' ? '' : digits, {
        data: snap.compiled,
        state: this.runtime.state(),
        at: now,
        policy: this.runtime.policy,
        callingNumber: stored.callingNumber,
      });
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
