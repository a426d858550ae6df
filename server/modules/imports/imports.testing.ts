import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Client } from '../../test/fixtures.ts';
import { multipartBody } from '../attachments/attachments.testing.ts';

/** A one-sheet workbook, as Excel would save it (shared strings, dates as day numbers). */
export async function xlsxFile(rows: unknown[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads a downloaded workbook's first sheet (or the named one) back as rows of cell values. */
export async function readXlsx(body: Buffer, sheet?: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = sheet ? wb.getWorksheet(sheet)! : wb.worksheets[0]!;
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

export function uploadImport(client: Client, recordType: string, file: { name: string; content: Buffer | string }) {
  const { payload, headers } = multipartBody(file);
  return client.request('POST', `/api/v1/imports?recordType=${recordType}`, payload, headers);
}

/** Upload, optional settings, start: the final state of the import. */
export async function runImport(
  client: Client,
  recordType: string,
  file: { name: string; content: Buffer | string },
  settings: { duplicateMode?: string; mapping?: Record<string, string> } = {},
) {
  const up = await uploadImport(client, recordType, file);
  expect(up.statusCode, up.body).toBe(201);
  const created = up.json();
  const put = await client.put(`/api/v1/imports/${created.id}`, { mapping: settings.mapping ?? created.mapping, duplicateMode: settings.duplicateMode ?? 'skip' });
  expect(put.statusCode, put.body).toBe(200);
  const started = await client.post(`/api/v1/imports/${created.id}/start`);
  expect(started.statusCode, started.body).toBe(200);
  return started.json();
}
