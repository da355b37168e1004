import { photoRefParam, photoServeQuery, photoUploadedOut, photoUploadQuery } from '@timebank/shared';
import type { Api } from '../../http/route';
import type { PhotosService } from './photos.service';

export function photosRoutes(api: Api, photos: PhotosService) {
  api.route(
    {
      method: 'post',
      path: '/photos',
      tag: 'photos',
      summary:
        'Upload a photo (JPEG, PNG or WebP): re-encoded, stripped of EXIF and location, stored by hash',
      description:
        'The body is the image itself (`Content-Type: image/jpeg | image/png | image/webp`) or a `multipart/form-data` form with one file (WeChat `uploadFile`). The format is read from the bytes; the image is turned upright by its EXIF orientation, resized to 640 px and 160 px (longest side) and stored as JPEG with no metadata. Up to PHOTO_MAX_BYTES (8 MB) and PHOTO_MAX_PIXELS (40 megapixels). A profile photo needs the consent on record (PUT /me/profile with consentVersion). Answers the id to put in a profile, product, offer, challenge or shop.',
      action: 'photos.upload',
      query: photoUploadQuery,
      status: 201,
      response: photoUploadedOut,
      limit: { max: 60, windowSeconds: 3600 },
      errors: [
        'photos.unsupported_type',
        'photos.too_large',
        'photos.not_an_image',
        'photos.too_many_pixels',
        'profile.consent_required',
        'users.not_found',
      ],
    },
    ({ user, query, ctx }) => photos.upload(user, query.purpose, ctx),
  );
  api.route(
    {
      method: 'get',
      path: '/photos/:ref',
      tag: 'photos',
      summary: 'A stored photo (JPEG): profile photos through a signed link only',
      description:
        "Product, offer, challenge and shop photos are public (no signature; `Cache-Control: public, immutable`: the address is the content hash). A profile photo needs `exp` and `sig` from a link the API handed out (to the holder, their community's officers, or a shop's staff during a valid check); it answers `Cache-Control: private` until the link expires, after which 403 photos.link_invalid. `size=small` for the 160 px version.",
      action: 'photos.read',
      params: photoRefParam,
      query: photoServeQuery,
      errors: ['photos.not_found', 'photos.link_invalid'],
      files: ['image/jpeg'],
    },
    ({ params, query, ctx }) => photos.serve(params.ref, query, ctx),
  );
}
