import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { v2 as cloudinary, type UploadApiResponse } from 'cloudinary';

/** Where processed images live. Keys are relative, slash-separated paths such as `products/42/ab12-thumb.webp`. */
export interface ImageStorage {
  /** Stores the bytes under `key` (replacing what was there) and returns the public URL. */
  put(key: string, data: Buffer, contentType: string): Promise<string>;
  /** Deletes the given keys; keys that do not exist are ignored. */
  remove(keys: string[]): Promise<void>;
}

/**
 * Keys are chosen by the server, never by a client, but they end up in file paths and URLs, so
 * they are held to a small alphabet: that rules out traversal, absolute paths, backslashes and
 * anything that would need URL-encoding.
 */
const KEY_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

function assertValidKey(key: string): void {
  if (key.startsWith('/') || key.includes('..') || !KEY_PATTERN.test(key)) {
    throw new Error(`Invalid image storage key: ${JSON.stringify(key)}`);
  }
}

/** Files under a directory that the app serves statically at `publicPrefix` (the default when Cloudinary is not set up). */
export class LocalDiskStorage implements ImageStorage {
  private readonly rootDir: string;
  private readonly publicPrefix: string;

  constructor(rootDir: string, publicPrefix = '/uploads') {
    this.rootDir = path.resolve(rootDir);
    this.publicPrefix = publicPrefix.replace(/\/+$/, '');
  }

  async put(key: string, data: Buffer, _contentType: string): Promise<string> {
    const file = this.pathFor(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Write beside the target and rename over it, so a reader never sees a half-written image.
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    return `${this.publicPrefix}/${key}`;
  }

  async remove(keys: string[]): Promise<void> {
    const files = keys.map((key) => this.pathFor(key));
    await Promise.all(files.map((file) => fs.rm(file, { force: true })));
  }

  private pathFor(key: string): string {
    assertValidKey(key);
    const file = path.resolve(this.rootDir, key);
    // Belt and braces: the pattern already forbids this, but never touch a file outside the root.
    if (!file.startsWith(this.rootDir + path.sep)) throw new Error(`Invalid image storage key: ${JSON.stringify(key)}`);
    return file;
  }
}

interface CloudinaryCredentials {
  cloud_name: string;
  api_key: string;
  api_secret: string;
}

/** Parses `cloudinary://<api_key>:<api_secret>@<cloud_name>`, the format of Cloudinary's CLOUDINARY_URL. */
function parseCloudinaryUrl(cloudinaryUrl: string): CloudinaryCredentials {
  let url: URL;
  try {
    url = new URL(cloudinaryUrl);
  } catch {
    throw new Error('CLOUDINARY_URL is not a valid URL.');
  }
  const credentials = {
    cloud_name: url.hostname,
    api_key: decodeURIComponent(url.username),
    api_secret: decodeURIComponent(url.password),
  };
  if (url.protocol !== 'cloudinary:' || !credentials.cloud_name || !credentials.api_key || !credentials.api_secret) {
    throw new Error('CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>.');
  }
  return credentials;
}

/** The Admin API deletes at most 100 public ids per call. */
const DELETE_BATCH = 100;

/**
 * Images on Cloudinary. The credentials are passed with every call rather than through
 * `cloudinary.v2.config()`, which is process-wide state (and does not parse a `cloudinary_url`
 * key: only the CLOUDINARY_URL environment variable is parsed by the SDK).
 */
export class CloudinaryStorage implements ImageStorage {
  private readonly credentials: CloudinaryCredentials;

  constructor(cloudinaryUrl: string) {
    this.credentials = parseCloudinaryUrl(cloudinaryUrl);
  }

  put(key: string, data: Buffer, _contentType: string): Promise<string> {
    assertValidKey(key);
    return new Promise<string>((resolve, reject) => {
      const stream = cloudinary.uploader.upload_stream(
        {
          ...this.credentials,
          public_id: publicIdOf(key),
          resource_type: 'image',
          overwrite: true,
          // Overwriting keeps the URL, so the CDN's cached copy must be dropped too.
          invalidate: true,
        },
        (err, result?: UploadApiResponse) => {
          if (err || !result) reject(new Error(`Cloudinary upload failed: ${err?.message ?? 'no result'}`));
          else resolve(result.secure_url);
        },
      );
      stream.end(data);
    });
  }

  async remove(keys: string[]): Promise<void> {
    keys.forEach(assertValidKey);
    const publicIds = keys.map(publicIdOf);
    for (let i = 0; i < publicIds.length; i += DELETE_BATCH) {
      // Ids that do not exist come back as "not_found" rather than as an error, which is what we want.
      await cloudinary.api.delete_resources(publicIds.slice(i, i + DELETE_BATCH), {
        ...this.credentials,
        resource_type: 'image',
        type: 'upload',
        invalidate: true,
      });
    }
  }
}

/** Cloudinary public ids carry no extension: the format is part of the delivery URL. */
function publicIdOf(key: string): string {
  return key.replace(/\.[^./]+$/, '');
}

/** Cloudinary when a CLOUDINARY_URL is configured, otherwise files under DATA_DIR/uploads. */
export function createImageStorage(opts: { cloudinaryUrl?: string; dataDir: string }): ImageStorage {
  if (opts.cloudinaryUrl) return new CloudinaryStorage(opts.cloudinaryUrl);
  return new LocalDiskStorage(path.join(opts.dataDir, 'uploads'));
}
