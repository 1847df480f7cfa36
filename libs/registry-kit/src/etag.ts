import { RegistryError } from './registry-errors.js';

/** Strong ETag of a record version: the only thing If-Match is compared with. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version an officer last read, from If-Match. Changes require it, so two officers
 * cannot silently overwrite each other.
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new RegistryError('preconditionRequired', 'send If-Match with the ETag you read', [
      { path: '/headers/if-match', message: 'required' },
    ]);
  }
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!m) {
    throw new RegistryError('invalidIfMatch', 'If-Match must be one ETag such as "3"', [
      { path: '/headers/if-match', message: 'not an ETag of this registry' },
    ]);
  }
  return Number(m[1]);
}
