// Does a hook script reach its `shipguard <stage>` line? Reads the sh script as text (never runs
// it): finds the line, and an unconditional `exit` or `exec <command>` before it that ends the hook.
// Lines inside `if`/`case`/loops/functions/subshells or after `&&`/`||` run only sometimes and are
// not counted: doctor reports only what certainly stops the hook.

export type Reach =
  | { reached: true; line: number }
  | { reached: false; reason: string; line?: number };

const OPENERS = /^(if|case|while|until|for|select)\b|^\{|^\(|^[\w-]+\s*\(\s*\)|^function\s/;
const CLOSERS = /^(fi|esac|done)\b|^\}|^\)/;

export function reachShipguard(script: string, stage: 'pre-commit' | 'pre-push'): Reach {
  let depth = 0;
  let stop: { line: number; text: string } | undefined;
  for (const { number, text } of logicalLines(script)) {
    if (!text || text.startsWith('#')) continue;
    if (callsShipguard(text, stage)) {
      if (stop) return { reached: false, line: stop.line, reason: `line ${stop.line} \`${stop.text}\` ends the hook before shipguard runs (line ${number})` };
      return { reached: true, line: number };
    }
    const opens = OPENERS.test(text);
    if (depth === 0 && !opens && !stop && endsHook(text)) stop = { line: number, text };
    depth = Math.max(0, depth + count(text, opens));
  }
  return { reached: false, reason: `no \`shipguard ${stage}\` line` };
}

/**
 * `shipguard pre-commit`, `npx shipguard …`, `node node_modules/shipguard/dist/cli.js …`,
 * `node scripts/shipguard-self.mjs …`: a word with a `shipguard…` part (after `/`, `(`, `;`, `&`, `|`
 * or at its start, and no `;&|` after it), then the stage as the next word. Word by word, so a line
 * of many `(shipguard` fragments stays linear (a single regex over the line backtracked).
 */
function callsShipguard(text: string, stage: string): boolean {
  const words = text.split(/\s+/);
  return words.some((word, index) => namesShipguard(word) && isStage(words[index + 1], stage));
}

function namesShipguard(word: string): boolean {
  const lastOperator = Math.max(word.lastIndexOf(';'), word.lastIndexOf('&'), word.lastIndexOf('|'));
  for (let at = word.indexOf('shipguard'); at !== -1; at = word.indexOf('shipguard', at + 1)) {
    const before = at === 0 ? '' : word[at - 1]!;
    if ((before === '' || ';&|(/'.includes(before)) && at > lastOperator) return true;
  }
  return false;
}

function isStage(word: string | undefined, stage: string): boolean {
  if (!word?.startsWith(stage)) return false;
  const rest = word.slice(stage.length);
  return rest === '' || ';&|'.includes(rest[0]!);
}

/** `exit`, or `exec` with a command (not `exec 2>&1` or `exec < /dev/tty`, which only redirect), as a plain statement. */
function endsHook(text: string): boolean {
  const statements = splitOutsideQuotes(text);
  if (statements.some((part) => /&&|\|\|/.test(part))) return false;
  return statements.some((part) => {
    const words = part.trim().split(/\s+/);
    if (words[0] === 'exit') return true;
    if (words[0] !== 'exec') return false;
    for (let index = 1; index < words.length; index++) {
      const word = words[index]!;
      if (/^\d*(<|>|>>|<&|>&|<>|>\|)$/.test(word)) index++; // operator, then its target
      else if (!/^\d*[<>]/.test(word)) return true; // a command word
    }
    return false;
  });
}

/** `;`-separated statements; quoted text is blanked out (`echo "a; exit"` is one statement, no exit). */
function splitOutsideQuotes(text: string): string[] {
  const parts = [''];
  let quote = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = '';
      parts[parts.length - 1] += quote ? 'x' : char;
    } else if (char === '"' || char === "'") {
      quote = char;
      parts[parts.length - 1] += char;
    } else if (char === ';') {
      parts.push('');
    } else {
      parts[parts.length - 1] += char;
    }
  }
  return parts;
}

/** Net nesting change of one line: openers at its start, closers anywhere as their own word. */
function count(text: string, opens: boolean): number {
  const closers = text.split(/[;&|]/).filter((part) => CLOSERS.test(part.trim())).length;
  const inlineOpeners = text.split(/[;&|]/).slice(1).filter((part) => OPENERS.test(part.trim())).length;
  return (opens ? 1 : 0) + inlineOpeners - closers;
}

/** Lines with `\` continuations joined, trimmed, with their first line number. */
function logicalLines(script: string): { number: number; text: string }[] {
  const result: { number: number; text: string }[] = [];
  const raw = script.split(/\r?\n/);
  for (let index = 0; index < raw.length; index++) {
    const number = index + 1;
    let text = raw[index]!;
    while (text.endsWith('\\') && index + 1 < raw.length) text = text.slice(0, -1) + raw[++index];
    result.push({ number, text: text.trim() });
  }
  return result;
}

/**
 * Where a new line must go so it runs: the 0-based index of the first top-level statement that
 * holds an `exit` or `exec` (conditional or not: before it, the line runs whatever that statement
 * does), or undefined when nothing ends the hook early (append at the end).
 */
export function firstExitStatement(script: string): number | undefined {
  let depth = 0;
  let statementStart = 0;
  for (const { number, text } of logicalLines(script)) {
    if (!text || text.startsWith('#')) continue;
    if (depth === 0) statementStart = number - 1;
    if (text.split(/[\s;&|()]+/).some((word) => word === 'exit' || word === 'exec')) return statementStart;
    depth = Math.max(0, depth + count(text, OPENERS.test(text)));
  }
  return undefined;
}
