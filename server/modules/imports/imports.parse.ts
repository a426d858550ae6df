import { inflateRawSync, createInflateRaw } from 'node:zlib';
import { Readable } from 'node:stream';
import { fieldError } from '../../lib/errors.ts';

/**
 * Spreadsheet readers for imports (IO-01). Both hand over rows in chunks, so a caller validates and converts
 * chunk by chunk and never holds the whole decoded sheet. They are hand-written for speed: the import targets are
 * tens of thousands of rows a second, and exceljs' streaming reader alone manages about 30,000 (measured on the
 * 2-core development machine), csv-parse about 120,000.
 *
 * A cell is text, or a number when the spreadsheet stored one (Excel keeps dates as day numbers; the converter
 * knows from the target field whether a number is a date).
 */
export type Cell = string | number | null;
export type Row = Cell[];

export interface Sheet {
  /** The first non-empty row, trimmed. */
  headers: string[];
  /** Rows after the header, in chunks; empty rows are dropped. `line` is the 1-based row number in the file. */
  chunks(size: number): AsyncGenerator<{ line: number; cells: Row }[]>;
  /** Excel's 1904 date system (old Mac workbooks) counts day numbers from 1904-01-01. */
  date1904: boolean;
  /** Rows after the header, from the file's own dimension or line count: a hint for the progress bar. */
  estimatedRows: number;
}

export type SheetFormat = 'xlsx' | 'csv';

export function sheetFormat(fileName: string): SheetFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'csv' || ext === 'txt') return 'csv';
  throw fieldError({ file: 'v.importFileType' });
}

export async function openSheet(fileName: string, content: Buffer): Promise<Sheet> {
  return sheetFormat(fileName) === 'xlsx' ? openXlsx(content) : openCsv(content);
}

const isBlank = (cells: Row) => cells.every((c) => c === null || c === '');
const headerText = (cells: Row) => cells.map((c) => (c === null ? '' : String(c).trim()));

/* ---------- CSV ---------- */

/**
 * Excel on Chinese Windows saves CSV in GB18030 (GBK) without a byte-order mark; everything else sends UTF-8.
 * A file that is not valid UTF-8 is read as GB18030.
 */
function decodeText(content: Buffer): string {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) return content.toString('utf8', 3);
  if (content[0] === 0xff && content[1] === 0xfe) return new TextDecoder('utf-16le').decode(content.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

/** Comma unless the first line has more tabs (Excel's "Unicode text") or semicolons (European locales). */
function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const first = end < 0 ? text : text.slice(0, end);
  const count = (ch: string) => first.split(ch).length - 1;
  const [comma, tab, semi] = [count(','), count('\t'), count(';')];
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma) return ';';
  return ',';
}

/**
 * RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks. Yields one record at a
 * time from `pos`, so the caller can stop and resume by chunk.
 */
function* csvRecords(text: string, delimiter: string): Generator<{ line: number; cells: string[] }> {
  const n = text.length;
  const dch = delimiter.charCodeAt(0);
  let pos = 0;
  let line = 1;
  while (pos < n) {
    const startLine = line;
    const cells: string[] = [];
    for (;;) {
      if (text.charCodeAt(pos) === 34 /* " */) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            value += text.slice(from);
            pos = n;
            break;
          }
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            from = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) line++;
        // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
        let end = pos;
        while (end < n && text.charCodeAt(end) !== dch && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
        cells.push(value + text.slice(pos, end));
        pos = end;
      } else {
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === dch || c === 10 || c === 13) break;
          end++;
        }
        cells.push(text.slice(pos, end));
        pos = end;
      }
      const c = text.charCodeAt(pos);
      if (c === dch) {
        pos++;
        continue;
      }
      if (c === 13) pos++;
      if (text.charCodeAt(pos) === 10) pos++;
      line++;
      break;
    }
    yield { line: startLine, cells };
  }
}

function openCsv(content: Buffer): Sheet {
  const text = decodeText(content);
  const delimiter = detectDelimiter(text);
  const records = csvRecords(text, delimiter);
  let headers: string[] = [];
  // By hand rather than for…of, whose break would close the generator before the rows.
  for (let r = records.next(); !r.done; r = records.next()) {
    if (isBlank(r.value.cells)) continue;
    headers = headerText(r.value.cells);
    break;
  }
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return {
    headers,
    date1904: false,
    estimatedRows: Math.max(0, lines - 1 + (text.endsWith('\n') ? 0 : 1)),
    async *chunks(size) {
      let chunk: { line: number; cells: Row }[] = [];
      for (const r of records) {
        if (isBlank(r.cells)) continue;
        chunk.push(r);
        if (chunk.length >= size) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length) yield chunk;
    },
  };
}

