export { HealthService } from './health.service';
export { registerHealthRoutes } from './health.routes';
