export * from './cart.schemas';
export * from './order.schemas';
