/**
 * Wiring built once per cold start, on first use (not at import, so a test can replace it first). The one lazy idiom
 * of the entry files; `use` swaps in other wiring (tests: clients pointed at the embedded DynamoDB).
 */
export function lazy<T>(build: () => T | Promise<T>) {
  let value: Promise<T> | undefined;
  return {
    get: (): Promise<T> => {
      value ??= Promise.resolve().then(build);
      return value;
    },
    use: (replacement: T | undefined): void => {
      value = replacement === undefined ? undefined : Promise.resolve(replacement);
    },
  };
}
