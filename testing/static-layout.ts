/**
 * Unit tests only: a layout for happy-dom, which lays nothing out (every box is 0 × 0). Readers read
 * only what is on screen (utils/context/shown-text.ts), so under happy-dom they would read nothing.
 * Here every connected element not hidden by its computed style gets a box: 200 × 20 at (10, 10), or
 * the one its nearest `data-test-rect="left,top,width,height"` says (to place a text off screen or clip
 * it in a test). Real layout is tested where it exists: the end-to-end tests in Chromium, which hide a
 * banner in every way a page can.
 */
const DEFAULT_BOX = [10, 10, 200, 20] as const;

function boxOf(el: Element | null): DOMRect {
  if (!el || !el.isConnected) return new DOMRect(0, 0, 0, 0);
  const view = el.ownerDocument.defaultView;
  for (let e: Element | null = el; e; e = e.parentElement) {
    if (view?.getComputedStyle(e).display === 'none') return new DOMRect(0, 0, 0, 0);
  }
  const placed = el.closest('[data-test-rect]')?.getAttribute('data-test-rect');
  const [left, top, width, height] = placed ? placed.split(',').map(Number) : DEFAULT_BOX;
  return new DOMRect(left, top, width, height);
}

if (typeof Element !== 'undefined' && typeof Range !== 'undefined') {
  Element.prototype.getBoundingClientRect = function (this: Element) {
    return boxOf(this);
  };
  Range.prototype.getBoundingClientRect = function (this: Range) {
    const node = this.startContainer;
    return boxOf(node.nodeType === 1 ? (node as Element) : node.parentElement);
  };
}
