import { deviceKey, deviceOf, networkOf } from './session-origin';

describe('networkOf', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['203.0.113.0', '203.0.113.0/24'],
    ['::ffff:198.51.100.23', '198.51.100.0/24'],
    ['2001:db8:1234:5:6:7:8:9', '2001:db8:1234::/48'],
    ['2001:0db8:abcd:ffff::1', '2001:db8:abcd::/48'],
    ['::1', '::/48'],
  ])('keeps only the network of %s', (ip, network) => {
    expect(networkOf(ip)).toBe(network);
  });

  it.each([undefined, null, '', 'not-an-address'])('is null for %p', (ip) => {
    expect(networkOf(ip)).toBeNull();
  });
});

describe('deviceOf', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'Chrome on Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox on Windows'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      'Mobile Safari on iOS',
    ],
    ['curl/8.5.0', 'Unknown browser on unknown system'],
    [undefined, 'Unknown browser on unknown system'],
  ])('names the family of %p', (ua, family) => {
    expect(deviceOf(ua)).toBe(family);
  });
});

describe('deviceKey', () => {
  it('is one key per family and network', () => {
    const key = deviceKey({ device: 'Chrome on Linux', network: '203.0.113.0/24' });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(deviceKey({ device: 'Chrome on Linux', network: '203.0.113.0/24' })).toBe(key);
    expect(deviceKey({ device: 'Chrome on Linux', network: '203.0.114.0/24' })).not.toBe(key);
    expect(deviceKey({ device: 'Firefox on Linux', network: '203.0.113.0/24' })).not.toBe(key);
  });
});
