import type { RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../../lib/errors';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_FILES = 10;

function toAppError(err: unknown, field: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return new AppError('PAYLOAD_TOO_LARGE', 'Each image may be at most 5 MB.');
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_UNEXPECTED_FILE':
        return new AppError('VALIDATION_FAILED', `Send at most ${MAX_IMAGE_FILES} images in the "${field}" field.`, [
          { path: field, message: `At most ${MAX_IMAGE_FILES} images, and no files in other fields.` },
        ]);
    }
  }
  // Anything else here is a body busboy could not parse (bad boundary, truncated part, aborted
  // request): the client's fault, not ours.
  return new AppError('BAD_REQUEST', 'The upload could not be read.');
}

/**
 * Parses a multipart/form-data request carrying up to 10 images in `field` into `req.files`
 * (each with a `buffer`; nothing touches the disk). The files are not trusted in any way here:
 * their names and MIME types are whatever the client said, and the bytes are only judged by
 * `ImageService.process`.
 */
export function imageUpload(field = 'images'): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_IMAGE_BYTES, files: MAX_IMAGE_FILES },
  }).array(field, MAX_IMAGE_FILES);

  return (req, res, next) => {
    // multer silently skips other content types, which would leave the handler with no files
    // and no hint why; say so instead.
    if (!req.is('multipart/form-data')) {
      next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the images as multipart/form-data.'));
      return;
    }
    parse(req, res, (err?: unknown) => {
      if (err) next(toAppError(err, field));
      else next();
    });
  };
}