/* ---------- XLSX ---------- */

interface ZipEntry {
  method: number;
  offset: number;
  compressedSize: number;
}

/** The central directory of a zip held in memory: entry name → where its data is. */
function readZip(buf: Buffer): Map<string, ZipEntry> {
  const bad = () => fieldError({ file: 'v.importFileBroken' });
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad();
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw bad();
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw bad();
    const offset = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    entries.set(name, { method, offset, compressedSize });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function entryBytes(buf: Buffer, e: ZipEntry): Buffer {
  const raw = buf.subarray(e.offset, e.offset + e.compressedSize);
  if (e.method === 0) return raw;
  if (e.method === 8) return inflateRawSync(raw);
  throw fieldError({ file: 'v.importFileBroken' });
}

async function* entryText(buf: Buffer, e: ZipEntry): AsyncGenerator<string> {
  const raw = buf.subarray(e.offset, e.offset + e.compressedSize);
  const decoder = new TextDecoder('utf-8');
  if (e.method === 0) {
    yield decoder.decode(raw);
    return;
  }
  if (e.method !== 8) throw fieldError({ file: 'v.importFileBroken' });
  for await (const chunk of Readable.from([raw]).pipe(createInflateRaw({ chunkSize: 1 << 20 }))) {
    yield decoder.decode(chunk as Buffer, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML entities, and OOXML's _xHHHH_ escapes of control characters. */
function unescapeXml(s: string): string {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      return ENTITIES[e] ?? m;
    });
  }
  if (s.indexOf('_x') >= 0) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/** The text of an <si> or <is> element: its <t> runs, without the phonetic guides (<rPh>) Japanese Excel adds. */
function richText(xml: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const rph = xml.indexOf('<rPh', i);
    const t = xml.indexOf('<t', i);
    if (t < 0) break;
    if (rph >= 0 && rph < t) {
      i = xml.indexOf('</rPh>', rph);
      if (i < 0) break;
      continue;
    }
    const close = xml.indexOf('>', t);
    // <tx…> or similar elements that merely start with "t".
    const after = xml.charCodeAt(t + 2);
    if (after !== 62 /* > */ && after !== 32 /* space */ && after !== 47 /* / */) {
      i = close + 1;
      continue;
    }
    if (xml.charCodeAt(close - 1) === 47) {
      i = close + 1;
      continue;
    }
    const end = xml.indexOf('</t>', close);
    out += xml.slice(close + 1, end);
    i = end + 4;
  }
  return unescapeXml(out);
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    const start = xml.indexOf('<si', i);
    if (start < 0) break;
    const open = xml.indexOf('>', start);
    if (xml.charCodeAt(open - 1) === 47 /* / */) {
      out.push('');
      i = open + 1;
      continue;
    }
    const end = xml.indexOf('</si>', open);
    out.push(richText(xml.slice(open + 1, end)));
    i = end + 5;
  }
  return out;
}

function attr(tag: string, name: string): string | undefined {
  const i = tag.indexOf(` ${name}="`);
  if (i < 0) return undefined;
  const from = i + name.length + 3;
  return tag.slice(from, tag.indexOf('"', from));
}

