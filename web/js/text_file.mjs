// text_file.mjs — reading a .txt file the reader opens for the task "Your
// own text": its bytes, decoded as UTF-8. The text stays in the page (it
// goes to the lab's own worker and nowhere else).
// A JavaScript string cannot carry bytes that are not UTF-8, so this is
// the one check the page makes itself: it says at which byte the file stops
// being UTF-8. Everything else about a text (empty, shorter than T + 1,
// too many distinct characters, too large) is the engine's to say, when the
// lab configures with it.
// Deliberately not: any other check of the text, nor touching the DOM.

// Files above this are refused unread (the engine's own limit on a text is
// far below it: limits.md); reading one would only freeze the page.
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The offset of the first byte of the first character that is not UTF-8
 * in `bytes`, or -1 when all of it is. TextDecoder says only whether; this finds where, by
 * bisecting on prefixes decoded in streaming mode (an incomplete character
 * at the end of a prefix is no error there): the shortest prefix that fails
 * ends at the byte that cannot be read. A file that ends inside a character
 * fails only as a whole: then the offset is that character's first byte.
 */
export function firstBadUtf8Byte(bytes) {
  const fails = (n, stream) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(bytes.length, false)) return -1;
  if (!fails(bytes.length, true)) {
    // Cut off inside a character: back up to its lead byte (at most 3 continuation bytes).
    let i = bytes.length - 1;
    while (i > 0 && bytes.length - i < 4 && (bytes[i] & 0xc0) === 0x80) i--;
    return i;
  }
  let lo = 0;               // fails(lo) is false
  let hi = bytes.length;    // fails(hi) is true
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid, true)) hi = mid;
    else lo = mid;
  }
  // Byte k is where reading failed; if it broke off a character begun
  // before it (a lead byte still waiting for continuation bytes), that
  // character's first byte is the one to name.
  const k = hi - 1;
  let j = k - 1;
  while (j >= 0 && k - j <= 3 && (bytes[j] & 0xc0) === 0x80) j--;
  const lead = j >= 0 ? bytes[j] : 0;
  const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return j >= 0 && len > 1 && j + len > k ? j : k;
}

/**
 * Reads a File as UTF-8 text. Resolves to {text} or {error} (one sentence,
 * naming the file); never rejects for a bad file.
 */
export async function readTextFile(file) {
  const name = file.name || 'the file';
  if (file.size > MAX_TEXT_FILE_BYTES) {
    return { error: `${name} was not opened: it is ${(file.size / 1048576).toFixed(1)} MiB, and the page opens text files of at most ${MAX_TEXT_FILE_BYTES / 1048576} MiB` };
  }
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    return { error: `${name} could not be read: ${e && e.message ? e.message : e}` };
  }
  try {
    // A byte-order mark is dropped, as text editors do.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstBadUtf8Byte(bytes);
    return { error: `${name} is not UTF-8 text: the character at byte ${at} (counting from 0) cannot be read as UTF-8. Save it as UTF-8 (plain text) and open it again` };
  }
}
