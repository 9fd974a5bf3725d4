export * from './reviews.schemas';
