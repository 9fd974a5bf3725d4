export { CartRepository, type CartLineRow } from './cart.repository';
export { CartService, couponProblem, type CartRef, type CartResult } from './cart.service';
