import { loggableUrl, maskSqlLiterals } from './logger';

describe('loggableUrl', () => {
  it('keeps the path and filter values, and masks every other query value (tokens, search text, emails)', () => {
    expect(loggableUrl('/api/v1/products?category=shoes&page=2&sort=newest')).toBe('/api/v1/products?category=shoes&page=2&sort=newest');
    expect(loggableUrl('/reset-password?token=abc.DEF_123')).toBe('/reset-password?token=[redacted]');
    expect(loggableUrl('/api/v1/search?q=4111111111111111&in_stock=true')).toBe('/api/v1/search?q=[redacted]&in_stock=true');
    expect(loggableUrl('/api/v1/admin/orders?email=a%40b.example&status=paid')).toBe('/api/v1/admin/orders?email=[redacted]&status=paid');
    expect(loggableUrl('/healthz')).toBe('/healthz');
  });
});

describe('maskSqlLiterals', () => {
  it('replaces every quoted value, escaped quotes included, and keeps the statement', () => {
    expect(maskSqlLiterals("SELECT * FROM users WHERE email = 'a@b.example' AND id = 5")).toBe(
      "SELECT * FROM users WHERE email = '?' AND id = 5",
    );
    expect(maskSqlLiterals("INSERT INTO t (a, b) VALUES ('it\\'s secret', 'O''Brien'), ('x', NULL)")).toBe(
      "INSERT INTO t (a, b) VALUES ('?', '?'), ('?', NULL)",
    );
    expect(maskSqlLiterals("DELETE FROM sessions WHERE session_id IN ('s1','s2')")).toBe(
      "DELETE FROM sessions WHERE session_id IN ('?','?')",
    );
  });
});
