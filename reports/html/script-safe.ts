/**
 * Text that goes inside a `<script>` element. The HTML parser ends a script at the first
 * `</script` and treats `<!--` specially whatever the JavaScript means, so JSON data and inlined
 * libraries are rewritten to never contain those sequences, using escapes that mean the same
 * thing to JavaScript and JSON.
 */

/**
 * JSON for `<script type="application/json">`: `<`, `>`, `&` and the JS line separators become
 * `\uXXXX` escapes, which JSON.parse reads back as the same characters. A label such as
 * `</script><script>alert(1)</script>` stays data.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A JavaScript source (a library read from node_modules) made safe to inline. The sequences only
 * occur inside string, template or regex literals in real code, where `<\/script` and `<\x21--`
 * denote the same text; today's vega builds contain neither, so this is a guard for new versions.
 */
export function scriptSourceForInline(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\x21--');
}
