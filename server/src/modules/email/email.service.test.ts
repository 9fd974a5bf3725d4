import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../lib/logger';
import { EmailService } from './email.service';
import { passwordResetMessage } from './templates';

describe('EmailService without SMTP', () => {
  it('writes a readable .eml with text and HTML parts to the outbox', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-mail-'));
    const service = new EmailService({ dataDir, from: 'Bazaar <no-reply@bazaar.local>' }, createLogger('silent'));
    await service.send(passwordResetMessage('shopper@example.com', 'http://localhost:3000/reset-password?token=abc<script>'));
    const files = fs.readdirSync(path.join(dataDir, 'outbox'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const eml = fs.readFileSync(path.join(dataDir, 'outbox', files[0]!), 'utf8');
    expect(eml).toMatch(/^To: shopper@example.com$/m);
    expect(eml).toMatch(/^Subject: Reset your password$/m);
    expect(eml).toMatch(/Content-Type: multipart\/alternative/);
    expect(eml).toMatch(/Content-Type: text\/plain/);
    expect(eml).toMatch(/Content-Type: text\/html/);
    const htmlPart = eml.slice(eml.indexOf('Content-Type: text/html'));
    expect(htmlPart).not.toContain('<script>'); // the URL is escaped in the HTML part
    expect(htmlPart).toContain('&lt;script&gt;');
  });
});
