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
