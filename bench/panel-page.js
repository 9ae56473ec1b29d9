// In a panel's bench page (an init script, added by bench/panel-browser.js): a stand-in VS Code API
// that notes `ready` and hands the panel's other messages to `__onPanelMessage` (a page's own
// stand-in host, when it needs one), a wait for the next paint, a wait for a DOM condition, the time
// from a posted message to a condition painted, and the plain-divs floor the figures are compared with.
'use strict';
(() => {
  const w = window;
  w.__ready = false;
  w.acquireVsCodeApi = () => ({
    getState: () => undefined,
    setState: () => undefined,
    postMessage: (m) => {
      if (m && m.type === 'ready') w.__ready = true;
      if (w.__onPanelMessage) w.__onPanelMessage(m);
    },
  });
  w.__afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  w.__waitFor = (test) => new Promise((resolve) => {
    if (test()) return resolve();
    const observer = new MutationObserver(() => {
      if (test()) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
  /** Milliseconds from posting `message` to `test()` holding, painted. */
  w.__paintedAfter = async (message, test) => {
    const t0 = performance.now();
    window.postMessage(message, '*');
    await w.__waitFor(test);
    await w.__afterPaint();
    return performance.now() - t0;
  };
  /** Milliseconds to paint one plain div per line: what showing the same text without any layout costs. */
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
