export { DraftOrderService } from './draft-orders.service';
export { registerDraftOrderRoutes } from './draft-orders.routes';
