import { escapeHtml, html } from './html.js';

describe('html templates', () => {
  it('escapes interpolated text, attributes included', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
  });

  it('keeps nested templates and lists as markup, drops empty values', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}${undefined}${false}${null}</ul>`.text).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(escapeHtml('plain')).toBe('plain');
  });
});
