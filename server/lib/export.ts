import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportColumn {
  key: string;
  /** Already in the reader's language. */
  header: string;
  /** Column width in characters (XLSX only). */
  width?: number;
}

type Rows = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;

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
export async function renderExport(format: ExportFormat, columns: ExportColumn[], rows: Rows, options: { sheetName?: string } = {}): Promise<Buffer> {
  return format === 'csv' ? renderCsv(columns, rows) : renderXlsx(columns, rows, options.sheetName ?? 'Sheet1');
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

async function renderCsv(columns: ExportColumn[], rows: Rows): Promise<Buffer> {
  // The byte-order mark makes Excel read the file as UTF-8 instead of the system code page (GBK on Chinese Windows).
  const parts: string[] = [stringify([columns.map((c) => c.header)], { bom: true })];
  let batch: (string | number | boolean | null)[][] = [];
  for await (const row of rows) {
    batch.push(columns.map((c) => defuse(cellText(row[c.key]))));
    if (batch.length === CSV_BATCH) {
      parts.push(stringify(batch));
      batch = [];
    }
  }
  if (batch.length) parts.push(stringify(batch));
  return Buffer.from(parts.join(''), 'utf8');
}

async function renderXlsx(columns: ExportColumn[], rows: Rows, sheetName: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
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
  await done;
  return Buffer.concat(chunks);
}
