import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { signedInBrowser, type Browser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
let product: { id: string; slug: string };

beforeAll(async () => {
  t = await createTestApp();
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
  product = (
    await admin
      .post('/api/v1/admin/products', {
        title: 'Pictured',
        status: 'active',
        variants: [{ sku: 'PIC-1', price: { amount: 100, currency: 'USD' } }],
      })
      .expect(201)
  ).body;
});
afterAll(() => t.close());

const png = (w = 1400, h = 900) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#aa3355' } })
    .png()
    .toBuffer();
const upload = (files: { data: Buffer; name: string }[], alt?: string) => {
  let req = admin.agent.post(`/api/v1/admin/products/${product.id}/images`).set('X-CSRF-Token', admin.csrfToken);
  for (const f of files) req = req.attach('images', f.data, f.name);
  if (alt) req = req.field('alt', alt);
  return req;
};

describe('product images', () => {
  it('accepts a PNG named .exe (type from the bytes), stores three WebP sizes and serves them', async () => {
    const res = await upload([{ data: await png(), name: 'photo.exe' }], 'Front view').expect(201);
    expect(res.body.items).toHaveLength(1);
    const image = res.body.items[0];
    expect(image.alt).toBe('Front view');
    expect(image.sizes.map((s: { size: string; width: number }) => [s.size, s.width])).toEqual([
      ['thumb', 200],
      ['medium', 600],
      ['large', 1200],
    ]);
    for (const size of image.sizes) {
      expect(size.url).toMatch(/^\/uploads\/products\/.+\.webp$/);
      const file = path.join(t.config.dataDir, size.url.replace(/^\/uploads\//, 'uploads/'));
      expect((await sharp(fs.readFileSync(file)).metadata()).format).toBe('webp');
      const served = await t.agent().get(size.url).expect(200);
      expect(served.headers['content-type']).toBe('image/webp');
    }
    const detail = (await t.agent().get(`/api/v1/products/${product.slug}`).expect(200)).body;
    expect(detail.images).toHaveLength(1);
    expect(detail.image.url).toBe(image.sizes[0].url);
  });

  it('refuses a script renamed .jpg with 415, and an oversized file with 413', async () => {
    const script = await upload([{ data: Buffer.from('#!/bin/sh\nrm -rf /\n'), name: 'cute-cat.jpg' }]).expect(415);
    expect(script.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await upload([{ data: Buffer.alloc(6 * 1024 * 1024, 1), name: 'big.png' }]).expect(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const none = await admin.agent
      .post(`/api/v1/admin/products/${product.id}/images`)
      .set('X-CSRF-Token', admin.csrfToken)
      .field('alt', 'x')
      .expect(400);
    expect(none.body.error.code).toBe('VALIDATION_FAILED');
    expect((await admin.get(`/api/v1/admin/products/${product.id}`).expect(200)).body.images).toHaveLength(1);
  });

  it('reorders, renames and deletes images (files go too)', async () => {
    const added = (
      await upload([
        { data: await png(300, 300), name: 'a.png' },
        { data: await png(500, 400), name: 'b.png' },
      ]).expect(201)
    ).body.items;
    expect(added).toHaveLength(3);
    const ids = added.map((i: { id: string }) => i.id);
    const reversed = [...ids].reverse();
    const reordered = await admin.patch(`/api/v1/admin/products/${product.id}/images/order`, { imageIds: reversed }).expect(200);
    expect(reordered.body.items.map((i: { id: string }) => i.id)).toEqual(reversed);
    // Lists show each product's first image by position (one query for the whole page).
    const thumbOf = (id: string) =>
      added.find((i: { id: string }) => i.id === id).sizes.find((s: { size: string }) => s.size === 'thumb').url;
    const listed = (await t.agent().get('/api/v1/products?limit=100').expect(200)).body.items.find(
      (p: { id: string }) => p.id === product.id,
    );
    expect(listed.image.url).toBe(thumbOf(reversed[0]));
    expect(listed.image.url).not.toBe(thumbOf(ids[0]));
    await admin.patch(`/api/v1/admin/products/${product.id}/images/order`, { imageIds: reversed.slice(1) }).expect(400);

    await admin.patch(`/api/v1/admin/images/${ids[0]}`, { alt: 'Side view' }).expect(200);
    const victim = added[1];
    const file = path.join(t.config.dataDir, victim.sizes[0].url.replace(/^\/uploads\//, 'uploads/'));
    expect(fs.existsSync(file)).toBe(true);
    await admin.delete(`/api/v1/admin/products/${product.id}/images/${victim.id}`).expect(204);
    expect(fs.existsSync(file)).toBe(false);
    const detail = (await t.agent().get(`/api/v1/products/${product.slug}`).expect(200)).body;
    expect(detail.images.map((i: { id: string }) => i.id)).toEqual(reversed.filter((id: string) => id !== victim.id));
  });

  it('checks permission before reading any upload', async () => {
    const { browser: customer } = await signedInBrowser(t);
    await customer.agent
      .post(`/api/v1/admin/products/${product.id}/images`)
      .set('X-CSRF-Token', customer.csrfToken)
      .attach('images', await png(), 'x.png')
      .expect(403);
  });
});
