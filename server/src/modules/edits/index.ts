export { OrderEdits } from './order-edits.service';
export { registerOrderEditRoutes } from './order-edits.routes';
