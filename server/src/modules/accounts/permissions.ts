import { Permission, type Role } from '@bazaar/shared';

/** The permission map lives in code; roles live in the `roles` table. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  customer: [],
  support: ['orders:read', 'customers:read', 'reviews:moderate'],
  admin: Permission.options,
};

export const STAFF_ROLES: readonly Role[] = ['support', 'admin'];

export const can = (role: Role, permission: Permission) => ROLE_PERMISSIONS[role].includes(permission);

/** What an actor may do: an API key's own permissions when it acts through one, else its role's. */
export const actorCan = (actor: { role: Role; permissions?: readonly Permission[] }, permission: Permission) =>
  (actor.permissions ?? ROLE_PERMISSIONS[actor.role]).includes(permission);
