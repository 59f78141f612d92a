// The course site's one script (scripts/build_site.py): a region that scrolls sideways on its own (a wide
// table, formula, code or printed output in a narrow window or at 200 % zoom) gets a tab stop while it
// scrolls and has nothing focusable inside, so the keyboard can reach and scroll it; it loses the stop once
// it fits again. Pages work without it (nothing else needs scripts but the live figures).
(() => {
  const scrollers = 'main .jp-RenderedMarkdown, main .jp-RenderedMarkdown table, main math[display="block"], main pre';
  const focusable = 'a[href], button, input, select, textarea, [tabindex]';
  const update = () => {
    for (const element of document.querySelectorAll(scrollers)) {
      const scrolls = element.scrollWidth > element.clientWidth + 1
        && ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
      if (scrolls && !element.hasAttribute('tabindex') && !element.querySelector(focusable)) {
        element.setAttribute('tabindex', '0');
        element.dataset.siteScroller = '1';
      } else if (!scrolls && element.dataset.siteScroller) {
        element.removeAttribute('tabindex');
        delete element.dataset.siteScroller;
      }
    }
  };
  addEventListener('load', update);
  addEventListener('resize', update);
})();
