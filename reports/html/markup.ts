/**
 * HTML building with escaping by default. `html\`…\`` escapes every interpolated value unless it
 * is already `Markup` (built by `html` itself or marked `trustedHtml` by this folder's own code);
 * arrays are joined, and null/undefined/false print nothing. A user string therefore cannot
 * become markup by accident: forgetting to escape is impossible, only trusting is explicit.
 */

export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const HTML_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
]);

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES.get(c)!);
}

export type Interpolation = Markup | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Markup(out);
}

/** Markup this folder produced itself (inlined libraries, CSS, serialized JSON). Never for user input. */
export function trustedHtml(text: string): Markup {
  return new Markup(text);
}
