import { HealthResponse, ReadinessResponse } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { HealthService } from './health.service';

export function registerHealthRoutes(api: ApiRegistry, health: HealthService): void {
  api.route({
    root: true,
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process is up',
    tags: ['health'],
    response: HealthResponse,
    handler: () => ({ status: 'ok' }),
  });

  api.route({
    root: true,
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers and all migrations are applied (503 otherwise)',
    tags: ['health'],
    response: ReadinessResponse,
    responses: { 503: { description: 'Not ready', schema: ReadinessResponse } },
    handler: async (_input, _req, res) => {
      const readiness = await health.readiness();
      res.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
    },
  });
}
