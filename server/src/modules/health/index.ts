export { HealthService } from './health.service';
export { registerHealthRoutes } from './health.routes';
export { HealthRepository } from './health.repository';
