// export.mjs — getting things out of and into a lab: a PNG of its charts
// (drawn side by side on one canvas with their titles), CSV text downloads,
// and the model state JSON (download, and reading an uploaded file).
// Deliberately not: talking to the worker (lab_view passes the state text).

/** Offers `data` (string or Blob) as a download named `filename`. */
export function download(filename, data, type = 'application/octet-stream') {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * One PNG of several canvases: items [{title, canvas}] laid out in a grid of
 * `columns`, on white, each under its title. Resolves to a Blob.
 */
export function chartsToPng(items, { columns = 2, heading = '' } = {}) {
  const pad = 24;
  const titleH = 28;
  const headH = heading ? 40 : 0;
  const live = items.filter((it) => it.canvas && it.canvas.width > 0 && it.canvas.height > 0);
  const cellW = Math.max(...live.map((it) => it.canvas.width), 1);
  const rowsN = Math.ceil(live.length / columns);
  const rowH = [];
  for (let r = 0; r < rowsN; r++) {
    rowH.push(Math.max(...live.slice(r * columns, r * columns + columns).map((it) => it.canvas.height)) + titleH);
  }
  const out = document.createElement('canvas');
  out.width = columns * cellW + (columns + 1) * pad;
  out.height = rowH.reduce((a, b) => a + b + pad, pad) + headH;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#1b1f24';
  ctx.textBaseline = 'top';
  const scale = Math.max(1, cellW / 600);
  if (heading) {
    ctx.font = `600 ${Math.round(18 * scale)}px system-ui, sans-serif`;
    ctx.fillText(heading, pad, pad);
  }
  let y = pad + headH;
  for (let r = 0; r < rowsN; r++) {
    live.slice(r * columns, r * columns + columns).forEach((it, c) => {
      const x = pad + c * (cellW + pad);
      ctx.font = `600 ${Math.round(14 * scale)}px system-ui, sans-serif`;
      ctx.fillText(it.title, x, y);
      ctx.drawImage(it.canvas, x, y + titleH);
    });
    y += rowH[r] + pad;
  }
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not make a PNG'))), 'image/png'));
}

/** Reads a user-chosen file as text. */
export function readFileText(file) {
  if (file.size > 200 * 1024 * 1024) return Promise.reject(new Error(`${file.name} is too large for a model state (${Math.round(file.size / 1048576)} MiB)`));
  return file.text();
}

/** A file-name-safe slug of a config: lstm-binary_palindrome-T20-H32. */
export function configSlug(c) {
  return `${c.cell}-${c.task}-T${c.T}-H${c.hidden}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}
