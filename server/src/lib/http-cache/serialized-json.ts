import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The content codings a stored body is offered in, as the `compression` middleware would pick them. */
export type BodyEncoding = 'br' | 'gzip';
/** compression's own defaults: bodies under 1 KB go as they are; brotli at quality 4. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

/**
 * A response body already serialised, for answers built from cached data that many requests share:
 * JSON.stringify, the ETag hash and compression then run once per distinct body, not once per request.
 * `send` answers as `res.json` and `compression` would have answered with the value.
 */
export class SerializedJson {
  private static readonly byValue = new WeakMap<object, SerializedJson>();

  /**
   * The body of `value`, serialised once per value object: a service that answers many requests
   * with the very same (cached) object gets its JSON, ETag and compression done once. Held weakly,
   * so the body goes when the value does.
   */
  static of(value: unknown): SerializedJson {
    if (typeof value !== 'object' || value === null) return new SerializedJson(value);
    let body = SerializedJson.byValue.get(value);
    if (!body) SerializedJson.byValue.set(value, (body = new SerializedJson(value)));
    return body;
  }

  readonly json: string;
  /** Express's ETag of `json`, worked out by the first response that sends it. */
  private etag: string | undefined;
  private bytes: Buffer | undefined;
  private readonly encoded = new Map<BodyEncoding, Promise<Buffer>>();

  constructor(value: unknown) {
    this.json = JSON.stringify(value);
  }

  etagFor(req: Request): string | undefined {
    const etagOf = req.app.get('etag fn') as ((body: string, encoding: BufferEncoding) => string) | undefined;
    return etagOf ? (this.etag ??= etagOf(this.json, 'utf8')) : undefined;
  }

  /** The UTF-8 bytes, encoded once. */
  get buffer(): Buffer {
    return (this.bytes ??= Buffer.from(this.json, 'utf8'));
  }

  /**
   * The body in a content coding, compressed once (off the event loop) and kept with the body;
   * concurrent first requests share the one compression.
   */
  encodedAs(encoding: BodyEncoding): Promise<Buffer> {
    let pending = this.encoded.get(encoding);
    if (!pending) {
      pending = encoding === 'br' ? brotli(this.buffer, BROTLI_OPTIONS) : gzip(this.buffer);
      this.encoded.set(encoding, pending);
    }
    return pending;
  }

  /**
   * The answer `res.json` + the `compression` middleware would give: the same bytes, ETag and
   * 304s, `Vary: Accept-Encoding`, brotli or gzip above 1 KB (the client's first choice of the
   * two) — but compressed once per body and reused, not for every response. Sent this way behind
   * `compression` too: it leaves a response that already has a Content-Encoding alone.
   */
  async send(req: Request, res: Response, status: number): Promise<void> {
    res.statusCode = status;
    const etag = this.etagFor(req);
    if (etag) res.setHeader('ETag', etag);
    if (req.fresh) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.vary('Accept-Encoding');
    let bytes = this.buffer;
    if (bytes.length >= COMPRESSION_THRESHOLD_BYTES && req.headers['accept-encoding']) {
      const encoding = req.acceptsEncodings('br', 'gzip');
      if (encoding === 'br' || encoding === 'gzip') {
        bytes = await this.encodedAs(encoding);
        res.setHeader('Content-Encoding', encoding);
      }
    }
    res.setHeader('Content-Length', bytes.length);
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }
}
