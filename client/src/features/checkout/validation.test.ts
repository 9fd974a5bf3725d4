import { validateCheckout, type CheckoutForm } from './validation';

const valid: CheckoutForm = {
  email: 'Sam@Example.com',
  name: 'Sam',
  line1: '1 Main St',
  line2: '',
  city: 'NYC',
  region: 'NY',
  postalCode: '10001',
  country: 'US',
  shippingMethodId: '6f1c3d2a-0000-4000-8000-000000000001',
};

describe('checkout form validation (the shared zod schema)', () => {
  it('accepts a complete form and normalises it like the server', () => {
    const r = validateCheckout(valid);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.body).toMatchObject({ email: 'sam@example.com', shippingAddress: { country: 'US', region: 'NY' } });
  });
  it('reports each missing or wrong field by name', () => {
    const r = validateCheckout({ ...valid, email: 'nope', name: '', postalCode: '', shippingMethodId: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields).sort()).toEqual(['email', 'name', 'postalCode', 'shippingMethodId']);
  });
});
