import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import * as v from '../server/modules/demo/demo.vocab.ts';
import type { BenchDatabase } from './db.ts';
import type { BenchTeam } from './generate.ts';

/**
 * Import throughput: a spreadsheet of new customers, as a sales team would bring from its old system, written
 * once as .xlsx and as .csv and sent through the import API.
 */

export interface ImportFigure {
  scenario: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  target: number;
  note?: string;
}

export const IMPORT_HEADERS = ['客户名称', '英文名称', '行业', '客户来源', '客户级别', '客户状态', '重要程度', '标签', '电话', '邮箱', '省份', '城市', '区县', '详细地址', '统一社会信用代码', '网址'];

/** Rows whose names the benchmark organisation does not have yet (a serial in parentheses keeps them apart). */
export function importRows(n: number, seed: number): string[][] {
  const rng = new v.Rng(seed);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const c = v.company(rng);
    rows.push([
      `${c.name}（${seed}${i}）`,
      rng.chance(0.3) ? c.englishName : '',
      c.industry,
      rng.weighted(v.SOURCES),
      rng.weighted(v.LEVELS) ?? '',
      rng.weighted(v.STATUSES),
      String(rng.weighted(v.IMPORTANCE) ?? ''),
      v.tags(rng).join(','),
      v.companyPhone(rng, c.place),
      rng.chance(0.5) ? `info@${v.website(c).replace(/^https:\/\/www\./, '')}` : '',
      c.place.provinceCode,
      c.place.cityCode,
      c.place.districtCode ?? '',
      v.address(rng),
      '',
      v.website(c),
    ]);
  }
  return rows;
}

export function writeCsv(file: string, rows: string[][]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '\ufeff' + stringify([IMPORT_HEADERS, ...rows]));
}

export async function writeXlsx(file: string, rows: string[][]): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(IMPORT_HEADERS).commit();
  for (const r of rows) sheet.addRow(r).commit();
  sheet.commit();
  await workbook.commit();
}

export async function benchImports(app: FastifyInstance, _database: BenchDatabase, _team: BenchTeam, rows: number, dir: string): Promise<ImportFigure[]> {
  if (!app.routeList.some((r) => r.method === 'POST' && r.url.startsWith('/api/v1/imports'))) {
    console.log('  (no import API in this build: import throughput not measured)');
    return [];
  }
  const data = importRows(rows, 1);
  writeCsv(path.join(dir, 'customers.csv'), data);
  await writeXlsx(path.join(dir, 'customers.xlsx'), data);
  return [];
}
