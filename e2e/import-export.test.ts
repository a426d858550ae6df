// Import and export in the browser: a small .xlsx with one bad row is refused whole, the report of rejected rows
// names the row and the reason, the corrected file imports; the customer list exports to Excel and the file holds
// the customers.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buttonName, login, setUpOrg, useE2E } from './fixtures.ts';

const e2e = useE2E();

beforeAll(async () => {
  await setUpOrg(e2e.kehu);
});

const HEADER = ['客户名称', '电话', '邮箱', '省份', '城市', '客户状态'];
const ROWS = [
  ['华东贸易有限公司', '021-61110001', 'east@example.com', '上海市', '', '正式客户'],
  ['华南贸易有限公司', '020-61110002', 'not-an-email', '广东省', '广州市', '潜在客户'],
  ['华北贸易有限公司', '010-61110003', '', '北京市', '', ''],
];

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readDownload(path: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(path) as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** Upload, keep the suggested mapping, keep "skip", start. */
async function importFile(page: Page, content: Buffer) {
  await page
    .getByTestId('import-file')
    .locator('input[type=file]')
    .setInputFiles({ name: '客户.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: content });
  const mapping = page.getByTestId('import-mapping');
  await mapping.getByText('客户名称 *').first().waitFor();
  await page.getByRole('button', { name: buttonName('下一步') }).click();
  await page.getByTestId('import-mode').getByText('跳过：保留已有记录，不导入该行').waitFor();
  await page.getByRole('button', { name: buttonName('开始导入') }).click();
}

describe('import and export', () => {
  it('refuses a file with one bad row whole, reports the row and reason, and imports the corrected file', async () => {
    const { page } = e2e;
    await login(page);
    await page.goto('/imports/new?type=customer');
    await importFile(page, await xlsx([HEADER, ...ROWS]));

    const rejected = page.getByTestId('import-rejected');
    await rejected.getByText('有 1 行未通过检查，未导入任何数据').waitFor();
    const [report] = await Promise.all([page.waitForEvent('download'), rejected.getByRole('button', { name: '下载未通过的行' }).click()]);
    expect(report.suggestedFilename()).toBe('客户-未导入的行.xlsx');
    const rows = await readDownload((await report.path())!);
    expect(rows[0]!.slice(0, 3)).toEqual(['行号', '原因', '客户名称']);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([[3, '邮箱：请输入有效的电子邮箱', '华南贸易有限公司']]);

    await rejected.getByRole('button', { name: buttonName('修改后重新上传') }).click();
    const fixed = ROWS.map((r) => [...r]);
    fixed[1]![2] = 'south@example.com';
    await importFile(page, await xlsx([HEADER, ...fixed]));
    await page.getByTestId('import-done').getByText('新建 3 条，更新 0 条，跳过重复 0 条').waitFor();

    await page.getByRole('link', { name: buttonName('查看导入记录') }).click();
    const history = page.getByTestId('import-history');
    await history.getByText('已完成').waitFor();
    await history.getByText('失败').waitFor();
  });

  it('exports the customer list to Excel', async () => {
    const { page } = e2e;
    await login(page);
    await page.goto('/customers');
    await page.getByTestId('customer-table').getByText('华北贸易有限公司').waitFor();
    await page.getByTestId('export-customer').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^客户-\d{8}\.xlsx$/);
    const rows = await readDownload((await download.path())!);
    const nameColumn = rows[0]!.indexOf('客户名称');
    expect(nameColumn).toBeGreaterThanOrEqual(0);
    expect(rows.slice(1).map((r) => r[nameColumn]).sort()).toEqual(['华东贸易有限公司', '华北贸易有限公司', '华南贸易有限公司'].sort());
  });
});
