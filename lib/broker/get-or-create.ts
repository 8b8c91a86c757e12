// A map lookup that creates the missing value, shared by the memory broker's registries.

/** Returns the map's value for `key`, creating it first if needed. */
export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const existing = map.get(key);
  if (existing !== undefined) return existing;
  const created = create();
  map.set(key, created);
  return created;
}
