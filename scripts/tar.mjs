// A small POSIX tar (ustar) writer for scripts/bundle.mjs: regular files and directories only,
// owner root, one fixed mtime, so the same files give the same archive. Names too long for
// ustar's 100 + 155 bytes get a pax header (GNU tar, bsdtar and Node's tar all read it).
// Written here rather than adding a dependency: the format needs ~80 lines.

const BLOCK = 512;

/** Writes `value` as a NUL-terminated octal number of `width` bytes (ustar's number fields). */
function octal(header, offset, width, value) {
  header.write(value.toString(8).padStart(width - 1, '0') + '\0', offset, width, 'ascii');
}

/** ustar splits a long name at a `/` into prefix (up to 155 bytes) and name (up to 100); null when it cannot. */
function splitName(path) {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name) return { prefix, name };
  }
  return null;
}

function header({ path, size, mode, mtime, type }) {
  const split = splitName(path);
  if (!split) throw new Error(`tar: ${path} needs a pax header`);
  const block = Buffer.alloc(BLOCK);
  block.write(split.name, 0, 100, 'utf8');
  octal(block, 100, 8, mode);
  octal(block, 108, 8, 0); // uid
  octal(block, 116, 8, 0); // gid
  octal(block, 124, 12, size);
  octal(block, 136, 12, mtime);
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  block.write(split.prefix, 345, 155, 'utf8');
  // The checksum is computed with its own field as eight spaces.
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return block;
}

const padding = (size) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** A pax record "<length> path=<path>\n", whose length counts its own digits. */
function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return Buffer.from(`${length}${body}`, 'utf8');
}

/**
 * The archive as one Buffer. `entries` are `{ path, content }` (a file: Buffer, mode from
 * `executable`) or `{ path, directory: true }`, written in the order given.
 */
export function tarArchive(entries, mtime) {
  const parts = [];
  for (const entry of entries) {
    const path = entry.directory ? `${entry.path.replace(/\/$/, '')}/` : entry.path;
    const size = entry.directory ? 0 : entry.content.length;
    const mode = entry.directory || entry.executable ? 0o755 : 0o644;
    const type = entry.directory ? '5' : '0';
    let shownPath = path;
    if (!splitName(path)) {
      const pax = paxRecord('path', path);
      parts.push(header({ path: 'PaxHeader', size: pax.length, mode: 0o644, mtime, type: 'x' }), pax);
      parts.push(padding(pax.length));
      // The ustar name is only a fallback for readers without pax: a truncated tail of the path.
      shownPath = Buffer.from(path)
        .subarray(-100)
        .toString('utf8')
        .replace(/^[^/]*\//, '');
    }
    parts.push(header({ path: shownPath, size, mode, mtime, type }));
    if (!entry.directory) parts.push(entry.content, padding(size));
  }
  // The end of the archive: two empty blocks.
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
