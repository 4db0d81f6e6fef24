// Reports the first frame painted, as the app's `ui_ready` does (the bench reads stderr). With
// `JEOPSU_FLOOR_PAGE` set, paints that page first (the desk as a static page), and reports it;
// with `JEOPSU_FLOOR_SCRIPT`, runs the floor's Svelte page (hello/hello.js) in place of the body.
const invoke = window.__TAURI_INTERNALS__.invoke;
const ready = () =>
  requestAnimationFrame(() => setTimeout(() => invoke('ui_ready', { screen: 'sign-in' }), 0));
Promise.all([invoke('floor_page'), invoke('floor_script')]).then(async ([page, script]) => {
  if (page) document.documentElement.innerHTML = page;
  if (script) {
    document.body.replaceChildren();
    await import('./hello/hello.js');
  }
  ready();
}, ready);
