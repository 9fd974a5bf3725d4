import {
  ChosenAmountRange,
  chosenAmountRange,
  chosenAmountSchema,
  GIFT_CARD_AMOUNT_MAX,
  GiftCardRecipientInput,
  giftCardSendAt,
  giftCardSendDateProblem,
  giftCardSendDateRange,
} from './gift-card.schemas';

const now = new Date('2026-12-03T15:00:00.000Z');

describe('gift-card send days', () => {
  it('allow today up to 365 days ahead, with yesterday (UTC) for shoppers behind UTC', () => {
    expect(giftCardSendDateRange(now)).toEqual({ min: '2026-12-02', max: '2027-12-03' });
    expect(giftCardSendDateProblem('2026-12-02', now)).toBeUndefined();
    expect(giftCardSendDateProblem('2027-12-03', now)).toBeUndefined();
    expect(giftCardSendDateProblem('2026-12-01', now)).toBe('Choose today or a later day');
    expect(giftCardSendDateProblem('2027-12-04', now)).toBe('Choose a day within 365 days');
  });

  it('send at the start of the chosen UTC day, or now when that has passed or none was chosen', () => {
    expect(giftCardSendAt('2026-12-24', now)).toEqual(new Date('2026-12-24T00:00:00.000Z'));
    expect(giftCardSendAt('2026-12-03', now)).toEqual(now);
    expect(giftCardSendAt(undefined, now)).toEqual(now);
  });

  it('take only real days and a well-formed recipient', () => {
    expect(GiftCardRecipientInput.safeParse({ recipientEmail: 'A@Example.com ', sendDate: '2026-12-24' }).data).toEqual({
      recipientEmail: 'a@example.com',
      sendDate: '2026-12-24',
    });
    expect(GiftCardRecipientInput.safeParse({ recipientEmail: 'a@example.com', sendDate: '2026-02-30' }).success).toBe(false);
    expect(GiftCardRecipientInput.safeParse({ recipientEmail: 'a@example.com', message: 'x'.repeat(501) }).success).toBe(false);
    expect(GiftCardRecipientInput.safeParse({ recipientEmail: 'a@example.com', code: 'x' }).success).toBe(false);
  });
});

describe('chosen gift-card amounts', () => {
  it('are judged against the product’s range, with the bounds in money in the message', () => {
    const amount = chosenAmountSchema({ min: 1000, max: 50000 }, 'USD');
    expect(amount.safeParse(1000).success).toBe(true);
    expect(amount.safeParse(50000).success).toBe(true);
    expect(amount.safeParse(999).error?.issues[0]?.message).toBe('At least $10.00');
    expect(amount.safeParse(50001).error?.issues[0]?.message).toBe('At most $500.00');
    expect(amount.safeParse(1234.5).success).toBe(false);
    expect(amount.safeParse(undefined).error?.issues[0]?.message).toBe('Enter an amount');
  });

  it('take a range staff set only the right way up and within the most a card may be', () => {
    expect(ChosenAmountRange.safeParse({ min: 1000, max: 1000 }).success).toBe(true);
    expect(ChosenAmountRange.safeParse({ min: 2000, max: 1000 }).error?.issues[0]).toMatchObject({
      path: ['max'],
      message: 'At least the minimum',
    });
    expect(ChosenAmountRange.safeParse({ min: 0, max: 1000 }).success).toBe(false);
    expect(ChosenAmountRange.safeParse({ min: 1, max: GIFT_CARD_AMOUNT_MAX + 1 }).success).toBe(false);
    expect(chosenAmountRange('1000', '5000')).toEqual({ min: 1000, max: 5000 });
    expect(chosenAmountRange(null, null)).toBeNull();
  });
});
