// palette.mjs — the colours of every chart: the Okabe-Ito palette (safe for
// the common colour-vision deficiencies) for lines, and viridis (perceptually
// uniform, readable in grey) for heat maps.
// Deliberately no CSS here: the page's styles live in web/css.

export const OKABE_ITO = Object.freeze({
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
});

export const SERIES = Object.freeze({
  dh: OKABE_ITO.blue,
  dc: OKABE_ITO.vermillion,
  initial: '#8a94a3',
  loss: OKABE_ITO.blue,
  accuracy: OKABE_ITO.green,
  bptt: OKABE_ITO.purple,
  grid: 'rgba(20, 30, 45, 0.08)',
  axis: '#4a5361',
});

// Viridis as a 9-stop table, interpolated linearly (max error well under one
// 8-bit step of what the eye can tell apart at heat-map cell sizes).
const VIRIDIS = [
  [68, 1, 84], [72, 40, 120], [62, 73, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37],
];

/** Viridis colour for u in [0, 1] as [r, g, b] (0..255). */
export function viridis(u) {
  const x = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** A 256-entry lookup table of packed RGBA (little-endian Uint32) for ImageData fills. */
export function viridisTable() {
  const t = new Uint32Array(256);
  for (let k = 0; k < 256; k++) {
    const [r, g, b] = viridis(k / 255);
    t[k] = (255 << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r);
  }
  return t;
}

/** CSS linear-gradient of viridis, for legends. */
export function viridisGradientCss(direction = 'to right') {
  const stops = VIRIDIS.map((c, k) => `rgb(${c.join(',')}) ${((k / (VIRIDIS.length - 1)) * 100).toFixed(1)}%`);
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}
