import { signedInBrowser, type Browser } from '../../support/browser';
import { createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp();
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

describe('translations (staff)', () => {
  it("stores a product's and a variant's texts per language, checked against the kind's fields", async () => {
    const p = await createProduct(t, { price: 1000 });
    const url = `/api/v1/admin/translations/product/${p.id}`;
    expect((await admin.get(url).expect(200)).body).toEqual({ items: [] });
    const stored = (await admin.put(`${url}/de`, { fields: { title: 'Becher', optionNames: { Size: 'Größe' } } }).expect(200)).body;
    expect(stored).toEqual({ items: [{ language: 'de', fields: { title: 'Becher', optionNames: { Size: 'Größe' } } }] });
    await admin.put(`${url}/fr`, { fields: { title: 'Tasse' } }).expect(200);
    expect((await admin.get(url).expect(200)).body.items.map((i: { language: string }) => i.language)).toEqual(['de', 'fr']);

    const unknownField = await admin.put(`${url}/de`, { fields: { colour: 'rot' } }).expect(400);
    expect(unknownField.body.error.details[0].path).toBe('fields');
    await admin.put(`${url}/de`, { fields: { title: '' } }).expect(400);
    await admin.put(`${url}/german`, { fields: { title: 'x' } }).expect(400);
    await admin.put(`/api/v1/admin/translations/coupon/${p.id}/de`, { fields: { title: 'x' } }).expect(400);
    await admin.put(`/api/v1/admin/translations/variant/${p.id}/de`, { fields: { title: 'x' } }).expect(404);

    const variantUrl = `/api/v1/admin/translations/variant/${p.variants[0]!.id}`;
    await admin.put(`${variantUrl}/de`, { fields: { options: { Size: 'Mittel' } } }).expect(200);
    expect(await t.container.translations.fields('variant', 'de', [p.variants[0]!.id, p.id])).toEqual(
      new Map([[p.variants[0]!.id, { options: { Size: 'Mittel' } }]]),
    );

    // No fields at all removes the language; removing it twice is 404.
    await admin.put(`${url}/fr`, { fields: {} }).expect(200);
    await admin.delete(`${url}/de`).expect(204);
    await admin.delete(`${url}/de`).expect(404);
    expect((await admin.get(url).expect(200)).body).toEqual({ items: [] });
    expect(await t.container.translations.fields('product', 'de', [p.id])).toEqual(new Map());
  });

  it('is for staff who edit the catalog only', async () => {
    const p = await createProduct(t, { price: 1000 });
    const { browser: support } = await signedInBrowser(t, 'support');
    await support.get(`/api/v1/admin/translations/product/${p.id}`).expect(403);
    await t.agent().get(`/api/v1/admin/translations/product/${p.id}`).expect(401);
  });
});
