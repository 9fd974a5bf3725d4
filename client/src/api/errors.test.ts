import { toFriendlyError } from './errors';

describe('toFriendlyError', () => {
  it('uses the server message and collects per-field details without the body. prefix', () => {
    const e = toFriendlyError({
      status: 400,
      data: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is not valid.',
          details: [
            { path: 'shippingAddress.postalCode', message: 'Required' },
            { path: 'body.email', message: 'Must be a valid email address' },
          ],
          requestId: 'r1',
        },
      },
    });
    expect(e).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid.',
      fields: { 'shippingAddress.postalCode': 'Required', email: 'Must be a valid email address' },
    });
  });
  it('speaks plainly about network failures and rate limits', () => {
    expect(toFriendlyError({ status: 'FETCH_ERROR', error: 'TypeError' }).message).toMatch(/offline/);
    expect(toFriendlyError({ status: 429, data: { error: { code: 'RATE_LIMITED', message: 'x', requestId: 'r' } } }).message).toMatch(
      /wait a moment/,
    );
    expect(
      toFriendlyError({
        status: 500,
        data: { error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again.', requestId: 'r' } },
      }).code,
    ).toBe('INTERNAL');
  });
});
