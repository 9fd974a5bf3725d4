export { CloudinaryStorage, createImageStorage, LocalDiskStorage, type ImageStorage } from './image-storage';
export { IMAGE_SIZES, ImageService, MAX_IMAGE_PIXELS, type ImageSize, type ImageVariant, type ProcessedImage } from './image.service';
export { renderPlaceholderImage } from './placeholder';
export { imageUpload, MAX_IMAGE_BYTES, MAX_IMAGE_FILES } from './upload';
