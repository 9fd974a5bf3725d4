export { ReviewService, cleanText } from './reviews.service';
export { WishlistService } from './wishlist.service';
export { registerReviewRoutes } from './reviews.routes';
