import createDOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

/**
 * Message content is a small subset of Markdown: *emphasis*, **strong**, `code`, fenced code blocks, > quotes,
 * lists (`- item`, `1. item`) and http(s) links. The stored content stays what the person typed; this only decides how it shows.
 *
 * Two layers, each enough alone for what it guards: markdown-it escapes raw HTML (`html: false`) and makes no link
 * whose address is not http(s); DOMPurify then keeps only the tags this subset produces, so a parser bug or a rule
 * enabled by mistake still cannot put an <img>, a <script> or an event handler on the page.
 */

const HTTP_URL = /^https?:\/\//i;

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
// Not part of the subset: in a chat line, "# 1" or "---" is meant as typed. Images are never shown.
markdown.disable(['table', 'code', 'hr', 'reference', 'heading', 'lheading', 'strikethrough', 'image']);
// A link whose address is anything but http(s) (javascript:, data:, mailto:, a relative path) stays text.
markdown.validateLink = (url) => HTTP_URL.test(url.trim());

/** What the subset renders to; anything else is dropped, its text kept. */
const ALLOWED_TAGS = ['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'a', 'ul', 'ol', 'li'];
/** `target` and `rel` are set by the hook below, after the attributes were filtered; `start` numbers a list. */
const ALLOWED_ATTR = ['href', 'title', 'start'];

type Purifier = ReturnType<typeof createDOMPurify>;
let purifier: Purifier | undefined;

/** A private instance, so that its hook reaches no other use of DOMPurify on the page. */
function purifierFor(): Purifier {
  if (purifier) return purifier;
  const instance = createDOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    if (href === null || !HTTP_URL.test(href)) {
      node.removeAttribute('href');
      node.removeAttribute('target');
      node.removeAttribute('rel');
      return;
    }
    // Opens elsewhere, and the page it opens gets no handle on this one, nor where the link was.
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  purifier = instance;
  return instance;
}

const CACHE_SIZE = 500;
/** Rows are rendered again as they scroll in and out of view: the same content renders once. */
const cache = new Map<string, string>();

/** Safe HTML for a message's content (see above). */
export function renderMarkdown(content: string): string {
  const cached = cache.get(content);
  if (cached !== undefined) return cached;
  const html = purifierFor()
    .sanitize(markdown.render(content), {
      ALLOWED_TAGS,
      ALLOWED_ATTR,
      // DOMPurify holds every attribute it does not know as safe to the URI rule: a list's number is not a URI.
      ADD_URI_SAFE_ATTR: ['start'],
      ALLOWED_URI_REGEXP: HTTP_URL,
      ALLOW_DATA_ATTR: false,
    })
    .trim();
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(content, html);
  return html;
}
