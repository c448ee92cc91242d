/** The configured basemap cannot be served: a missing or unreadable file, an unknown format, an unsupported archive. */
export class BasemapError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`the basemap ${file} cannot be served: ${reason}`);
    this.name = 'BasemapError';
  }
}
