import sharp from 'sharp';

/** A small deterministic PRNG (mulberry32): the same seed always gives the same sequence. */
function prng(seed: number): () => number {
  // Scramble the seed first (murmur3's finaliser) so that neighbouring seeds, as demo products
  // with ids 1, 2, 3 have, do not start from neighbouring states and look alike.
  let state = Math.trunc(seed) >>> 0;
  state = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
  state = Math.imul(state ^ (state >>> 13), 0xc2b2ae35);
  state = (state ^ (state >>> 16)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** HSL (h in degrees, s and l in 0..1) to `#rrggbb`; computed here so the SVG needs only the simplest colour syntax. */
function hsl(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** Whether XML 1.0 allows the code point at all; one that it does not would make librsvg reject the whole document. */
function isXmlChar(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const MAX_LABEL_CHARS = 48;

/**
 * A placeholder product photo, rendered offline: a seed-coloured background with a simple
 * shape and the label in the middle, as PNG. The same seed and label always give the same
 * bytes, so seeded demo data is reproducible.
 */
export async function renderPlaceholderImage(opts: { seed: number; label: string; width?: number; height?: number }): Promise<Buffer> {
  const width = opts.width ?? 800;
  const height = opts.height ?? 800;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 4000 || height > 4000) {
    throw new RangeError('Placeholder width and height must be integers between 1 and 4000.');
  }

  const random = prng(opts.seed);
  const hue = Math.floor(random() * 360);
  const background = hsl(hue, 0.45, 0.82);
  const shapeColour = hsl((hue + 150 + Math.floor(random() * 60)) % 360, 0.5, 0.55);
  const textColour = hsl(hue, 0.4, 0.2);

  const min = Math.min(width, height);
  const cx = Math.round(width * (0.38 + random() * 0.24));
  const cy = Math.round(height * (0.38 + random() * 0.24));
  const r = Math.round(min * (0.14 + random() * 0.1));
  const shapes = [
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${shapeColour}" fill-opacity="0.7"/>`,
    `<rect x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}" rx="${Math.round(r / 5)}" fill="${shapeColour}" fill-opacity="0.7" transform="rotate(${Math.floor(random() * 90)} ${cx} ${cy})"/>`,
    `<polygon points="${cx},${cy - r} ${cx + r},${cy + r} ${cx - r},${cy + r}" fill="${shapeColour}" fill-opacity="0.7"/>`,
  ];
  const shape = shapes[Math.floor(random() * shapes.length)] ?? shapes[0];

  const chars = [...opts.label.trim()].filter(isXmlChar);
  const label = chars.length > MAX_LABEL_CHARS ? `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…` : chars.join('');
  // Roughly 0.6em per character in a sans-serif face; shrink long labels to fit 85% of the width.
  const fontSize = Math.max(8, Math.round(Math.min(min * 0.08, (width * 0.85) / (Math.max(label.length, 1) * 0.6))));

  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${background}"/>`,
    shape,
    `<text x="${width / 2}" y="${height / 2}" font-family="sans-serif" font-size="${fontSize}" font-weight="bold"`,
    ` fill="${textColour}" text-anchor="middle" dominant-baseline="central">${escapeXml(label)}</text>`,
    `</svg>`,
  ].join('');

  return sharp(Buffer.from(svg)).png().toBuffer();
}
