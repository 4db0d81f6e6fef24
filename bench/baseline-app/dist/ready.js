// Reports the first frame painted, as the app's `ui_ready` does (the bench reads stderr).
requestAnimationFrame(() =>
  setTimeout(() => window.__TAURI_INTERNALS__.invoke('ui_ready', { screen: 'sign-in' }), 0),
);
