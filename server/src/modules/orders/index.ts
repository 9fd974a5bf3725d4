export { OrderRepository, type CompletedOrder, type OrderItemRow, type OrderRow, type PaymentRow } from './order.repository';
export type { OrderPayments, RefundAnswer } from './order-payments';
export { OrderService, type OrderViewer, type StaffActor } from './order.service';
export { toOrderDto } from './order.mapper';
export { RefundRepository } from './refund.repository';
export { OrderWorkflow } from './order-workflow';
export { orderViewer, registerOrderRoutes } from './orders.routes';
export { defineOrdersModels, Order, OrderEvent, OrderItem, Refund, type RefundLine } from './orders.models';
