/** A signed-in staff member with these permissions (the role is only shown; permissions decide). */
export { staffMember as staff } from './staff';
