import { DashboardQuery, DashboardReport } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { ReportsService } from './reports.service';

export function registerReportRoutes(api: ApiRegistry, reports: ReportsService): void {
  api.route({
    method: 'get',
    path: '/admin/reports/dashboard',
    summary: 'Dashboard figures for a period of UTC days (default the last 30, at most 366) beside the period just before it',
    tags: ['admin: reports'],
    permission: 'reports:read',
    request: { query: DashboardQuery },
    response: DashboardReport,
    handler: ({ query }) => reports.dashboard(query),
  });
}
