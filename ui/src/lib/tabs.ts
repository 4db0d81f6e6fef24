/**
 * The ARIA tab pattern for a row of `role="tab"` buttons (`use:tablist` on their container):
 * only the selected tab is in the Tab order (roving tabindex); the arrow keys move between
 * tabs and open the one they land on, Home and End go to the first and the last.
 */
export function tablist(node: HTMLElement) {
  const tabs = () => Array.from(node.querySelectorAll<HTMLElement>('[role="tab"]'));
  const sync = () => {
    const all = tabs();
    const selected = all.findIndex((t) => t.getAttribute('aria-selected') === 'true');
    all.forEach((t, i) => t.setAttribute('tabindex', i === (selected < 0 ? 0 : selected) ? '0' : '-1'));
  };
  const onKey = (e: KeyboardEvent) => {
    const all = tabs();
    // The tab the key was pressed on (WebKit does not focus a button on click, so not
    // necessarily document.activeElement).
    const from = (e.target as HTMLElement | null)?.closest<HTMLElement>('[role="tab"]');
    const at = from ? all.indexOf(from) : -1;
    if (at < 0) return;
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % all.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + all.length) % all.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? all.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    all[to].focus();
    all[to].click();
  };
  const observer = new MutationObserver(sync);
  observer.observe(node, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-selected'] });
  node.addEventListener('keydown', onKey);
  sync();
  return {
    destroy() {
      observer.disconnect();
      node.removeEventListener('keydown', onKey);
    },
  };
}
