export { PasskeyRepository, type PasskeyRecord } from './passkey.repository';
export { PasskeyService, isStaleCounter, type PendingChallenge } from './passkey.service';
export { registerPasskeyRoutes } from './passkeys.routes';
export { definePasskeysModels, PasskeyRow } from './passkeys.models';
