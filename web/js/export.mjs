// export.mjs — getting things out of and into a lab: a PNG of its charts
// (drawn side by side on one canvas with their titles), CSV text downloads,
// and the model state JSON (download, and reading an uploaded file in
// pieces, with progress, within the page's limit of 200 MiB).
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

// ---- importing a model state file ------------------------------------------
// The page's own limit on a file it reads (the engine's are larger: JSON text
// up to 1 GiB, docs/limits.md). A state takes about 21 bytes per parameter,
// so this admits the states of models up to about 9.8 million parameters.
export const MIB = 1024 * 1024;
export const MAX_IMPORT_BYTES = 200 * MIB;
/** Where the file is chosen (the button's title, the hint beside it). */
export const IMPORT_HINT = 'model state JSON, up to 200 MiB';
// A file is read this much at a time, so the page can show how far it got
// and stays responsive between the pieces.
export const IMPORT_CHUNK_BYTES = MIB;

/** Thrown by readFileText when `cancelled()` turned true between two pieces. */
export class ImportCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ImportCancelled';
  }
}

/** 5616725 -> "5.4 MiB", 2048 -> "2 KiB", 12 -> "12 bytes". */
export function formatBytes(n) {
  if (!Number.isFinite(n)) return String(n);
  if (n >= MIB) return `${Number((n / MIB).toFixed(1))} MiB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
  return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
}

const grouped = (n) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');

/** null when the page reads `file`, else why not (the size and the limit; the caller names the file). */
export function importRefusal(file, limit = MAX_IMPORT_BYTES) {
  if (file.size <= limit) return null;
  return `the file is ${formatBytes(file.size)} (${grouped(file.size)} bytes), over the page's limit of `
    + `${formatBytes(limit)} (${grouped(limit)} bytes) for a model state file`;
}

/**
 * Reads a user-chosen file as UTF-8 text, IMPORT_CHUNK_BYTES at a time
 * (file.slice), calling onProgress(bytesRead, size) after each piece.
 * Refuses a file over `limit` before reading any of it; throws
 * ImportCancelled as soon as `cancelled()` is true between two pieces.
 */
export async function readFileText(file, { onProgress = null, cancelled = () => false, limit = MAX_IMPORT_BYTES,
  chunkBytes = IMPORT_CHUNK_BYTES } = {}) {
  const refusal = importRefusal(file, limit);
  if (refusal) throw new Error(refusal);
  const decoder = new TextDecoder('utf-8');
  const parts = [];
  let done = 0;
  onProgress?.(0, file.size);
  while (done < file.size) {
    if (cancelled()) throw new ImportCancelled();
    const end = Math.min(file.size, done + chunkBytes);
    const bytes = await file.slice(done, end).arrayBuffer();
    parts.push(decoder.decode(bytes, { stream: end < file.size }));
    done = end;
    onProgress?.(done, file.size);
  }
  if (cancelled()) throw new ImportCancelled();
  return parts.join('');
}

/** A file-name-safe slug of a config: lstm-binary_palindrome-T20-H32. */
export function configSlug(c) {
  return `${c.cell}-${c.task}-T${c.T}-H${c.hidden}${c.layers > 1 ? `-L${c.layers}` : ''}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}
