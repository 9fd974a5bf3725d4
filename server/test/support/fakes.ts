import type { Clock } from '../../src/lib/clock';
import type { EmailMessage, EmailSender } from '../../src/modules/email';

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  private t: number;
  constructor(start = Date.now()) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Keeps sent messages so a test can follow the links in them (the real sender is tested on its own). */
export class CapturingEmail implements EmailSender {
  readonly sent: EmailMessage[] = [];
  async send(message: EmailMessage): Promise<void> {
    this.sent.push(message);
  }
  /** The token in the newest message to this address whose subject matches. */
  tokenFor(to: string, subject: RegExp): string {
    const message = [...this.sent].reverse().find((m) => m.to === to && subject.test(m.subject));
    const token = message && /token=([A-Za-z0-9_%-]+)/.exec(message.text)?.[1];
    if (!token) throw new Error(`no "${subject}" email to ${to}`);
    return decodeURIComponent(token);
  }
}
