import { createHash } from 'node:crypto';
import { PHOTO_SIZES } from '@timebank/shared';
import sharp, { type Metadata } from 'sharp';
import { fail } from '../../http/errors';

// One decode at a time per process, without libvips' operation cache: the machine is small and an
// upload is rare next to the API's other work.
sharp.concurrency(1);
sharp.cache(false);

const DECODABLE = new Set(['jpeg', 'png', 'webp']);

export interface ProcessedPhoto {
  ref: string;
  width: number;
  height: number;
  large: Buffer;
  small: Buffer;
}

const tooManyPixels = (err: unknown) => err instanceof Error && /pixel limit/i.test(err.message);

/**
 * Decodes an upload and re-encodes it: the format is read from the bytes (JPEG, PNG or WebP only —
 * never SVG, GIF, TIFF or HEIF, whatever the request claims), the pixel count is checked against
 * `maxPixels` before anything is decoded (a decompression bomb), the image is turned upright by its
 * EXIF orientation and written at the two fixed sizes as JPEG with no metadata at all (EXIF, GPS,
 * ICC, XMP: sharp writes none unless asked). The id is the SHA-256 of the large size's bytes.
 */
export async function processPhoto(input: Buffer, maxPixels: number): Promise<ProcessedPhoto> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    fail('photos.not_an_image');
  }
  if (!meta.format || !DECODABLE.has(meta.format)) fail('photos.unsupported_type');
  if (!meta.width || !meta.height) fail('photos.not_an_image');
  if (meta.width * meta.height > maxPixels) fail('photos.too_many_pixels');
  const encode = async (side: number) => {
    try {
      return await sharp(input, { limitInputPixels: maxPixels, failOn: 'error', pages: 1 })
        .rotate()
        .resize(side, side, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
    } catch (err) {
      if (tooManyPixels(err)) fail('photos.too_many_pixels');
      fail('photos.not_an_image');
    }
  };
  const large = await encode(PHOTO_SIZES.large);
  const small = await encode(PHOTO_SIZES.small);
  const ref = `ph_${createHash('sha256').update(large.data).digest('hex')}`;
  return { ref, width: large.info.width, height: large.info.height, large: large.data, small: small.data };
}
