// Regular expressions written by a workspace (`${name/regex/replacement/}` in markdown.copyFiles.destination)
// run with bounds, so one line of a cloned repository's settings cannot hang the extension host: a length
// limit, no backreferences, no repeated group that holds a quantifier or an alternation (`(a+)+`, `(a|aa)*`:
// the shapes that backtrack exponentially). What is left backtracks at most polynomially: about n^(k+1) steps
// for k unbounded quantifiers on a value of n characters (times the choices of bounded ones), so that bound is
// checked against the value before running, and the run itself has a time budget as a last resort (a budget
// alone would be wall-clock: tight enough to matter, it fails ordinary patterns on a loaded machine).
// A refused or interrupted regex is reported with its reason; the caller keeps the value.
import * as vm from 'node:vm';

export interface UserRegexLimits {
  /** Characters in the pattern. */
  readonly maxLength: number;
  /** Backtracking steps the worst case may need (the polynomial bound above); beyond it the regex is refused. */
  readonly maxSteps: number;
  /** Milliseconds one replacement may run. */
  readonly budgetMs: number;
}

export const USER_REGEX_LIMITS: UserRegexLimits = { maxLength: 256, maxSteps: 1e7, budgetMs: 100 };

/** Why `source` is refused for a value of `valueLength` characters, or undefined when it may run (under the budget). */
export function refuseUserRegex(source: string, valueLength: number, limits: UserRegexLimits = USER_REGEX_LIMITS): string | undefined {
  if (source.length > limits.maxLength) return `it is longer than ${limits.maxLength} characters`;
  const shape = riskyShape(source);
  if (typeof shape === 'string') return shape;
  // log10 of (n+1)^(unbounded+1) × bounded choices: the worst number of steps of an unanchored search.
  const n = valueLength + 1;
  const log10Steps = (shape.unbounded + 1) * Math.log10(n) + shape.boundedChoices.reduce((sum, c) => sum + Math.log10(Math.min(c, n)), 0);
  if (log10Steps > Math.log10(limits.maxSteps)) {
    return `its ${shape.unbounded} unbounded quantifier(s) could take about 10^${Math.round(log10Steps)} steps on a value of ${valueLength} characters (the limit is 10^${Math.round(Math.log10(limits.maxSteps))})`;
  }
  try {
    new RegExp(source);
  } catch (e) {
    return `it is not a valid regular expression (${e instanceof Error ? e.message : String(e)})`;
  }
  return undefined;
}

export type BoundedReplace = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

/** `value.replace(new RegExp(source), replacement)` as VS Code's Markdown extension does it, within the bounds. */
export function boundedReplace(value: string, source: string, replacement: string, limits: UserRegexLimits = USER_REGEX_LIMITS): BoundedReplace {
  const refused = refuseUserRegex(source, value.length, limits);
  if (refused) return { ok: false, reason: refused };
  // A fresh context per call: no shared mutable state, and the interrupted script leaves nothing behind.
  const sandbox = vm.createContext({ value, source, replacement });
  try {
    const out: unknown = vm.runInContext('value.replace(new RegExp(source), replacement)', sandbox, { timeout: limits.budgetMs });
    return { ok: true, value: String(out) };
  } catch (e) {
    const timedOut = (e as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    return { ok: false, reason: timedOut ? `it ran longer than ${limits.budgetMs} ms` : String(e) };
  }
}

/** A group being read: whether it holds a quantifier or a `|` (at any depth). */
interface Group {
  quantified: boolean;
  alternation: boolean;
}

/** The quantifiers of a pattern with no exponential shape: how many are unbounded, and the choices of the others. */
interface Quantifiers {
  unbounded: number;
  readonly boundedChoices: number[];
}

/** The first exponential shape of `source` as a reason, else its quantifiers; read with a small scanner of JS regex syntax. */
function riskyShape(source: string): string | Quantifiers {
  const counted: Quantifiers = { unbounded: 0, boundedChoices: [] };
  const groups: Group[] = [{ quantified: false, alternation: false }];
  /** The group just closed, when the last atom is one; a quantifier after it repeats it. */
  let lastGroup: Group | undefined;
  let hasAtom = false;
  for (let i = 0; i < source.length;) {
    const c = source[i]!;
    const top = groups[groups.length - 1]!;
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (/[1-9]/.test(n) || (n === 'k' && source[i + 2] === '<')) return 'backreferences are not allowed';
      i += 2;
      lastGroup = undefined;
      hasAtom = true;
      continue;
    }
    if (c === '[') {
      i = classEnd(source, i);
      lastGroup = undefined;
      hasAtom = true;
      continue;
    }
    if (c === '(') {
      groups.push({ quantified: false, alternation: false });
      i = groupBodyStart(source, i);
      lastGroup = undefined;
      hasAtom = false;
      continue;
    }
    if (c === ')') {
      const closed = groups.length > 1 ? groups.pop()! : top;
      const parent = groups[groups.length - 1]!;
      parent.quantified ||= closed.quantified;
      parent.alternation ||= closed.alternation;
      lastGroup = closed;
      hasAtom = true;
      i++;
      continue;
    }
    if (c === '|') {
      top.alternation = true;
      lastGroup = undefined;
      hasAtom = false;
      i++;
      continue;
    }
    const q = quantifier(source, i);
    if (q && hasAtom) {
      if (q.repeats && lastGroup?.quantified) return 'a repeated group holds a quantifier (nested quantifiers such as (a+)+ backtrack exponentially)';
      if (q.repeats && lastGroup?.alternation) return 'a repeated group holds alternatives (such as (a|aa)* , which backtrack exponentially)';
      top.quantified = true;
      if (q.max === Infinity) counted.unbounded++;
      else if (q.max > q.min) counted.boundedChoices.push(q.max - q.min + 1);
      i = q.end;
      lastGroup = undefined;
      continue;
    }
    lastGroup = undefined;
    hasAtom = true;
    i++;
  }
  return counted;
}

/** Index after the class that opens at `i` (`]` escaped with `\`; a class never ends at its first character in JS). */
function classEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Index of the body of the group that opens at `i`, past `?:`, `?=`, `?!`, `?<=`, `?<!` or `?<name>`. */
function groupBodyStart(s: string, i: number): number {
  if (s[i + 1] !== '?') return i + 1;
  if (s[i + 2] === '<' && s[i + 3] !== '=' && s[i + 3] !== '!') {
    const close = s.indexOf('>', i + 3);
    return close < 0 ? s.length : close + 1;
  }
  return i + (s[i + 2] === '<' ? 4 : 3);
}

/** The quantifier at `i`, if any: its bounds, whether it can repeat its atom, and the index after it (and a lazy `?`). */
function quantifier(s: string, i: number): { min: number; max: number; repeats: boolean; end: number } | undefined {
  const c = s[i];
  let min = 0;
  let max: number;
  let end: number;
  if (c === '*' || c === '+') { min = c === '+' ? 1 : 0; max = Infinity; end = i + 1; }
  else if (c === '?') { max = 1; end = i + 1; }
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i, i + 24));
    if (!m) return undefined;
    min = Number(m[1]);
    max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    end = i + m[0].length;
  } else return undefined;
  if (s[end] === '?') end++;
  return { min, max, repeats: max > 1, end };
}
