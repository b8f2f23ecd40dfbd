/**
 * A placeholder is a short name in square or curly brackets, ASCII or full-width (Chinese input
 * methods often type the full-width ones): `[X]`, `[X个工作日]`, `{工作日}`, `［金额］`, `｛姓名｝`.
 * The name is 1–20 characters without brackets or line breaks. Chinese lenticular brackets
 * 【】 are *not* placeholders: scripts use them for headings such as 【温馨提示】.
 */
const PLACEHOLDER = /\[([^[\]{}［］｛｝\r\n]{1,20})\]|\{([^[\]{}［］｛｝\r\n]{1,20})\}|［([^[\]{}［］｛｝\r\n]{1,20})］|｛([^[\]{}［］｛｝\r\n]{1,20})｝/g;

export interface Placeholder {
  /** The text inside the brackets, trimmed; tokens with the same name share one value. */
  name: string;
  /** Every token spelling seen for this name, e.g. ["[X]", "{X}"]. */
  tokens: string[];
  count: number;
}

function placeholderName(match: RegExpExecArray): string {
  return (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').trim();
}

/** The placeholders of a script in order of first appearance. */
export function placeholdersIn(text: string): Placeholder[] {
  const byName = new Map<string, Placeholder>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = placeholderName(match);
    if (!name) continue;
    const entry = byName.get(name) ?? { name, tokens: [], count: 0 };
    if (!entry.tokens.includes(match[0])) entry.tokens.push(match[0]);
    entry.count += 1;
    byName.set(name, entry);
  }
  return [...byName.values()];
}

/**
 * Replaces each placeholder token (brackets included) whose name has a non-empty value. Tokens
 * without a value stay as they are, so the agent sees what is still missing.
 */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(
    PLACEHOLDER,
    (token: string, square?: string, curly?: string, wideSquare?: string, wideCurly?: string) => {
      const name = (square ?? curly ?? wideSquare ?? wideCurly ?? '').trim();
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      return value !== undefined && value.trim() !== '' ? value : token;
    },
  );
}
