// In the retrieval inspector's bench page (bench/src/retrieval-panel-bench.ts, as an init script):
// a stand-in VS Code API, a wait for the next paint, the time from a snapshot message to N painted
// document rows, and the plain-divs floor.
'use strict';
(() => {
  const w = window;
  w.__ready = false;
  w.acquireVsCodeApi = () => ({
    getState: () => undefined,
    setState: () => undefined,
    postMessage: (m) => { if (m && m.type === 'ready') w.__ready = true; },
  });
  w.__afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  w.__rowsPainted = async (message, rows) => {
    const t0 = performance.now();
    window.postMessage(message, '*');
    await new Promise((resolve) => {
      const done = () => document.querySelectorAll('.rt-rows:not(.rt-dropped) > .rt-row').length >= rows;
      if (done()) return resolve();
      const observer = new MutationObserver(() => {
        if (done()) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    await w.__afterPaint();
    return performance.now() - t0;
  };
  w.__plainDivs = async (lines) => {
    const t0 = performance.now();
    const box = document.createElement('div');
    for (const line of lines) {
      const d = document.createElement('div');
      d.textContent = line;
      box.appendChild(d);
    }
    document.body.appendChild(box);
    await w.__afterPaint();
    const t = performance.now() - t0;
    box.remove();
    return t;
  };
})();
