import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { AppError } from '../../lib/errors';
import type { ImageStorage } from './image-storage';

/** The variants every product image is stored in; each is at most `width` pixels wide. */
export const IMAGE_SIZES = [
  { name: 'thumb', width: 200 },
  { name: 'medium', width: 600 },
  { name: 'large', width: 1200 },
] as const;

export type ImageSize = (typeof IMAGE_SIZES)[number]['name'];

export interface ImageVariant {
  size: ImageSize;
  url: string;
  width: number;
  height: number;
  bytes: number;
}

export interface ProcessedImage {
  key: string;
  variants: ImageVariant[];
}

/** Images above this are refused before any pixel is decoded (a small file can declare a huge canvas). */
export const MAX_IMAGE_PIXELS = 40_000_000;

const unsupported = () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'The file is not a supported image (JPEG, PNG, WebP, GIF or AVIF).');

/**
 * Whether sharp's decoder name is one we accept. AVIF is reported as `heif` with `av1`
 * compression; other HEIF flavours (HEIC) are refused, as is SVG (scriptable) and anything
 * exotic libvips happens to be able to read.
 */
function isAcceptedFormat(meta: Metadata): boolean {
  switch (meta.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
    case 'tiff':
      return true;
    case 'heif':
      return meta.compression === 'av1';
    default:
      return false;
  }
}

/**
 * Turns an uploaded image into the stored WebP variants. The type is decided from the bytes
 * alone: the client's file name and MIME type are never consulted.
 */
export class ImageService {
  constructor(private storage: ImageStorage) {}

  /**
   * Validates `data` and stores `${baseKey}-thumb.webp`, `-medium.webp` and `-large.webp`.
   * Output is oriented per EXIF and carries no metadata (no EXIF, GPS, XMP or ICC), because
   * sharp strips it unless asked to keep it. Animated images keep only their first frame.
   */
  async process(data: Buffer, baseKey: string): Promise<ProcessedImage> {
    let meta: Metadata;
    try {
      // The constructor itself throws for some input (an empty buffer), hence no `.catch()` here.
      meta = await sharp(data).metadata();
    } catch {
      throw unsupported();
    }
    if (!isAcceptedFormat(meta)) throw unsupported();
    if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
      throw new AppError('VALIDATION_FAILED', 'The image is too large: at most 40 megapixels are accepted.');
    }

    // Render every variant before storing any, so a file that only fails while decoding
    // (e.g. a truncated PNG whose header is fine) leaves nothing behind.
    const rendered: { size: ImageSize; data: Buffer; width: number; height: number }[] = [];
    for (const { name, width } of IMAGE_SIZES) {
      // One at a time: a 40-megapixel decode is large, and three at once would triple the peak.
      let out: { data: Buffer; info: OutputInfo };
      try {
        out = await sharp(data, { limitInputPixels: MAX_IMAGE_PIXELS })
          .rotate()
          .resize({ width, withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer({ resolveWithObject: true });
      } catch {
        throw unsupported();
      }
      rendered.push({ size: name, data: out.data, width: out.info.width, height: out.info.height });
    }

    const variants: ImageVariant[] = [];
    try {
      for (const r of rendered) {
        const url = await this.storage.put(variantKey(baseKey, r.size), r.data, 'image/webp');
        variants.push({ size: r.size, url, width: r.width, height: r.height, bytes: r.data.length });
      }
    } catch (err) {
      // Best effort: do not leave some sizes of an image that will never be referenced.
      await this.storage.remove(variants.map((v) => variantKey(baseKey, v.size))).catch(() => undefined);
      throw err;
    }
    return { key: baseKey, variants };
  }

  /**
   * Deletes every stored variant of an image: the sizes it records plus the current standard
   * sizes, so nothing is left over if the record and the storage ever disagree.
   */
  async remove(image: ProcessedImage | { key: string; variants: { size: string }[] }): Promise<void> {
    const sizes = new Set<string>([...image.variants.map((v) => v.size), ...IMAGE_SIZES.map((s) => s.name)]);
    await this.storage.remove([...sizes].map((size) => variantKey(image.key, size)));
  }
}

function variantKey(baseKey: string, size: string): string {
  return `${baseKey}-${size}.webp`;
}
