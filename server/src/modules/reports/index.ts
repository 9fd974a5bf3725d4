export { ReportsRepository, PAID_OR_LATER } from './reports.repository';
export { ReportsService } from './reports.service';
export { registerReportRoutes } from './reports.routes';
