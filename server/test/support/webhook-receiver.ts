import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What a path answers next: a status (200 by default), after an optional delay. */
export interface Answer {
  status: number;
  delayMs?: number;
  body?: string;
}

/**
 * A webhook receiver on loopback (node:http): keeps every request it gets, and answers each path
 * with its scripted answers in turn (then 200, or the path's `always` answer).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  private readonly always = new Map<string, Answer>();
  private server?: http.Server;
  port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body });
        const answer = this.scripts.get(path)?.shift() ?? this.always.get(path) ?? { status: 200 };
        const reply = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status, { 'Content-Type': 'text/plain' });
          res.end(answer.body ?? `answered ${answer.status}`);
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs).unref();
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  script(path: string, ...answers: Answer[]): void {
    this.scripts.set(path, answers);
  }

  answerAlways(path: string, answer: Answer | undefined): void {
    if (answer) this.always.set(path, answer);
    else this.always.delete(path);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
