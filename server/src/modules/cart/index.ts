export { CartRepository, giftCardLineProblem, lineGiftCard, type CartLineRow } from './cart.repository';
export { cartRef, registerCartRoutes, type CartRouteDeps } from './cart.routes';
export { CartService, type CartRef, type CartResult } from './cart.service';
export { Cart, CartItem, defineCartModels } from './cart.models';
