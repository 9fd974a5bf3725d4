import type { Permission, ReturnAction, ReturnKind, ReturnStatus } from '@bazaar/shared';
import { AppError } from '../../lib/errors';

/** The return state machine: anything not listed is a 409 INVALID_TRANSITION. A claim skips `received` (nothing is sent back). */
const TRANSITIONS: Record<ReturnKind, Record<ReturnStatus, readonly ReturnStatus[]>> = {
  return: {
    requested: ['approved', 'rejected', 'cancelled'],
    approved: ['received', 'cancelled'],
    received: ['refunded'],
    refunded: [],
    completed: [],
    rejected: [],
    cancelled: [],
  },
  // The new goods are reserved at approval; once the old ones arrive the exchange completes.
  exchange: {
    requested: ['approved', 'rejected', 'cancelled'],
    approved: ['received', 'cancelled'],
    received: ['completed'],
    refunded: [],
    completed: [],
    rejected: [],
    cancelled: [],
  },
  claim: {
    requested: ['approved', 'rejected', 'cancelled'],
    approved: ['refunded', 'completed', 'cancelled'],
    received: [],
    refunded: [],
    completed: [],
    rejected: [],
    cancelled: [],
  },
};

/** Returns whose units are spoken for: they count against what may still be returned of a line. */
export const OPEN_RETURN_STATUSES: readonly ReturnStatus[] = ['requested', 'approved', 'received'];

export const canMove = (kind: ReturnKind, from: ReturnStatus, to: ReturnStatus): boolean => TRANSITIONS[kind][from].includes(to);

export function assertMove(kind: ReturnKind, from: ReturnStatus, to: ReturnStatus): void {
  if (!canMove(kind, from, to))
    throw new AppError('INVALID_TRANSITION', `A ${kind} that is ${from} cannot become ${to}.`, [{ path: 'status', message: from }]);
}

/** Each action: the status it leads to and the permission staff need for it (shoppers may only cancel a request). */
const ACTIONS: Record<ReturnAction, { to: ReturnStatus; permission: Permission; kinds?: readonly ReturnKind[] }> = {
  approve: { to: 'approved', permission: 'orders:write' },
  reject: { to: 'rejected', permission: 'orders:write' },
  receive: { to: 'received', permission: 'orders:write' },
  refund: { to: 'refunded', permission: 'orders:refund' },
  replace: { to: 'completed', permission: 'orders:write', kinds: ['claim'] },
  complete: { to: 'completed', permission: 'orders:refund', kinds: ['exchange'] },
  cancel: { to: 'cancelled', permission: 'orders:write' },
};

/** The status an action leads to; 409 when the action is not one for this kind of return. */
export function actionTarget(action: ReturnAction, kind: ReturnKind): ReturnStatus {
  if (!(ACTIONS[action].kinds ?? [kind]).includes(kind)) throw new AppError('INVALID_TRANSITION', `A ${kind} cannot be given "${action}".`);
  return ACTIONS[action].to;
}

/** What staff holding the permissions `may` grants can do to this return now. */
export function staffActions(r: { kind: ReturnKind; status: ReturnStatus }, may: (p: Permission) => boolean): ReturnAction[] {
  return (Object.keys(ACTIONS) as ReturnAction[]).filter(
    (a) => may(ACTIONS[a].permission) && (ACTIONS[a].kinds ?? [r.kind]).includes(r.kind) && canMove(r.kind, r.status, ACTIONS[a].to),
  );
}

/** A shopper may withdraw a request until staff have answered it. */
export const shopperActions = (r: { status: ReturnStatus }): ReturnAction[] => (r.status === 'requested' ? ['cancel'] : []);
