import type { ProductImage } from '@bazaar/shared';
import type { Db } from '../../db/db';
import { conflict, notFound, validationFailed } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { newId } from '../../lib/tokens';
import type { ImageService, ProcessedImage } from '../media';
import type { CatalogAdminRepository } from './catalog-admin.repository';
import type { CatalogCache } from './catalog.cache';
import type { CatalogRepository } from './catalog.repository';
import { toImage } from './mappers';

const MAX_IMAGES_PER_PRODUCT = 30;

/** Product pictures: processed to WebP sizes first, then recorded; removed files follow the commit. */
export class CatalogImagesService {
  constructor(
    private readonly db: Db,
    private readonly repo: CatalogAdminRepository,
    private readonly read: CatalogRepository,
    private readonly images: ImageService,
    private readonly cache: CatalogCache,
    private readonly logger: Logger,
  ) {}

  async list(productId: string): Promise<ProductImage[]> {
    return (await this.read.imagesOf(productId)).map(toImage);
  }

  async upload(productId: string, files: { buffer: Buffer }[], alt: string | undefined): Promise<ProductImage[]> {
    if (!(await this.read.productById(productId))) throw notFound('The product');
    if (!files.length) throw validationFailed([{ path: 'images', message: 'Attach at least one image' }]);
    // The slow part (decode, resize, encode, store) happens outside any transaction.
    const processed: ProcessedImage[] = [];
    try {
      for (const file of files) processed.push(await this.images.process(file.buffer, `products/${productId}/${newId()}`));
    } catch (err) {
      await Promise.all(processed.map((p) => this.images.remove(p)));
      throw err;
    }
    try {
      await this.db.transaction(async (tx) => {
        await this.read.productById(productId, tx, true); // serialise concurrent uploads' positions
        const existing = await this.read.imagesOf(productId, tx);
        if (existing.length + processed.length > MAX_IMAGES_PER_PRODUCT)
          throw conflict(`A product can have at most ${MAX_IMAGES_PER_PRODUCT} images.`);
        let position = existing.reduce((max, i) => Math.max(max, Number(i.position)), -1);
        for (const p of processed) {
          await this.repo.insertImage(
            {
              id: newId(),
              productId,
              position: ++position,
              alt: alt ?? '',
              storageKey: p.key,
              sizes: p.variants.map(({ size, url, width, height }) => ({ size, url, width, height })),
            },
            tx,
          );
        }
        await this.cache.invalidate(tx);
      });
    } catch (err) {
      await Promise.all(processed.map((p) => this.images.remove(p)));
      throw err;
    }
    return this.list(productId);
  }

  /** The new order must name exactly the product's images. */
  async reorder(productId: string, imageIds: string[]): Promise<ProductImage[]> {
    await this.db.transaction(async (tx) => {
      const existing = (await this.read.imagesOf(productId, tx)).map((i) => i.id);
      if (!existing.length && !(await this.read.productById(productId, tx))) throw notFound('The product');
      const same =
        existing.length === imageIds.length && new Set(imageIds).size === imageIds.length && imageIds.every((id) => existing.includes(id));
      if (!same) throw validationFailed([{ path: 'imageIds', message: "Must list each of the product's images exactly once" }]);
      for (const [position, id] of imageIds.entries()) {
        await this.repo.setImagePosition(id, productId, position, tx);
      }
      await this.cache.invalidate(tx);
    });
    return this.list(productId);
  }

  async setAlt(imageId: string, alt: string): Promise<ProductImage> {
    const row = await this.db.transaction(async (tx) => {
      if (!(await this.repo.setImageAlt(imageId, alt, tx))) throw notFound('The image');
      await this.cache.invalidate(tx);
      return this.repo.image(imageId, tx);
    });
    return toImage(row!);
  }

  async remove(productId: string, imageId: string): Promise<void> {
    const row = await this.db.transaction(async (tx) => {
      const image = await this.repo.imageFiles(imageId, productId, tx);
      if (!image) throw notFound('The image');
      await this.repo.deleteImage(imageId, tx);
      await this.cache.invalidate(tx);
      return image;
    });
    // Demo pictures are shared between products; only per-product uploads are deleted from storage.
    if (row.storageKey.startsWith(`products/${productId}/`)) {
      await this.images
        .remove({ key: row.storageKey, variants: row.sizes })
        .catch((err: unknown) => this.logger.warn({ err, key: row.storageKey }, 'image files could not be removed'));
    }
  }
}
