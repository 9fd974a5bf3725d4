export { ApiKeyService, type ApiKeyAuthentication, type ApiKeyCreators, type ApiKeyServiceDeps } from './api-key.service';
export { ApiKeyRepository, type ApiKeyRecord } from './api-key.repository';
export { apiKeyAuthentication, apiKeyOf, refuseApiKey, unlessApiKey } from './api-key-auth';
export { registerApiKeyRoutes } from './api-keys.routes';
export { ApiKeyRow, defineApiKeysModels } from './api-keys.models';
