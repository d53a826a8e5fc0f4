/** An ingestion failure that names its source (a path, a URL or a feed item) and says what went wrong. */
export class IngestError extends Error {
  override name = 'IngestError';
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(message);
  }

  override toString(): string {
    return `${this.source}: ${this.message}`;
  }
}

/** The reason of any failure, as one short line (no stack, no source prefix). */
export function reasonOf(e: unknown): string {
  if (e instanceof IngestError) return e.message;
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] ?? 'unknown error';
}
