import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multer from 'multer';
import { ImportReport } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import { AppError } from '../../lib/errors';
import { currentUser } from '../accounts';
import type { CatalogCsvService } from './catalog-csv.service';

const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** A CSV file as multipart (field "file"); a text/csv body is streamed instead. */
const csvUpload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_CSV_BYTES, files: 1 } }).single('file');

/** Passes a request body through, failing with 413 past the limit. */
function limitBytes(source: Readable, max: number): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) return done(new AppError('PAYLOAD_TOO_LARGE', 'The CSV may be at most 20 MB.'));
      done(null, chunk);
    },
  });
  source.on('error', (err) => limiter.destroy(err));
  return source.pipe(limiter);
}

/** Registered before the other admin product routes, so `/admin/products/export` is not read as an id. */
export function registerCatalogCsvRoutes(api: ApiRegistry, csv: CatalogCsvService): void {
  const tags = ['admin: catalog'];
  const write = 'catalog:write' as const;
  api.route({
    method: 'post',
    path: '/admin/products/import',
    summary: 'Import products from CSV (text/csv body or multipart field "file"): upsert by SKU, row-level error report',
    tags,
    permission: write,
    status: 200,
    parsers: [
      (req, res, next) => {
        if (req.is('multipart/form-data')) {
          return csvUpload(req, res, (err?: unknown) =>
            next(
              err
                ? (err as { code?: string }).code === 'LIMIT_FILE_SIZE'
                  ? new AppError('PAYLOAD_TOO_LARGE', 'The CSV may be at most 20 MB.')
                  : new AppError('BAD_REQUEST', 'The upload could not be read.')
                : undefined,
            ),
          );
        }
        if (!req.is('text/csv'))
          return next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the CSV as text/csv or as multipart field "file".'));
        next();
      },
    ],
    response: ImportReport,
    handler: async (_input, req) => {
      const file = (req as { file?: Express.Multer.File }).file;
      if (req.is('multipart/form-data') && !file)
        throw new AppError('VALIDATION_FAILED', 'Attach the CSV in the "file" field.', [{ path: 'file', message: 'Required' }]);
      const source = file ? Readable.from(file.buffer) : limitBytes(req, MAX_CSV_BYTES);
      return csv.import(source, currentUser(req).id);
    },
  });
  api.route({
    method: 'get',
    path: '/admin/products/export',
    summary: 'Export the whole catalog as CSV (the import format; importing it back changes nothing)',
    tags,
    permission: write,
    responses: { 200: { description: 'CSV, one row per variant', contentType: 'text/csv' } },
    handler: async (_input, _req, res) => {
      res.type('text/csv').attachment(`bazaar-catalog-${new Date().toISOString().slice(0, 10)}.csv`);
      await pipeline(csv.export(), res);
    },
  });
}
