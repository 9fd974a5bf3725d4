import type { Me, Permission, Role } from '@bazaar/shared';

/** A signed-in staff member with these permissions (the role is only shown; permissions decide). */
export const staff = (permissions: Permission[], role: Role = 'admin'): Me => ({
  id: 'u1',
  email: 'staff@example.com',
  name: 'Staff',
  role,
  permissions,
  emailVerified: true,
  mfaEnabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
});
