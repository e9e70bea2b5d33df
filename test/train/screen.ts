/**
 * A small terminal emulator for tests: it replays what a program wrote to a terminal of
 * `columns` columns and returns the lines left on the screen, the way a user sees them.
 * It knows what nabla and the pseudo-terminal write: printable characters (wrapping at the
 * right margin, as xterm does, once a character is written past it), CR, LF, backspace,
 * cursor movement (ESC [ A, B, C, D, G; ESC 7 and ESC 8 save and restore it), "erase in line" (ESC [ K, 1 K, 2 K) and "erase in
 * display" below (ESC [ J); colours
 * (ESC [ … m) and cursor visibility (ESC [ ? … h/l) change nothing it tracks. Any other
 * escape sequence is an error, so a test cannot pass by ignoring what it does not model.
 */
export function replay(output: string, columns: number): { lines: string[] } {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let pendingWrap = false;
  let saved = { row: 0, col: 0 };
  const line = (): string[] => (rows[row] ??= []);
  for (let i = 0; i < output.length; i++) {
    const c = output[i];
    if (c === '\x1b' && (output[i + 1] === '7' || output[i + 1] === '8')) {
      // DECSC / DECRC: save or restore the cursor position.
      if (output[i + 1] === '7') saved = { row, col };
      else ({ row, col } = saved);
      pendingWrap = false;
      i++;
      continue;
    }
    if (c === '\x1b') {
      // eslint-disable-next-line no-control-regex -- escape sequences are what this reads
      const match = /^\x1b\[(\??)([\d;]*)([A-Za-z])/.exec(output.slice(i, i + 16));
      if (match === null) throw new Error(`unknown escape sequence at ${i}: ${JSON.stringify(output.slice(i, i + 8))}`);
      const [sequence, private_, parameter, final] = match;
      i += sequence.length - 1;
      if (private_ === '?' && (final === 'h' || final === 'l')) continue;
      if (final === 'm') continue;
      if (final === 'K') {
        const cells = line();
        if (parameter === '' || parameter === '0') cells.length = Math.min(cells.length, col);
        else if (parameter === '1') for (let k = 0; k <= col && k < cells.length; k++) cells[k] = ' ';
        else rows[row] = [];
        pendingWrap = false;
        continue;
      }
      const n = Math.max(1, Number(parameter || '1'));
      if ('ABCDG'.includes(final)) {
        // Cursor movement: up, down, forward, back, to column n.
        if (final === 'A') row = Math.max(0, row - n);
        if (final === 'B') row += n;
        if (final === 'C') col = Math.min(columns - 1, col + n);
        if (final === 'D') col = Math.max(0, col - n);
        if (final === 'G') col = Math.min(columns - 1, n - 1);
        pendingWrap = false;
        continue;
      }
      if (final === 'J' && (parameter === '' || parameter === '0')) {
        line().length = Math.min(line().length, col);
        rows.length = row + 1;
        continue;
      }
      throw new Error(`escape sequence not modelled: ${JSON.stringify(sequence)}`);
    }
    if (c === '\r') {
      col = 0;
      pendingWrap = false;
    } else if (c === '\n') {
      row++;
      pendingWrap = false;
    } else if (c === '\b') {
      col = Math.max(0, col - 1);
      pendingWrap = false;
    } else if (c >= ' ' || c === '\t') {
      if (pendingWrap) {
        row++;
        col = 0;
        pendingWrap = false;
      }
      const cells = line();
      while (cells.length < col) cells.push(' ');
      cells[col] = c;
      if (col === columns - 1) pendingWrap = true;
      else col++;
    }
  }
  const lines = Array.from({ length: rows.length }, (_, r) => (rows[r] ?? []).join('').trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { lines };
}
