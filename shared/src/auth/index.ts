export * from './auth.schemas';
export * from './address.schemas';
export * from './admin-users.schemas';
export * from './api-key.schemas';
export * from './identity.schemas';
export * from './passkey.schemas';
