import type { Me, Permission, Role } from '@bazaar/shared';

/** The signed-in staff member as GET /me answers: `role` with exactly `permissions`. */
export const staffMember = (permissions: Permission[], role: Role = 'admin'): Me => ({
  id: 'u1',
  email: 'staff@example.com',
  name: 'Staff',
  role,
  permissions,
  emailVerified: true,
  mfaEnabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** A signed-in shopper as GET /me answers (Sam, a customer without MFA); `over` changes what a test needs. */
export const shopper = (over: Partial<Me> = {}): Me => ({
  id: 'u1',
  email: 'sam@example.com',
  name: 'Sam',
  role: 'customer',
  permissions: [],
  emailVerified: true,
  mfaEnabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
