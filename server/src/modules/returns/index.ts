export { ReturnsRepository } from './returns.repository';
export { ReturnsService, type ReturnListener } from './returns.service';
export { registerReturnRoutes } from './returns.routes';
export { defineReturnsModels, ReturnLineRecord, ReturnRecord } from './returns.models';
