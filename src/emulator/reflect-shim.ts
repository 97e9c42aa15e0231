/**
 * The few Reflect metadata functions tsyringe (used by @peculiar/x509) checks for at load time. A real polyfill
 * (reflect-metadata) is not a dependency; this covers what x509's decorators call. Import before @peculiar/x509.
 */
type MetadataReflect = typeof Reflect & {
  getMetadata?: (key: unknown, target: object, prop?: string | symbol) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object, prop?: string | symbol) => void;
  hasMetadata?: (key: unknown, target: object, prop?: string | symbol) => boolean;
  getOwnMetadata?: (key: unknown, target: object, prop?: string | symbol) => unknown;
  metadata?: (key: unknown, value: unknown) => (target: object, prop?: string | symbol) => void;
};

const r = Reflect as MetadataReflect;
if (!r.getMetadata) {
  const store = new WeakMap<object, Map<string | symbol | undefined, Map<unknown, unknown>>>();
  const bucket = (target: object, prop?: string | symbol): Map<unknown, unknown> => {
    let byProp = store.get(target);
    if (!byProp) store.set(target, (byProp = new Map()));
    let m = byProp.get(prop);
    if (!m) byProp.set(prop, (m = new Map()));
    return m;
  };
  const defineMetadata: NonNullable<MetadataReflect['defineMetadata']> = (key, value, target, prop) => void bucket(target, prop).set(key, value);
  const getMetadata: NonNullable<MetadataReflect['getMetadata']> = (key, target, prop) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const m = store.get(t)?.get(prop);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
  r.getOwnMetadata = (key, target, prop) => store.get(target)?.get(prop)?.get(key);
  r.defineMetadata = defineMetadata;
  r.getMetadata = getMetadata;
  r.hasMetadata = (key, target, prop) => getMetadata(key, target, prop) !== undefined;
  r.metadata = (key, value) => (target, prop) => defineMetadata(key, value, target, prop);
}

export {};
