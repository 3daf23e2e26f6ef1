// One requestAnimationFrame loop; returns its cleanup (makeX convention).

/** Calls `draw` every animation frame until the returned function is called. */
export function makeFrameLoop(draw: (nowMs: number) => void): () => void {
  let handle = 0;
  let running = true;
  const frame = (now: number) => {
    if (!running) return;
    draw(now);
    handle = requestAnimationFrame(frame);
  };
  handle = requestAnimationFrame(frame);
  return () => {
    running = false;
    cancelAnimationFrame(handle);
  };
}
