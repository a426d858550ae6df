import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { stringify } from 'csv-stringify/sync';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ExportColumn {
  key: string;
  /** Already in the reader's language. */
  header: string;
  /** Column width in characters (XLSX; relative widths in PDF). */
  width?: number;
}

type Rows = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;

/** Where a rendered file goes, piece by piece: memory for small files, the database for background exports. */
export interface ExportSink {
  write(chunk: Buffer): Promise<void>;
}

export interface ExportOptions {
  sheetName?: string;
  /** PDF: the line above the table (what, when, how many). */
  title?: string;
  /** PDF: the footer of each page, given its number and the page count. */
  pageLabel?: (page: number, pages: number) => string;
}

/** Excel refuses cells longer than this; a longer text would make the whole file unreadable. */
const XLSX_CELL_MAX = 32_767;
const CSV_BATCH = 1000;

/** `<base>-YYYYMMDD.<ext>`, dated by the caller (usually today in the organisation's time zone). */
export function exportFileName(base: string, format: ExportFormat, date: string): string {
  return `${base}-${date.replaceAll('-', '')}.${format}`;
}

/**
 * Renders rows under localized headers. Callers format dates and enums themselves (they know the time zone and
 * the language); objects are written as JSON. Rows may come from an async generator that pages through the
 * database, so a large export never needs all rows as objects at once.
 */
export async function renderExport(format: ExportFormat, columns: ExportColumn[], rows: Rows, options: ExportOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await streamExport(format, columns, rows, { write: async (c) => void chunks.push(c) }, options);
  return Buffer.concat(chunks);
}

/** Like `renderExport`, handing the file to `sink` as it is produced (CSV and XLSX stream; a PDF comes at its end). */
export async function streamExport(format: ExportFormat, columns: ExportColumn[], rows: Rows, sink: ExportSink, options: ExportOptions = {}): Promise<void> {
  if (format === 'csv') return streamCsv(columns, rows, sink);
  if (format === 'xlsx') return streamXlsx(columns, rows, sink, options.sheetName ?? 'Sheet1');
  return streamPdf(columns, rows, sink, options);
}

function cellText(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  return value as string | number | boolean;
}

/** A spreadsheet runs text starting with these as a formula (CSV injection); a leading apostrophe keeps it text. */
function defuse(value: string | number | boolean | null): string | number | boolean | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

async function streamCsv(columns: ExportColumn[], rows: Rows, sink: ExportSink): Promise<void> {
  // The byte-order mark makes Excel read the file as UTF-8 instead of the system code page (GBK on Chinese Windows).
  await sink.write(Buffer.from(stringify([columns.map((c) => c.header)], { bom: true }), 'utf8'));
  let batch: (string | number | boolean | null)[][] = [];
  for await (const row of rows) {
    batch.push(columns.map((c) => defuse(cellText(row[c.key]))));
    if (batch.length === CSV_BATCH) {
      await sink.write(Buffer.from(stringify(batch), 'utf8'));
      batch = [];
    }
  }
  if (batch.length) await sink.write(Buffer.from(stringify(batch), 'utf8'));
}

/** A writable that hands each piece to the sink and waits for it: backpressure from the database to the zip writer. */
function sinkStream(sink: ExportSink): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      sink.write(chunk).then(() => done(), done);
    },
  });
}

async function streamXlsx(columns: ExportColumn[], rows: Rows, sink: ExportSink, sheetName: string): Promise<void> {
  const out = new PassThrough();
  const target = sinkStream(sink);
  const finished = new Promise<void>((resolve, reject) => {
    target.on('finish', resolve);
    target.on('error', reject);
    out.on('error', reject);
  });
  out.pipe(target);
  // The streaming writer flushes each committed row, so 100 000 rows do not build a workbook model in memory.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width ?? Math.max(12, c.header.length * 2 + 2) }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  for await (const row of rows) {
    sheet
      .addRow(
        columns.map((c) => {
          const v = cellText(row[c.key]);
          return typeof v === 'string' && v.length > XLSX_CELL_MAX ? v.slice(0, XLSX_CELL_MAX) : v;
        }),
      )
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  await finished;
}

