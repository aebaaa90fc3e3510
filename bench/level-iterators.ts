import { createRequire } from 'node:module';

interface IteratorLike {
  next(...args: unknown[]): Promise<unknown>;
}
type IteratorClass = abstract new (...args: never[]) => IteratorLike;
interface AbstractLevelModule {
  AbstractLevel: { prototype: { attachResource(resource: object): void; detachResource(resource: object): void } };
  AbstractIterator: IteratorClass;
  AbstractKeyIterator: IteratorClass;
  AbstractValueIterator: IteratorClass;
}

/** abstract-level as dynalite's stores (classic-level on disk, memory-level in memory) load it. */
function abstractLevelOfDynalite(): AbstractLevelModule {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const fromClassic = createRequire(createRequire(fromDynalite.resolve('level')).resolve('classic-level'));
  const fromMemory = createRequire(fromDynalite.resolve('memory-level'));
  const module = fromClassic('abstract-level') as AbstractLevelModule;
  if (fromMemory('abstract-level') !== module)
    throw new Error('classic-level and memory-level load two abstract-levels');
  return module;
}

export interface LevelIteratorProbe {
  /** Iterators opened since the probe was installed. */
  readonly opened: number;
  /** Iterators opened and not closed yet (each holds a LevelDB snapshot on disk, a tree version in memory). */
  readonly open: number;
  /**
   * Holds every read of the next iterator opened until `release()`. `opened` resolves once that iterator exists,
   * that is once its snapshot is taken.
   */
  holdNextIterator(): { opened: Promise<void>; release(): void };
  restore(): void;
}

/**
 * Counts the LevelDB iterators the in-process dynalite opens and closes, through abstract-level's resource tracking
 * (every iterator attaches itself to its database when created and detaches when closed).
 */
export function probeLevelIterators(): LevelIteratorProbe {
  const { AbstractLevel, AbstractIterator, AbstractKeyIterator, AbstractValueIterator } = abstractLevelOfDynalite();
  const isIterator = (resource: object): resource is IteratorLike =>
    resource instanceof AbstractIterator ||
    resource instanceof AbstractKeyIterator ||
    resource instanceof AbstractValueIterator;
  const proto = AbstractLevel.prototype;
  const { attachResource, detachResource } = proto;
  const open = new Set<object>();
  let opened = 0;
  let hold: ((iterator: IteratorLike) => void) | undefined;

  proto.attachResource = function (this: object, resource: object) {
    attachResource.call(this, resource);
    if (!isIterator(resource)) return;
    opened += 1;
    open.add(resource);
    hold?.(resource);
    hold = undefined;
  };
  proto.detachResource = function (this: object, resource: object) {
    detachResource.call(this, resource);
    open.delete(resource);
  };

  return {
    get opened() {
      return opened;
    },
    get open() {
      return open.size;
    },
    holdNextIterator() {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const opened = new Promise<void>((resolve) => {
        hold = (iterator) => {
          const next = iterator.next;
          iterator.next = async (...args: unknown[]) => {
            await released;
            return next.apply(iterator, args);
          };
          resolve();
        };
      });
      return { opened, release };
    },
    restore() {
      proto.attachResource = attachResource;
      proto.detachResource = detachResource;
    },
  };
}
