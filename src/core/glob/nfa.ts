// Glob trees (parse.ts) matched by simulating a nondeterministic automaton (Thompson's construction): every
// state that can be alive is advanced together, one character at a time, so a match costs at most
// (path length × pattern size) steps whatever the pattern — no backtracking, no exponential case.
import type { GlobNode } from './parse';

export interface MatchOptions {
  /** Letters match regardless of case. */
  readonly ignoreCase?: boolean;
}

type Test = (cp: number) => boolean;

/** A state consumes one character (`test`) and goes to `next`, or is a free choice of `next` and `alt`. */
interface State {
  test?: Test;
  next: number;
  alt: number;
}

const SLASH = 0x2f;
const NONE = -1;
const notSlash: Test = (cp) => cp !== SLASH;
const anyChar: Test = () => true;

/** Lower case of one code point, when that is one code point. */
function fold(cp: number): number {
  const lower = String.fromCodePoint(cp).toLowerCase();
  return lower.length === 1 || lower.codePointAt(0)! > 0xffff ? lower.codePointAt(0)! : cp;
}

function upper(cp: number): number {
  const up = String.fromCodePoint(cp).toUpperCase();
  return up.length === 1 || up.codePointAt(0)! > 0xffff ? up.codePointAt(0)! : cp;
}

/** A test for paths matching any of `patterns` (each a parsed glob, matched against the whole path). */
export function compileGlobs(patterns: readonly (readonly GlobNode[])[], opts: MatchOptions = {}): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const states: State[] = [];
  const add = (s: State) => states.push(s) - 1;
  const matchState = add({ next: NONE, alt: NONE });
  const start = emitAlt(hoistAnyDepth(patterns), matchState);
  return (path) => run(states, start, matchState, path);

  /** Builds backwards: each emitter returns the start of its part, which continues into `next`. */
  function emitSeq(nodes: readonly GlobNode[], next: number): number {
    for (let i = nodes.length - 1; i >= 0; i--) next = emitNode(nodes[i]!, next);
    return next;
  }

  function emitAlt(options: readonly (readonly GlobNode[])[], next: number): number {
    let start = emitSeq(options[options.length - 1]!, next);
    for (let i = options.length - 2; i >= 0; i--) start = add({ next: emitSeq(options[i]!, next), alt: start });
    return start;
  }

  /** `(test)*` then `next`. */
  function loop(test: Test, next: number): number {
    const choice = add({ next: NONE, alt: next });
    states[choice]!.next = add({ test, next: choice, alt: NONE });
    return choice;
  }

  function emitNode(node: GlobNode, next: number): number {
    switch (node.kind) {
      case 'char': {
        const want = opts.ignoreCase ? fold(node.cp) : node.cp;
        return add({ test: opts.ignoreCase ? (cp) => fold(cp) === want : (cp) => cp === want, next, alt: NONE });
      }
      case 'one':
        return add({ test: notSlash, next, alt: NONE });
      case 'class': {
        const inRanges = (cp: number) => node.ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
        const member = opts.ignoreCase ? (cp: number) => inRanges(cp) || inRanges(fold(cp)) || inRanges(upper(cp)) : inRanges;
        return add({ test: (cp) => cp !== SLASH && member(cp) !== node.negate, next, alt: NONE });
      }
      case 'star':
        return loop(notSlash, next);
      case 'anyDepth': {
        // (.*/)?
        const slash = add({ test: (cp) => cp === SLASH, next, alt: NONE });
        return add({ next: loop(anyChar, slash), alt: next });
      }
      case 'below': {
        // (/.*)?
        const slash = add({ test: (cp) => cp === SLASH, next: loop(anyChar, next), alt: NONE });
        return add({ next: slash, alt: next });
      }
      case 'anything':
        return loop(anyChar, next);
      case 'alt':
        return emitAlt(node.options, next);
    }
  }
}

// Patterns that start with `**` then `/` share one such loop, not one each (files.exclude lists are mostly `**` then a name).
function hoistAnyDepth(patterns: readonly (readonly GlobNode[])[]): (readonly GlobNode[])[] {
  const deep = patterns.filter((p) => p[0]?.kind === 'anyDepth').map((p) => p.slice(1));
  if (deep.length < 2) return [...patterns];
  const others = patterns.filter((p) => p[0]?.kind !== 'anyDepth');
  return [[{ kind: 'anyDepth' }, { kind: 'alt', options: deep }], ...others];
}

/** The simulation: the set of live states, advanced over each code point of `path`. */
function run(states: readonly State[], start: number, matchState: number, path: string): boolean {
  const seen = new Int32Array(states.length).fill(-1);
  let current: number[] = [];
  let following: number[] = [];
  let step = 0;
  const stack: number[] = [];
  /** Add `s` and every state reachable from it by free choices to `into`. */
  const enter = (s: number, into: number[]) => {
    stack.push(s);
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (i === NONE || seen[i] === step) continue;
      seen[i] = step;
      const st = states[i]!;
      if (st.test || i === matchState) into.push(i);
      else { stack.push(st.alt, st.next); }
    }
  };
  enter(start, current);
  for (let k = 0; k < path.length; k++) {
    let cp = path.charCodeAt(k);
    if (cp >= 0xd800 && cp <= 0xdbff && k + 1 < path.length) { cp = path.codePointAt(k)!; if (cp > 0xffff) k++; }
    step++;
    following.length = 0;
    for (const i of current) {
      const st = states[i]!;
      if (st.test?.(cp)) enter(st.next, following);
    }
    if (following.length === 0) return false;
    [current, following] = [following, current];
  }
  return current.includes(matchState);
}
