import { UnknownJourneyError } from '../errors.ts';
import type { JourneyDefinition, JourneyTrigger } from './definition.ts';
import type { CompactSnapshot } from './step.ts';

/** Moves a snapshot of an old definition version to a newer one when the old machine is retired. */
export interface JourneyMigration {
  journeyId: string;
  fromVersion: number;
  toVersion: number;
  migrate(snapshot: CompactSnapshot): CompactSnapshot;
}

/**
 * All journey definitions by id and version. New entries use the latest version; in-flight instances keep the version
 * they entered with as long as it is registered, or are migrated by a recorded migration.
 */
export class JourneyRegistry {
  readonly #versions = new Map<string, Map<number, JourneyDefinition>>();
  readonly #migrations = new Map<string, JourneyMigration>();
  #ending: ReadonlySet<string> | undefined;
  #current: readonly JourneyDefinition[] | undefined;

  constructor(definitions: readonly JourneyDefinition[], migrations: readonly JourneyMigration[] = []) {
    for (const definition of definitions) {
      const versions = this.#versions.get(definition.id) ?? new Map<number, JourneyDefinition>();
      if (versions.has(definition.version)) {
        throw new Error(`Journey ${definition.id} version ${definition.version} registered twice`);
      }
      versions.set(definition.version, definition);
      this.#versions.set(definition.id, versions);
    }
    for (const migration of migrations) {
      this.#migrations.set(`${migration.journeyId}@${migration.fromVersion}`, migration);
    }
  }

  /** Latest version of every journey, highest priority first (computed once: definitions never change). */
  current(): readonly JourneyDefinition[] {
    this.#current ??= [...this.#versions.keys()]
      .map((journeyId) => this.latest(journeyId))
      .sort((a, b) => b.priority - a.priority);
    return this.#current;
  }

  /** Every registered definition, old versions included (their instances still run). */
  all(): JourneyDefinition[] {
    return [...this.#versions.values()].flatMap((versions) => [...versions.values()]);
  }

  latest(journeyId: string): JourneyDefinition {
    const versions = this.#versions.get(journeyId);
    if (!versions) throw new UnknownJourneyError({ journeyId });
    return versions.get(Math.max(...versions.keys())) as JourneyDefinition;
  }

  /** The definition an instance runs on, migrating its snapshot when its version was retired. */
  resolve(
    journeyId: string,
    version: number,
    snapshot: CompactSnapshot,
  ): { definition: JourneyDefinition; snapshot: CompactSnapshot } {
    let current = { version, snapshot };
    for (let hops = 0; hops < 100; hops += 1) {
      const definition = this.#versions.get(journeyId)?.get(current.version);
      if (definition) return { definition, snapshot: current.snapshot };
      const migration = this.#migrations.get(`${journeyId}@${current.version}`);
      if (!migration) break;
      current = { version: migration.toVersion, snapshot: migration.migrate(current.snapshot) };
    }
    throw new UnknownJourneyError({ journeyId, version });
  }

  /** Event types some journey is ended by (`entry.endedBy`): the engine remembers when each last occurred. */
  endingEventTypes(): ReadonlySet<string> {
    this.#ending ??= new Set(this.current().flatMap((definition) => definition.entry.endedBy ?? []));
    return this.#ending;
  }

  /** Every event type some journey is entered by or reacts to (inbound and internal). */
  handledEventTypes(): JourneyTrigger[] {
    const types = new Set<string>();
    for (const versions of this.#versions.values()) {
      for (const definition of versions.values()) {
        for (const trigger of definition.entry.triggers) types.add(trigger);
        for (const type of definition.machine.events) types.add(type);
      }
    }
    return [...types].filter((type) => !type.startsWith('xstate.')).sort() as JourneyTrigger[];
  }
}
