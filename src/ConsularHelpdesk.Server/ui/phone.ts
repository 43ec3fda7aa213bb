// The phone layout: below 720 CSS pixels (the breakpoint of app.css; keep both alike) the page is one column, the
// list or the open thread. Chromium gives the page only the height above the on-screen keyboard (index.html:
// interactive-widget=resizes-content); Safari on iOS does not, so there the page follows the visual viewport, which
// is what the keyboard leaves, and the composer stays above the keyboard either way.
const NARROW = window.matchMedia("(max-width: 720px)");

/** Whether the page shows one pane at a time. */
export function onPhone(): boolean {
  return NARROW.matches;
}

/** Keeps `--app-height` (app.css) at the visible height while the page is one column and not zoomed in. */
export function fitToVisibleViewport(): void {
  const viewport = window.visualViewport;
  if (!viewport) {
    return;
  }
  const style = document.documentElement.style;
  const fit = (): void => {
    if (NARROW.matches && Math.abs(viewport.scale - 1) < 0.01) {
      style.setProperty("--app-height", `${Math.round(viewport.height)}px`);
    } else {
      style.removeProperty("--app-height");
    }
  };
  viewport.addEventListener("resize", fit);
  NARROW.addEventListener("change", fit);
  fit();
}
