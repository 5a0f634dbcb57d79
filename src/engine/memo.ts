/**
 * Memoises a pure function of a string key. Forms repeat the same targets, units and labels
 * thousands of times, and results here are immutable (Decimals never change), so sharing is safe.
 * The cache is dropped when full rather than tracked per entry: cheap, and bounded in memory.
 */
export function memo<T>(fn: (key: string) => T, max = 50_000): (key: string) => T {
  let cache = new Map<string, T>();
  return (key: string): T => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = fn(key);
    if (cache.size >= max) cache = new Map();
    cache.set(key, value);
    return value;
  };
}