/** "BC12" → 54 (0-based column). */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** The cells of one <row> element's inner XML. */
function parseRow(xml: string, strings: string[]): Row {
  const cells: Row = [];
  let i = 0;
  let next = 0;
  for (;;) {
    const start = xml.indexOf('<c', i);
    if (start < 0) break;
    const tagEnd = xml.indexOf('>', start);
    const tag = xml.slice(start, tagEnd + 1);
    const ref = attr(tag, 'r');
    const col = ref ? columnIndex(ref) : next;
    next = col + 1;
    if (xml.charCodeAt(tagEnd - 1) === 47) {
      i = tagEnd + 1;
      continue;
    }
    const end = xml.indexOf('</c>', tagEnd);
    const inner = xml.slice(tagEnd + 1, end);
    i = end + 4;
    const type = attr(tag, 't');
    let value: Cell = null;
    if (type === 'inlineStr') {
      value = richText(inner);
    } else {
      const v = inner.indexOf('<v');
      if (v >= 0) {
        const vOpen = inner.indexOf('>', v);
        const raw = inner.charCodeAt(vOpen - 1) === 47 ? '' : inner.slice(vOpen + 1, inner.indexOf('</v>', vOpen));
        if (type === 's') value = strings[Number(raw)] ?? '';
        else if (type === 'str' || type === 'e' || type === 'd') value = unescapeXml(raw);
        else if (type === 'b') value = raw === '1' ? 'TRUE' : 'FALSE';
        else value = raw === '' ? null : Number(raw);
      }
    }
    cells[col] = value;
  }
  for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = null;
  return cells;
}

/** The first worksheet in the workbook's own order (not the zip's), through the workbook relationships. */
function firstSheetPath(entries: Map<string, ZipEntry>, buf: Buffer): string {
  const wb = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!wb || !rels) throw fieldError({ file: 'v.importFileBroken' });
  const workbook = entryBytes(buf, wb).toString('utf8');
  const sheetTag = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbook)?.[0];
  const rid = sheetTag && /\br:id="([^"]+)"/.exec(sheetTag)?.[1];
  const relations = entryBytes(buf, rels).toString('utf8');
  for (const rel of relations.match(/<Relationship\b[^>]*>/g) ?? []) {
    if (attr(rel, 'Id') !== rid) continue;
    const target = attr(rel, 'Target')!;
    return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  }
  throw fieldError({ file: 'v.importFileBroken' });
}

async function openXlsx(buf: Buffer): Promise<Sheet> {
  let entries: Map<string, ZipEntry>;
  try {
    entries = readZip(buf);
  } catch {
    throw fieldError({ file: 'v.importFileBroken' });
  }
  const sheetEntry = entries.get(firstSheetPath(entries, buf));
  if (!sheetEntry) throw fieldError({ file: 'v.importFileBroken' });
  const ss = entries.get('xl/sharedStrings.xml');
  const strings = ss ? sharedStrings(entryBytes(buf, ss).toString('utf8')) : [];
  const workbook = entryBytes(buf, entries.get('xl/workbook.xml')!).toString('utf8');
  let lastRow = 0;

  /** Rows as they come out of the inflater, each with its 1-based row number. */
  async function* rows(): AsyncGenerator<{ line: number; cells: Row }> {
    let carry = '';
    let line = 0;
    let first = true;
    for await (const text of entryText(buf, sheetEntry!)) {
      carry += text;
      if (first) {
        // <dimension> precedes the rows; writers that know the extent put it there.
        lastRow = Number(/<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"/.exec(carry)?.[1] ?? 0);
        first = false;
      }
      let i = 0;
      for (;;) {
        const start = carry.indexOf('<row', i);
        if (start < 0) break;
        const tagEnd = carry.indexOf('>', start);
        if (tagEnd < 0) break;
        const tag = carry.slice(start, tagEnd + 1);
        const r = attr(tag, 'r');
        if (carry.charCodeAt(tagEnd - 1) === 47) {
          line = r ? Number(r) : line + 1;
          i = tagEnd + 1;
          continue;
        }
        const end = carry.indexOf('</row>', tagEnd);
        if (end < 0) break;
        line = r ? Number(r) : line + 1;
        yield { line, cells: parseRow(carry.slice(tagEnd + 1, end), strings) };
        i = end + 6;
      }
      carry = carry.slice(i);
    }
  }

  const iterator = rows();
  let headers: string[] = [];
  let headerLine = 0;
  for (;;) {
    const { value, done } = await iterator.next();
    if (done) break;
    if (isBlank(value.cells)) continue;
    headers = headerText(value.cells);
    headerLine = value.line;
    break;
  }
  return {
    headers,
    date1904: /date1904="(1|true)"/.test(workbook),
    estimatedRows: Math.max(0, lastRow - headerLine),
    async *chunks(size) {
      let chunk: { line: number; cells: Row }[] = [];
      for (;;) {
        const { value, done } = await iterator.next();
        if (done) break;
        if (isBlank(value.cells)) continue;
        chunk.push(value);
        if (chunk.length >= size) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length) yield chunk;
    },
  };
}
