export { CatalogCache } from './catalog.cache';
export { CatalogRepository } from './catalog.repository';
export { CatalogAdminRepository } from './catalog-admin.repository';
export { CatalogService } from './catalog.service';
export { CatalogAdminService, toSlug } from './catalog-admin.service';
export { registerCatalogRoutes } from './catalog.routes';
export { registerAdminCatalogRoutes } from './admin-catalog.routes';
export { CatalogImagesService } from './catalog-images.service';
