export * from './auth.schemas';
export * from './address.schemas';
export * from './admin-users.schemas';
export * from './passkey.schemas';
