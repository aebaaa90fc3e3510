import type { JourneyLifecycles, LifecycleDocument } from '../journey-runtime/lifecycle.ts';

/**
 * The operators' lifecycle configuration as the engine reads it: an SSM parameter on AWS, a file under the data
 * directory locally. Implementations cache it briefly, so a change takes effect within that time, without a deploy.
 */
export interface JourneyLifecycleSource {
  current(): Promise<JourneyLifecycles>;
}

/** Reads and writes the whole document, for the `journeys` command. */
export interface JourneyLifecycleStore {
  /** Where it lives, for messages (a file path or an SSM parameter name). */
  readonly location: string;
  read(): Promise<LifecycleDocument>;
  write(document: LifecycleDocument): Promise<void>;
}
