export { defineIdentityModels, UserIdentity } from './identity.models';
export { IdentityRepository, type IdentityRecord } from './identity.repository';
export { IdentityService, LINK_TOKEN_TTL_MS, type OtherSignInMethods, type PendingLink } from './identity.service';
export { registerIdentityRoutes } from './identity.routes';
export { OidcFailureError, OidcProviders } from './oidc-providers';
