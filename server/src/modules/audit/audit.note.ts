import { currentScope, runInScope } from '../../scope';

/**
 * What a service tells the audit log about the change it just made: the affected entity, the
 * community it belongs to (where the entry is filed — a district administrator's action lands in the
 * community they acted on, not their own), and the entity's state before and after.
 */
export interface AuditNote {
  entity?: { type: string; id: number | string };
  communityId?: number;
  before?: unknown;
  after?: unknown;
}

/**
 * Runs a route handler with an empty note that the services it calls may fill (see `noteAudit`); the
 * route builder keeps the note in `ctx.state.audit` for its after-route hook.
 */
export function runWithAuditNote<T>(note: AuditNote, fn: () => T): T {
  return runInScope({ note }, fn);
}

/**
 * Called by a service inside a change, typically from its transaction once the new state is known.
 * Outside a route (a job, a test calling the service directly) it does nothing.
 */
export function noteAudit(note: AuditNote): void {
  const store = currentScope()?.note;
  if (store) Object.assign(store, note);
}
