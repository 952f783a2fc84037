/**
 * Check details are read by people in a table: examples of what went wrong are clipped so a
 * large object or list does not swamp the report.
 */
export const DETAIL_EXAMPLE_CHARS = 160;

export function clip(text: string, max: number = DETAIL_EXAMPLE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
