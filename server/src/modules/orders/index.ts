export { OrderRepository, type CompletedOrder, type OrderItemRow, type OrderRow, type PaymentRow } from './order.repository';
export type { OrderPayments, RefundAnswer } from './order-payments';
export { OrderService, type OrderViewer } from './order.service';
export { OrderWorkflow } from './order-workflow';
export { orderViewer, registerOrderRoutes } from './orders.routes';
export { defineOrdersModels, Order, OrderEvent, OrderItem, Refund, type RefundLine } from './orders.models';
