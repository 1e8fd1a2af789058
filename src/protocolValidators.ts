// Small run-time validators for webview messages. Each returns undefined when the value fits, else a
// one-line problem naming the path; the phantom type ties a validator to the interface it checks.

/** Checks `value`; returns a problem such as `message.form.n: expected a whole number 1–8`, or undefined. */
export interface Validator<T> {
  (value: unknown, path: string): string | undefined;
  /** Never set: only carries the checked type. */
  readonly __type?: T;
}

type Shape = Record<string, Validator<unknown>>;
type Checked<S extends Shape> = { readonly [K in keyof S]: S[K] extends Validator<infer T> ? T : never };
/** Makes the keys whose validator accepts undefined optional, as in the interfaces. */
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Checked<S>[K] ? K : never }[keyof S];
type ObjectOf<S extends Shape> = { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Checked<S>[K] } & { readonly [K in OptionalKeys<S>]?: Checked<S>[K] };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
}

export function string(o: { max: number; pattern?: RegExp }): Validator<string> {
  return (v, path) => {
    if (typeof v !== 'string') return `${path}: expected a string, got ${describe(v)}`;
    if (v.length > o.max) return `${path}: longer than ${o.max} characters`;
    if (o.pattern && !o.pattern.test(v)) return `${path}: ${JSON.stringify(v.slice(0, 60))} does not match ${o.pattern}`;
    return undefined;
  };
}

export function int(min: number, max: number): Validator<number> {
  return (v, path) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : `${path}: expected a whole number ${min}–${max}, got ${describe(v)}`);
}

export function literal<T extends string>(value: T): Validator<T> {
  return (v, path) => (v === value ? undefined : `${path}: expected ${JSON.stringify(value)}`);
}

export function oneOf<T extends string>(values: readonly T[]): Validator<T> {
  return (v, path) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? undefined : `${path}: expected one of ${values.join(', ')}, got ${describe(v)}`);
}

/** Bytes as postMessage delivers them: a Uint8Array (an ArrayBuffer or other view is not accepted). */
export function bytes(maxLength: number): Validator<Uint8Array> {
  return (v, path) => {
    if (!(v instanceof Uint8Array)) return `${path}: expected bytes (Uint8Array), got ${describe(v)}`;
    if (v.length === 0) return `${path}: empty`;
    return v.length > maxLength ? `${path}: ${v.length} bytes is over the limit of ${maxLength}` : undefined;
  };
}

export function optional<T>(inner: Validator<T>): Validator<T | undefined> {
  return (v, path) => (v === undefined ? undefined : inner(v, path));
}

export function array<T>(item: Validator<T>, maxLength: number): Validator<readonly T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) return `${path}: expected an array, got ${describe(v)}`;
    if (v.length > maxLength) return `${path}: more than ${maxLength} items`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** An object with exactly these keys (unknown keys are a problem: they mean the two sides disagree). */
export function object<S extends Shape>(shape: S): Validator<ObjectOf<S>> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return `${path}: expected an object, got ${describe(v)}`;
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) return `${path}.${key}: not expected`;
    }
    for (const [key, check] of Object.entries(shape)) {
      const problem = check(record[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** The check of one webview's messages, from a validator per message `type`. */
export function messageValidator<M extends { readonly type: string }>(
  table: { readonly [K in M['type']]: Validator<Extract<M, { type: K }>> },
): (m: unknown) => { ok: true; message: M } | { ok: false; problem: string } {
  return (m) => {
    const type = typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) {
      return { ok: false, problem: `unknown message type ${JSON.stringify(type)?.slice(0, 60) ?? 'undefined'}` };
    }
    const problem = (table[type as M['type']] as Validator<M>)(m, 'message');
    return problem === undefined ? { ok: true, message: m as M } : { ok: false, problem };
  };
}
