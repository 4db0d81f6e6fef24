// Reports the first frame painted, as the app's `ui_ready` does (the bench reads stderr). With
// `JEOPSU_FLOOR_PAGE` set, paints that page first (the desk as a static page), and reports it.
const invoke = window.__TAURI_INTERNALS__.invoke;
const ready = () =>
  requestAnimationFrame(() => setTimeout(() => invoke('ui_ready', { screen: 'sign-in' }), 0));
invoke('floor_page').then(
  (page) => {
    if (page) document.documentElement.innerHTML = page;
    ready();
  },
  ready,
);
