export { storefrontRouter } from './seo';
