import MarkdownIt from 'markdown-it';

// Raw HTML in Markdown is never passed through: editors write text, not markup.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = String(token?.attrGet('href') ?? '');
  if (token && /^https?:\/\//i.test(href)) token.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Markdown to safe HTML: raw HTML is escaped, and markdown-it's link validation refuses javascript: and data: URLs. */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

/**
 * Markdown as plain text, for search, descriptions and previews: the text of every block (headings,
 * paragraphs, list items, table cells, code), without Markdown's own syntax (list dashes and numbers,
 * emphasis, link targets, images). Blocks are separated by one space.
 */
export function markdownToPlainText(source: string): string {
  const texts: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === 'inline') {
      let line = '';
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') line += child.content;
        else if (child.type === 'softbreak' || child.type === 'hardbreak') line += ' ';
      }
      texts.push(line);
    } else if (token.type === 'fence' || token.type === 'code_block') texts.push(token.content);
  }
  return texts.join(' ').replace(/\s+/g, ' ').trim();
}
