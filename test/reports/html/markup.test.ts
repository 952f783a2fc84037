import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trustedHtml } from '../../../reports/html/markup.js';

describe('html template', () => {
  it('escapes every interpolated string, number or array item', () => {
    const label = `<script>alert('x')</script> & "quoted"`;
    expect(html`<td title="${label}">${label}</td>`.html).toBe(
      '<td title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</td>',
    );
    expect(html`<ul>${['<a>', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.html).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
  });
  it('inserts nested markup as is and prints nothing for null, undefined and false', () => {
    expect(html`<p>${html`<b>${'<i>'}</b>`}${null}${undefined}${false}${0}</p>`.html).toBe('<p><b>&lt;i&gt;</b>0</p>');
    expect(html`${trustedHtml('<hr>')}`.html).toBe('<hr>');
    expect(escapeHtml('plain')).toBe('plain');
  });
});
