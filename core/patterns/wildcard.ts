/** A parsed `wildcard` value: literal segments separated by `*`, each `*` matching any sequence (even empty). */
export interface Wildcard {
  segments: readonly string[];
}

/** Parses EventBridge wildcard syntax; returns the reason it is invalid as a string. */
export function parseWildcard(text: string): Wildcard | string {
  const segments: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '*') {
      if (text[index + 1] === '*') return 'consecutive asterisks are not allowed';
      segments.push(current);
      current = '';
    } else if (char === '\\') {
      const next = text[index + 1];
      if (next !== '*' && next !== '\\') return 'a backslash may only escape * or \\';
      current += next;
      index += 1;
    } else {
      current += char;
    }
  }
  segments.push(current);
  return { segments };
}

/** Glob matching without regular expressions: leftmost placement of each middle segment is always safe. */
export function matchesWildcard(wildcard: Wildcard, text: string): boolean {
  const { segments } = wildcard;
  const first = segments[0] ?? '';
  if (segments.length === 1) return text === first;
  const last = segments[segments.length - 1] ?? '';
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  const end = text.length - last.length;
  let position = first.length;
  for (const segment of segments.slice(1, -1)) {
    const found = text.indexOf(segment, position);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}
