import {
  EMPTY_LIFECYCLE_DOCUMENT,
  type JourneyLifecycles,
  type LifecycleDocument,
  parseLifecycleDocument,
} from '../core/journey-runtime/lifecycle.ts';
import type { JourneyLifecycleSource } from '../core/ports/journey-lifecycle.ts';

export interface CachedLifecycleSourceOptions {
  /** Where the document lives, for messages (a file path or an SSM parameter name). */
  location: string;
  /** The stored text; an empty text (no file, no parameter) is the empty document: every journey active. */
  readText(): Promise<string>;
  /** How long a read is used before the next one (ms): how soon an operator's change takes effect. */
  maxAgeMs: number;
  now(): number;
  /** Told when the stored document is invalid and the last valid one is kept. */
  onInvalid?(error: unknown): void;
}

/**
 * The operators' lifecycle configuration, read at most once per `maxAgeMs`. An invalid document (a hand edit gone
 * wrong) keeps the last valid one in force and is reported; without any valid one yet, the error goes on, so events
 * are retried rather than decided for a journey an operator may have stopped.
 */
export class CachedLifecycleSource implements JourneyLifecycleSource {
  readonly #options: CachedLifecycleSourceOptions;
  #document: LifecycleDocument | undefined;
  #readAt = Number.NEGATIVE_INFINITY;

  constructor(options: CachedLifecycleSourceOptions) {
    this.#options = options;
  }

  async current(): Promise<JourneyLifecycles> {
    const now = this.#options.now();
    if (this.#document && now - this.#readAt < this.#options.maxAgeMs) return this.#document.journeys;
    try {
      this.#document = parseLifecycleDocument(await this.#options.readText(), this.#options.location);
    } catch (error) {
      if (!this.#document) throw error;
      this.#options.onInvalid?.(error);
    }
    this.#readAt = now;
    return (this.#document ?? EMPTY_LIFECYCLE_DOCUMENT).journeys;
  }
}
