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
 * they entered with as long as it is registered, or are migrated by a recorded migration. Candidate versions are
 * known but never entered live: they run only in a registry pinned to them (`pinned`), for shadow runs and
 * comparison replays.
 */
export class JourneyRegistry {
  readonly #versions = new Map<string, Map<number, JourneyDefinition>>();
  readonly #migrations = new Map<string, JourneyMigration>();
  readonly #candidates: readonly JourneyDefinition[];
  readonly #pinned = new Map<string, JourneyRegistry>();
  #ending: ReadonlySet<string> | undefined;
  #current: readonly JourneyDefinition[] | undefined;

  constructor(
    definitions: readonly JourneyDefinition[],
    migrations: readonly JourneyMigration[] = [],
    candidates: readonly JourneyDefinition[] = [],
  ) {
    this.#candidates = candidates;
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

  /** A live or candidate version, if there is one. */
  version(journeyId: string, version: number): JourneyDefinition | undefined {
    return (
      this.#versions.get(journeyId)?.get(version) ??
      this.#candidates.find((definition) => definition.id === journeyId && definition.version === version)
    );
  }

  /** Every version of a journey there is, live and candidate, oldest first. */
  versionsOf(journeyId: string): JourneyDefinition[] {
    const live = [...(this.#versions.get(journeyId)?.values() ?? [])];
    const candidates = this.#candidates.filter((definition) => definition.id === journeyId);
    return [...live, ...candidates].sort((a, b) => a.version - b.version);
  }

  /**
   * This registry with one journey running only the given version (live or candidate): new entries take it, and its
   * instances run on it. Undefined when the version does not exist.
   */
  pinned(journeyId: string, version: number): JourneyRegistry | undefined {
    const key = `${journeyId}@${version}`;
    const cached = this.#pinned.get(key);
    if (cached) return cached;
    const chosen = this.version(journeyId, version);
    if (!chosen) return undefined;
    const others = this.all().filter((definition) => definition.id !== journeyId);
    const registry = new JourneyRegistry([...others, chosen]);
    this.#pinned.set(key, registry);
    return registry;
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
