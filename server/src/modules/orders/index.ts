export { OrderRepository, type CompletedOrder, type OrderItemRow, type OrderRow, type PaymentRow } from './order.repository';
export type { OrderPayments, RefundAnswer } from './order-payments';
export { OrderService, type OrderViewer } from './order.service';
export { OrderWorkflow } from './order-workflow';
export { orderViewer, registerOrderRoutes } from './orders.routes';