/* ---------- PDF ---------- */

let cjkFont: Buffer | undefined;

/**
 * Noto Sans SC from its npm package: the PDF embeds the subset of glyphs it uses, so Chinese text shows on any
 * reader without fonts installed. Read once per process (10 MB).
 */
function font(): Buffer {
  if (!cjkFont) {
    const require = createRequire(import.meta.url);
    cjkFont = readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
  }
  return cjkFont;
}

const PDF = { margin: 30, fontSize: 8, headerSize: 8.5, titleSize: 11, padX: 3, padY: 3, maxLines: 3 } as const;

/**
 * A landscape A4 table: the title, a header row repeated on every page, rows of up to three lines (longer text is
 * cut with an ellipsis) and "page n of N" in each footer. Pages are kept until the end for that count, which is
 * why callers cap the number of rows of a PDF.
 */
async function streamPdf(columns: ExportColumn[], rows: Rows, sink: ExportSink, options: ExportOptions): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: PDF.margin, bufferPages: true, autoFirstPage: true, info: { Title: options.title ?? '' } });
  const pieces: Buffer[] = [];
  doc.on('data', (c: Buffer) => pieces.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font());
  doc.font('cjk');

  const left = PDF.margin;
  const usable = doc.page.width - PDF.margin * 2;
  const bottom = doc.page.height - PDF.margin - 14;
  const weights = columns.map((c) => Math.max(4, Math.min(40, c.width ?? Math.max(8, c.header.length * 2))));
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * usable);
  const lineHeight = doc.fontSize(PDF.fontSize).currentLineHeight(true);

  const cellHeight = (text: string, width: number) => Math.min(doc.heightOfString(text, { width: width - PDF.padX * 2 }), lineHeight * PDF.maxLines);

  function drawRow(values: string[], y: number, height: number, header: boolean) {
    if (header) doc.rect(left, y, usable, height).fill('#f0f0f0');
    doc.fillColor('#222');
    let x = left;
    values.forEach((v, i) => {
      doc.text(v, x + PDF.padX, y + PDF.padY, { width: widths[i]! - PDF.padX * 2, height: height - PDF.padY * 2, ellipsis: true, lineGap: 0 });
      x += widths[i]!;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + usable, y + height)
      .lineWidth(0.3)
      .strokeColor('#d0d0d0')
      .stroke();
  }

  function header(y: number): number {
    doc.fontSize(PDF.headerSize);
    const labels = columns.map((c) => c.header);
    const h = Math.max(...labels.map((l, i) => cellHeight(l, widths[i]!))) + PDF.padY * 2;
    drawRow(labels, y, h, true);
    doc.fontSize(PDF.fontSize);
    return y + h;
  }

  let y: number = PDF.margin;
  if (options.title) {
    doc.fontSize(PDF.titleSize).fillColor('#000').text(options.title, left, y, { width: usable });
    y = doc.y + 6;
  }
  y = header(y);
  for await (const row of rows) {
    const values = columns.map((c) => {
      const v = cellText(row[c.key]);
      return v === null ? '' : String(v);
    });
    const h = Math.max(lineHeight, ...values.map((v, i) => (v ? cellHeight(v, widths[i]!) : 0))) + PDF.padY * 2;
    if (y + h > bottom) {
      doc.addPage();
      y = header(PDF.margin);
    }
    drawRow(values, y, h, false);
    y += h;
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const label = options.pageLabel ? options.pageLabel(i + 1, range.count) : `${i + 1} / ${range.count}`;
    // Writing below the bottom margin would make pdfkit start a new page; the margin is lifted for the footer.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    doc.fontSize(7).fillColor('#666').text(label, left, doc.page.height - PDF.margin + 4, { width: usable, align: 'center', lineBreak: false });
    doc.page.margins = margins;
  }
  doc.end();
  await ended;
  for (const p of pieces) await sink.write(p);
}
