export { PrivacyRepository, erasedEmail, scrubAddress } from './privacy.repository';
export { PrivacyService } from './privacy.service';
export { registerPrivacyRoutes } from './privacy.routes';
