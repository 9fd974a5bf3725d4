export { AccountService } from './account.service';
export { AuthService, toMe, type LoginOutcome, type RequestMeta } from './auth.service';
export { registerAuthRoutes } from './auth.routes';
export { registerMeRoutes } from './me.routes';
export { registerAdminUserRoutes } from './admin-users.routes';
export { prepareCsrfToken, requireCsrfToken } from './csrf';
export {
  currentUser,
  optionalUser,
  permissionGuard,
  recentAuthGuard,
  reauthRequired,
  requireUser,
  type ApiKeyPrincipal,
  type CurrentUser,
} from './guards';
export { KnownDeviceRepository } from './known-device.repository';
export { signInCompleter, type CompleteSignIn, type SignInCompletion, type SignInDeps, type SignInOptions } from './sign-in';
export { deviceOf, networkOf, type SessionOrigin } from './session-origin';
export { PasswordHasher } from './password';
export { ROLE_PERMISSIONS, actorCan, can } from './permissions';
export { createRateLimiter } from './rate-limit';
export { RateLimitRepository } from './rate-limit.repository';
export {
  endSession,
  initialiseSession,
  lazySession,
  reauthenticated,
  sessionCookieTest,
  sessionLifecycle,
  sessionMiddleware,
} from './session';
export { refreshCookie, requestMeta } from './request-meta';
export { createSessionStore, type CachedSessionStore } from './session-store';
export { SessionRepository } from './session.repository';
export { AddressRepository } from './address.repository';
export { RecoveryCodeRepository, RefreshTokenRepository, UserTokenRepository } from './token.repository';
export { UserRepository, type UserRecord } from './user.repository';
export { totpAt } from './mfa';
export {
  Address,
  defineAccountsModels,
  KnownDevice,
  MfaRecoveryCode,
  RateLimit,
  RefreshToken,
  Role,
  Session,
  User,
  UserToken,
} from './accounts.models';
