import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import * as v from '../server/modules/demo/demo.vocab.ts';
import { ApiClient } from '../server/modules/demo/demo.api.ts';
import { BENCH_ORG, type BenchTeam } from './generate.ts';

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

/** Headers as a sales team's old system would export them; the import suggests the mapping from them. */
export const IMPORT_HEADERS = ['客户名称', '英文名称', '行业', '客户来源', '客户等级', '客户状态', '重要程度', '标签', '电话', '邮箱', '省份', '城市', '区县', '详细地址', '网址', '负责人'];

const INDUSTRY_LABELS: Record<string, string> = {
  it: '信息技术', manufacturing: '制造业', finance: '金融', retail: '零售', education: '教育', healthcare: '医疗健康',
  real_estate: '房地产', logistics: '物流', hospitality: '酒店旅游', other: '其他',
};
const SOURCE_LABELS: Record<string, string> = {
  website: '官网', referral: '客户介绍', exhibition: '展会', phone: '电话咨询', advertising: '广告', campaign: '市场活动', partner: '合作伙伴', other: '其他',
};
const STATUS_LABELS: Record<string, string> = { potential: '潜在客户', formal: '正式客户', signed: '签约客户', abandoned: '放弃客户' };

/**
 * Rows of new customers (a serial in parentheses keeps their names apart from the organisation's), with labels,
 * region names and owners' user names as people type them, not codes.
 */
export function importRows(n: number, seed: number, owners: readonly string[]): string[][] {
  const rng = new v.Rng(seed);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const c = v.company(rng);
    rows.push([
      `${c.name}（B${seed}N${i}）`,
      rng.chance(0.3) ? c.englishName : '',
      INDUSTRY_LABELS[c.industry]!,
      SOURCE_LABELS[rng.weighted(v.SOURCES)]!,
      (rng.weighted(v.LEVELS) ?? '').toUpperCase(),
      STATUS_LABELS[rng.weighted(v.STATUSES)]!,
      String(rng.weighted(v.IMPORTANCE) ?? ''),
      v.tags(rng).join(','),
      // Unique within the file: the import refuses a file that gives two customers the same phone.
      `1${rng.pick(['39', '58', '86'])}${String(seed % 100).padStart(2, '0')}${String(i).padStart(6, '0')}`,
      rng.chance(0.5) ? `info@${v.website(c).replace(/^https:\/\/www\./, '')}` : '',
      c.place.provinceName,
      c.place.cityName,
      c.place.districtName ?? '',
      v.address(rng),
      v.website(c),
      rng.pick(owners),
    ]);
  }
  return rows;
}

export function csvFile(rows: string[][]): Buffer {
  return Buffer.from('\ufeff' + stringify([IMPORT_HEADERS, ...rows]));
}

export async function xlsxFile(file: string, rows: string[][]): Promise<Buffer> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(IMPORT_HEADERS).commit();
  for (const r of rows) sheet.addRow(r).commit();
  sheet.commit();
  await workbook.commit();
  return fs.readFileSync(file);
}

function multipart(name: string, content: Buffer) {
  const boundary = `----kehubench${Date.now().toString(16)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const TARGETS = { xlsx: 40_000, csv: 100_000 } as const;

/**
 * Each format once: upload, the suggested mapping, start (validation of every row, then the write), timed from
 * the upload to the answer of start, as the user waits for it. The import is undone afterwards, so the data set
 * stays as generated.
 */
export async function benchImports(app: FastifyInstance, team: BenchTeam, rows: number, dir: string): Promise<ImportFigure[]> {
  const admin = await ApiClient.signIn(app, BENCH_ORG.code, BENCH_ORG.username, BENCH_ORG.password);
  const owners = team.members.filter((m) => m.title === '销售代表').map((m) => m.username);
  const figures: ImportFigure[] = [];
  for (const format of ['xlsx', 'csv'] as const) {
    const data = importRows(rows, Date.now() % 100_000, owners);
    const content = format === 'csv' ? csvFile(data) : await xlsxFile(path.join(dir, 'customers.xlsx'), data);
    const { payload, headers } = multipart(`customers.${format}`, content);
    const started = performance.now();
    const up = await admin.raw('POST', '/api/v1/imports?recordType=customer', payload, headers);
    if (up.statusCode !== 201) throw new Error(`import upload answered ${up.statusCode}: ${up.body.slice(0, 300)}`);
    const created = up.json() as { id: string; mapping: Record<string, string> };
    await admin.put(`/api/v1/imports/${created.id}`, { mapping: created.mapping, duplicateMode: 'skip' });
    const result = await admin.post<{ status: string; createdRows: number; skippedRows: number }>(`/api/v1/imports/${created.id}/start`);
    const seconds = (performance.now() - started) / 1000;
    // A random phone number now and then belongs to a customer already there: skipped as a duplicate, still a row read.
    if (result.status !== 'done' || result.createdRows + result.skippedRows !== rows) {
      throw new Error(`import of ${format} ended ${result.status} with ${result.createdRows} of ${rows} rows created: ${JSON.stringify(result).slice(0, 1500)}`);
    }
    figures.push({
      scenario: `Import ${rows.toLocaleString('en')} customers from .${format}`,
      rows,
      seconds,
      rowsPerSecond: rows / seconds,
      target: TARGETS[format],
      note: `${(content.length / 2 ** 20).toFixed(1)} MB, ${result.createdRows.toLocaleString('en')} created, ${result.skippedRows} skipped as duplicates`,
    });
    await admin.post(`/api/v1/imports/${created.id}/undo`);
  }
  return figures;
}
