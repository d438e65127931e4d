import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ImportSheet } from './org-import.util.js';

type XlsxInput = Parameters<ExcelJS.Xlsx['load']>[0];

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/**
 * Text of a CSV file: UTF-8 (with or without BOM), or GB18030/GBK as Excel saves CSV on
 * Chinese Windows.
 */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Reads the first sheet of an .xlsx or .csv file as text cells (row 1 is the header). */
export async function readSheet(fileName: string, bytes: Buffer): Promise<ImportSheet | null> {
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (/\.csv$/i.test(fileName)) {
      sheet = await workbook.csv.read(Readable.from([decodeCsv(bytes)]), {
        map: (value: unknown) => value,
      });
    } else {
      await workbook.xlsx.load(bytes as unknown as XlsxInput);
      sheet = workbook.worksheets[0];
    }
  } catch {
    return null;
  }
  if (!sheet) return null;
  const width = Math.max(sheet.columnCount, 1);
  const textOf = (row: ExcelJS.Row) =>
    Array.from({ length: width }, (_, i) => row.getCell(i + 1).text.trim());
  const headers = textOf(sheet.getRow(1));
  const rows: ImportSheet['rows'] = [];
  for (let n = 2; n <= sheet.rowCount; n++) rows.push({ row: n, cells: textOf(sheet.getRow(n)) });
  return { headers, rows };
}

/** A cell that a spreadsheet would not run as a formula (CSV/formula injection). */
export function safeCell(value: unknown): string | number {
  if (typeof value === 'number') return value;
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : typeof value === 'boolean' || typeof value === 'bigint'
          ? String(value)
          : (JSON.stringify(value) ?? '');
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export interface SheetSpec {
  name: string;
  headers: string[];
  rows: unknown[][];
  widths?: number[];
  /** Format every cell as text (codes and phone numbers keep their leading zeros). */
  textColumns?: boolean;
}

/** Builds an .xlsx file from sheets (the first is the one people fill in). */
export async function writeXlsx(
  sheets: SheetSpec[],
  decorate?: (workbook: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '述评 Shuping';
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    sheet.columns = spec.headers.map((header, i) => ({
      header,
      width: spec.widths?.[i] ?? 18,
      style: spec.textColumns ? { numFmt: '@' } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of spec.rows) sheet.addRow(row.map(safeCell));
  }
  decorate?.(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Builds a UTF-8 CSV (with BOM, so Excel shows Chinese correctly). */
export function writeCsv(headers: string[], rows: unknown[][]): Buffer {
  const quote = (value: unknown) => {
    const text = String(safeCell(value));
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [headers, ...rows].map((r) => r.map(quote).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
