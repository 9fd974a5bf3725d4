import { assertMove, canMove, shopperActions, staffActions } from './return-state';

describe('the return state machine', () => {
  it('walks a return through requested → approved → received → refunded and refuses skips and moves back', () => {
    expect(canMove('return', 'requested', 'approved')).toBe(true);
    expect(canMove('return', 'approved', 'received')).toBe(true);
    expect(canMove('return', 'received', 'refunded')).toBe(true);
    expect(canMove('return', 'approved', 'refunded')).toBe(false);
    expect(canMove('return', 'requested', 'refunded')).toBe(false);
    expect(canMove('return', 'received', 'cancelled')).toBe(false);
    expect(canMove('return', 'refunded', 'approved')).toBe(false);
    expect(() => assertMove('return', 'rejected', 'approved')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('lets a claim be refunded once approved, with nothing to receive', () => {
    expect(canMove('claim', 'approved', 'refunded')).toBe(true);
    expect(canMove('claim', 'approved', 'received')).toBe(false);
  });

  it('offers staff only the actions their permissions and the state allow, and shoppers only withdrawing a request', () => {
    const all = () => true;
    const noRefund = (p: string) => p !== 'orders:refund';
    expect(staffActions({ kind: 'return', status: 'requested' }, all)).toEqual(['approve', 'reject', 'cancel']);
    expect(staffActions({ kind: 'return', status: 'received' }, all)).toEqual(['refund']);
    expect(staffActions({ kind: 'return', status: 'received' }, noRefund)).toEqual([]);
    expect(staffActions({ kind: 'claim', status: 'approved' }, all)).toEqual(['refund', 'replace', 'cancel']);
    expect(staffActions({ kind: 'exchange', status: 'received' }, all)).toEqual(['complete']);
    expect(staffActions({ kind: 'return', status: 'received' }, all)).toEqual(['refund']);
    expect(shopperActions({ status: 'requested' })).toEqual(['cancel']);
    expect(shopperActions({ status: 'approved' })).toEqual([]);
  });
});
