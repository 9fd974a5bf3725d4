import {
  Address,
  AddressList,
  ChangePasswordRequest,
  IdParams,
  Me,
  MfaDisableRequest,
  MfaEnableRequest,
  MfaEnableResponse,
  MfaSetupResponse,
  RevokedCount,
  SavedAddressInput,
  SavedAddressUpdate,
  SessionIdParams,
  SessionList,
  UpdateProfileRequest,
} from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { AccountService } from './account.service';
import { currentUser } from './guards';
import { requestMeta } from './request-meta';

export function registerMeRoutes(api: ApiRegistry, accounts: AccountService): void {
  const tags = ['me'];

  api.route({
    method: 'get',
    path: '/me',
    summary: 'The signed-in user',
    tags,
    auth: 'user',
    response: Me,
    handler: (_i, req) => accounts.me(currentUser(req).id),
  });

  api.route({
    method: 'patch',
    path: '/me',
    summary: 'Update own profile (name only: role, email and flags are refused)',
    tags,
    auth: 'user',
    request: { body: UpdateProfileRequest },
    response: Me,
    handler: ({ body }, req) => accounts.updateProfile(currentUser(req).id, body),
  });

  api.route({
    method: 'post',
    path: '/me/password',
    summary: 'Change password (needs the current one); every other session ends',
    tags,
    auth: 'user',
    recentAuth: true,
    status: 204,
    request: { body: ChangePasswordRequest },
    handler: async ({ body }, req) => {
      await accounts.changePassword(currentUser(req).id, req.sessionID, body, requestMeta(req));
    },
  });

  // Addresses
  api.route({
    method: 'get',
    path: '/me/addresses',
    summary: 'Own saved addresses',
    tags,
    auth: 'user',
    response: AddressList,
    handler: async (_i, req) => ({ items: await accounts.listAddresses(currentUser(req).id) }),
  });
  api.route({
    method: 'post',
    path: '/me/addresses',
    summary: 'Save an address',
    tags,
    auth: 'user',
    request: { body: SavedAddressInput },
    response: Address,
    handler: ({ body }, req) => accounts.addAddress(currentUser(req).id, body),
  });
  api.route({
    method: 'patch',
    path: '/me/addresses/:id',
    summary: 'Change a saved address',
    tags,
    auth: 'user',
    request: { params: IdParams, body: SavedAddressUpdate },
    response: Address,
    handler: ({ params, body }, req) => accounts.updateAddress(currentUser(req).id, params.id, body),
  });
  api.route({
    method: 'delete',
    path: '/me/addresses/:id',
    summary: 'Delete a saved address',
    tags,
    auth: 'user',
    status: 204,
    request: { params: IdParams },
    handler: async ({ params }, req) => {
      await accounts.deleteAddress(currentUser(req).id, params.id);
    },
  });

  // MFA
  api.route({
    method: 'post',
    path: '/me/mfa/setup',
    summary: 'Start TOTP enrolment: an otpauth URL and QR code (inactive until enabled)',
    tags,
    auth: 'user',
    recentAuth: true,
    status: 200,
    response: MfaSetupResponse,
    handler: (_i, req) => accounts.setupMfa(currentUser(req).id),
  });
  api.route({
    method: 'post',
    path: '/me/mfa/enable',
    summary: 'Prove a code to turn TOTP on; answers 10 one-time recovery codes',
    tags,
    auth: 'user',
    recentAuth: true,
    status: 200,
    request: { body: MfaEnableRequest },
    response: MfaEnableResponse,
    handler: async ({ body }, req) => {
      const result = await accounts.enableMfa(currentUser(req).id, body.code, requestMeta(req));
      req.session.mfa = true; // this session just proved the second factor
      return result;
    },
  });
  api.route({
    method: 'post',
    path: '/me/mfa/disable',
    summary: 'Turn TOTP off (needs the password and a current code)',
    tags,
    auth: 'user',
    recentAuth: true,
    status: 204,
    request: { body: MfaDisableRequest },
    handler: async ({ body }, req) => {
      await accounts.disableMfa(currentUser(req).id, body, requestMeta(req));
      req.session.mfa = false;
    },
  });

  // Sessions
  api.route({
    method: 'get',
    path: '/me/sessions',
    summary: 'Own active sessions (which one is this)',
    tags,
    auth: 'user',
    response: SessionList,
    handler: async (_i, req) => ({ items: await accounts.listSessions(currentUser(req).id, req.sessionID) }),
  });
  api.route({
    method: 'delete',
    path: '/me/sessions/:id',
    summary: 'Revoke one of own sessions',
    tags,
    auth: 'user',
    status: 204,
    request: { params: SessionIdParams },
    handler: async ({ params }, req) => {
      await accounts.revokeSession(currentUser(req).id, params.id, requestMeta(req));
    },
  });
  api.route({
    method: 'post',
    path: '/me/sessions/revoke-others',
    summary: 'Revoke every own session except this one',
    tags,
    auth: 'user',
    status: 200,
    response: RevokedCount,
    handler: async (_i, req) => ({ revoked: await accounts.revokeOtherSessions(currentUser(req).id, req.sessionID, requestMeta(req)) }),
  });
}
