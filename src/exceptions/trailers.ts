// `Shipguard-Allow: <rule>[, <rule>] -- <reason>` commit trailers: a reviewed exception that travels
// with the commit, so pre-push and CI accept it where a laptop SHIPGUARD_SKIP leaves no trace.

export const ALLOW_TRAILER = 'Shipguard-Allow';

/** A rule id, or `rule/kind` for one check of a rule (`secrets/github-pat`). */
const RULE_ID = /^[\w@][\w@./-]*$/;

export type ParsedAllow =
  | { ok: true; ids: string[]; reason: string; value: string }
  | { ok: false; problem: 'no-reason' | 'no-rule'; value: string };

/** One trailer value. The reason is required: ` -- ` then text, as in inline directives. */
export function parseAllow(value: string): ParsedAllow {
  const text = value.trim();
  const separator = text.indexOf(' -- ');
  const head = separator < 0 ? text.replace(/ --$/, '') : text.slice(0, separator);
  const reason = separator < 0 ? '' : text.slice(separator + 4).trim();
  const ids = head.split(',').map((id) => id.trim()).filter(Boolean);
  if (!ids.length || !ids.every((id) => RULE_ID.test(id))) return { ok: false, problem: 'no-rule', value: text };
  if (!reason) return { ok: false, problem: 'no-reason', value: text };
  return { ok: true, ids, reason, value: text };
}

/** The known rule an id names: itself, or the rule of `rule/kind` (plugin ids may hold a slash). */
export function ruleFor(id: string, known: readonly string[]): string | undefined {
  if (known.includes(id)) return id;
  return known.find((rule) => id.startsWith(`${rule}/`));
}
