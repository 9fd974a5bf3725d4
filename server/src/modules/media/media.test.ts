import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import sharp from 'sharp';
import request from 'supertest';
import { AppError } from '../../lib/errors';
import {
  CloudinaryStorage,
  createImageStorage,
  ImageService,
  type ImageStorage,
  imageUpload,
  LocalDiskStorage,
  renderPlaceholderImage,
} from './index';

const SHELL_SCRIPT = Buffer.from('#!/bin/sh\necho hi\n');

function solidPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
}

/** Every file under `dir`, relative and sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Asserts that the promise rejects with an AppError of the given code. */
async function expectAppError(promise: Promise<unknown>, code: string): Promise<void> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
}

let tmp: string;
let root: string;
let images: ImageService;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'bazaar-media-'));
  root = path.join(tmp, 'uploads');
  images = new ImageService(new LocalDiskStorage(root));
});

afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('ImageService with LocalDiskStorage', () => {
  it('stores three WebP variants of a PNG, 200/600/1200 px wide', async () => {
    const result = await images.process(await solidPng(1600, 900), 'products/1/abc');

    expect(result.key).toBe('products/1/abc');
    expect(result.variants.map((v) => [v.size, v.width])).toEqual([
      ['thumb', 200],
      ['medium', 600],
      ['large', 1200],
    ]);
    expect(await listFiles(root)).toEqual(['products/1/abc-large.webp', 'products/1/abc-medium.webp', 'products/1/abc-thumb.webp']);
    for (const variant of result.variants) {
      expect(variant.url).toBe(`/uploads/products/1/abc-${variant.size}.webp`);
      const bytes = await fs.readFile(path.join(root, `products/1/abc-${variant.size}.webp`));
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe('webp');
      expect([meta.width, meta.height]).toEqual([variant.width, variant.height]);
      expect(variant.bytes).toBe(bytes.length);
      // The aspect ratio is kept.
      expect(variant.height).toBe(Math.round((variant.width * 900) / 1600));
    }
  });

  it('never enlarges a small image', async () => {
    const result = await images.process(await solidPng(300, 150), 'products/2/small');
    expect(result.variants.map((v) => [v.width, v.height])).toEqual([
      [200, 100],
      [300, 150],
      [300, 150],
    ]);
  });

  it('strips EXIF from the output and applies the EXIF orientation', async () => {
    const jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#aa3300' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'secret-owner' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    // Make sure the input really carries what must be stripped.
    const inputMeta = await sharp(jpeg).metadata();
    expect(inputMeta.exif).toBeDefined();
    expect(inputMeta.orientation).toBe(6);
    expect(jpeg.includes('secret-owner')).toBe(true);

    const result = await images.process(jpeg, 'products/3/exif');
    for (const variant of result.variants) {
      const bytes = await fs.readFile(path.join(root, `products/3/exif-${variant.size}.webp`));
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(bytes.includes('secret-owner')).toBe(false);
    }
    // Orientation 6 means "rotate 90°": the 1600×900 landscape is stored as a 900×1600 portrait.
    expect(result.variants.map((v) => [v.size, v.width, v.height])).toEqual([
      ['thumb', 200, 356],
      ['medium', 600, 1067],
      ['large', 900, 1600],
    ]);
  });

  it('judges the bytes, not a name: a shell script is refused and nothing is stored', async () => {
    await expectAppError(images.process(SHELL_SCRIPT, 'products/4/photo.png'), 'UNSUPPORTED_MEDIA_TYPE');
    await expectAppError(images.process(Buffer.alloc(0), 'products/4/empty'), 'UNSUPPORTED_MEDIA_TYPE');
    await expect(listFiles(root)).rejects.toThrow(); // the uploads directory was never even created
  });

  it('refuses SVG (a format sharp reads, but scriptable) and a truncated PNG', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    await expectAppError(images.process(svg, 'products/5/svg'), 'UNSUPPORTED_MEDIA_TYPE');
    // The header is intact, so only decoding fails; no variant may be left behind.
    const truncated = (await solidPng(640, 480)).subarray(0, 200);
    await expectAppError(images.process(truncated, 'products/5/truncated'), 'UNSUPPORTED_MEDIA_TYPE');
    await expect(listFiles(root)).rejects.toThrow();
  });

  it('refuses images above 40 megapixels', async () => {
    const huge = await sharp({ create: { width: 8000, height: 5001, channels: 3, background: '#000' } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    await expectAppError(images.process(huge, 'products/6/huge'), 'VALIDATION_FAILED');
  });

  it('removes every variant of an image', async () => {
    const result = await images.process(await solidPng(400, 400), 'products/7/gone');
    await fs.writeFile(path.join(root, 'products/7/keep.webp'), 'other image');
    await images.remove({ key: result.key, variants: [{ size: 'thumb' }] });
    expect(await listFiles(root)).toEqual(['products/7/keep.webp']);
    // Removing again is harmless.
    await images.remove(result);
  });

  it('cleans up the variants already stored when storing a later one fails', async () => {
    const stored = new Set<string>();
    const flaky: ImageStorage = {
      async put(key) {
        if (stored.size === 1) throw new Error('disk full');
        stored.add(key);
        return `/x/${key}`;
      },
      async remove(keys) {
        keys.forEach((k) => stored.delete(k));
      },
    };
    await expect(new ImageService(flaky).process(await solidPng(100, 100), 'p/1')).rejects.toThrow('disk full');
    expect(stored.size).toBe(0);
  });
});

describe('LocalDiskStorage', () => {
  it('refuses keys that could leave its directory', async () => {
    const storage = new LocalDiskStorage(root);
    for (const key of ['../evil.webp', 'a/../../evil.webp', '/etc/evil.webp', 'a\\..\\evil.webp', '', 'a//b.webp']) {
      await expect(storage.put(key, Buffer.from('x'), 'image/webp')).rejects.toThrow('Invalid image storage key');
    }
    await expect(storage.remove(['../evil.webp'])).rejects.toThrow('Invalid image storage key');
    expect(await fs.readdir(tmp)).toEqual([]);
  });

  it('writes under its root, returns the public URL and ignores missing files on remove', async () => {
    const storage = new LocalDiskStorage(root, '/media/');
    expect(await storage.put('a/b/c.webp', Buffer.from('data'), 'image/webp')).toBe('/media/a/b/c.webp');
    expect(await fs.readFile(path.join(root, 'a/b/c.webp'), 'utf8')).toBe('data');
    await storage.remove(['a/b/c.webp', 'a/b/missing.webp']);
    expect(await listFiles(root)).toEqual([]);
  });
});

describe('createImageStorage', () => {
  it('uses the disk without a Cloudinary URL and Cloudinary with one', async () => {
    const local = createImageStorage({ dataDir: tmp });
    expect(local).toBeInstanceOf(LocalDiskStorage);
    await local.put('x.webp', Buffer.from('x'), 'image/webp');
    expect(await listFiles(path.join(tmp, 'uploads'))).toEqual(['x.webp']);

    // Constructing it makes no network call.
    expect(createImageStorage({ dataDir: tmp, cloudinaryUrl: 'cloudinary://key:secret@demo' })).toBeInstanceOf(CloudinaryStorage);
    expect(() => new CloudinaryStorage('cloudinary://demo')).toThrow('CLOUDINARY_URL');
    expect(() => new CloudinaryStorage('not a url')).toThrow('CLOUDINARY_URL');
  });
});

describe('imageUpload middleware', () => {
  const toJson: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    if (err instanceof AppError) res.status(err.status).json({ error: { code: err.code } });
    else res.status(500).json({ error: { code: 'INTERNAL' } });
  };

  function app() {
    const service = images;
    const a = express();
    a.post('/files', imageUpload(), (req, res) => {
      const files = req.files as Express.Multer.File[];
      res.json(files.map((f) => ({ name: f.originalname, isBuffer: Buffer.isBuffer(f.buffer), bytes: f.buffer.length })));
    });
    a.post('/images', imageUpload(), async (req, res) => {
      const files = req.files as Express.Multer.File[];
      const processed = [];
      for (const [i, f] of files.entries()) processed.push(await service.process(f.buffer, `products/9/${i}`));
      res.status(201).json(processed);
    });
    a.use(toJson);
    return a;
  }

  it('accepts a PNG whatever its file name and hands it over as a buffer', async () => {
    const png = await solidPng(50, 50);
    const res = await request(app())
      .post('/files')
      .attach('images', png, { filename: 'photo.exe', contentType: 'application/octet-stream' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ name: 'photo.exe', isBuffer: true, bytes: png.length }]);

    const stored = await request(app())
      .post('/images')
      .attach('images', png, { filename: 'photo.exe', contentType: 'application/octet-stream' });
    expect(stored.status).toBe(201);
    expect(await listFiles(root)).toHaveLength(3);
  });

  it('refuses a shell script sent as photo.png with image/png', async () => {
    const res = await request(app()).post('/images').attach('images', SHELL_SCRIPT, { filename: 'photo.png', contentType: 'image/png' });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('answers 413 for a file over 5 MB', async () => {
    const res = await request(app())
      .post('/files')
      .attach('images', Buffer.alloc(6 * 1024 * 1024, 1), { filename: 'big.png', contentType: 'image/png' });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers 400 for 11 files or a file in another field', async () => {
    const png = await solidPng(10, 10);
    let req = request(app()).post('/files');
    for (let i = 0; i < 11; i++) req = req.attach('images', png, { filename: `${i}.png`, contentType: 'image/png' });
    const tooMany = await req;
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({ error: { code: 'VALIDATION_FAILED' } });

    let ten = request(app()).post('/files');
    for (let i = 0; i < 10; i++) ten = ten.attach('images', png, { filename: `${i}.png`, contentType: 'image/png' });
    expect((await ten).status).toBe(200);

    const otherField = await request(app()).post('/files').attach('avatar', png, { filename: 'a.png', contentType: 'image/png' });
    expect(otherField.status).toBe(400);
  });

  it('answers 415 for a body that is not multipart', async () => {
    const json = await request(app())
      .post('/files')
      .send({ images: ['x'] });
    expect(json.status).toBe(415);
    expect(json.body).toEqual({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect((await request(app()).post('/files')).status).toBe(415);
  });

  it('answers 400 for a multipart body that cannot be parsed', async () => {
    const res = await request(app())
      .post('/files')
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="images"; filename="a.png"\r\n\r\ntruncated');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'BAD_REQUEST' } });
  });
});

describe('renderPlaceholderImage', () => {
  it('is deterministic, depends on the seed and renders a PNG of the asked size', async () => {
    const a = await renderPlaceholderImage({ seed: 7, label: 'Ceramic mug <Blue> & "Co"' });
    const b = await renderPlaceholderImage({ seed: 7, label: 'Ceramic mug <Blue> & "Co"' });
    const c = await renderPlaceholderImage({ seed: 8, label: 'Ceramic mug <Blue> & "Co"' });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(await sharp(a).metadata()).toMatchObject({ format: 'png', width: 800, height: 800 });

    const small = await renderPlaceholderImage({ seed: 1, label: 'x', width: 320, height: 240 });
    expect(await sharp(small).metadata()).toMatchObject({ format: 'png', width: 320, height: 240 });
  });

  it('copes with labels that are not plain text', async () => {
    const label = `</text><script>alert(1)</script>\u0000 ${'very long '.repeat(20)}`;
    const png = await renderPlaceholderImage({ seed: 3, label, width: 200, height: 100 });
    expect((await sharp(png).metadata()).format).toBe('png');
  });

  it('is accepted by ImageService, as seeded demo images must be', async () => {
    const result = await images.process(await renderPlaceholderImage({ seed: 5, label: 'Demo' }), 'demo/5');
    expect(result.variants.map((v) => v.width)).toEqual([200, 600, 800]);
  });
});
