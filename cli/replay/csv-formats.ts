import { basename } from 'node:path';
import { ReplayInputError, UsageError } from '../cli-errors.ts';
import {
  CLICK_TYPES,
  ClickstreamMapper,
  type ClickType,
  REES46_COLUMNS,
  REES46_TYPES,
  Rees46Mapper,
} from './rees46.ts';
import type { SourceEvent } from './sources.ts';
import { UCI_INVOICE_COLUMNS, UciInvoiceMapper, UciRowError } from './uci-invoices.ts';

/** The fields a `--columns` mapping names, and those it must name. */
export const COLUMN_FIELDS = ['customer', 'time', 'type', 'product', 'price', 'cart', 'category'] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];
const REQUIRED_FIELDS: readonly ColumnField[] = ['customer', 'time', 'type'];
export type ColumnMap = Partial<Record<ColumnField, string>> & Record<'customer' | 'time' | 'type', string>;

/** How the rows of a CSV file become events: chosen from its header, or from `--columns`. */
export interface CsvFormat {
  name: string;
  /** Whom to credit for a known public data set, printed with the report. */
  credit?: string;
  /** `line` is the row's line number in the file, for error messages. */
  map(row: Record<string, string>, line: number): SourceEvent | undefined;
}

const pairs = (option: string, text: string): Array<[string, string]> =>
  text.split(',').map((pair) => {
    const [key, value, extra] = pair.split('=').map((part) => part.trim());
    if (!key || !value || extra !== undefined) {
      throw new UsageError(`${option}: "${pair}" is not name=value (e.g. ${option} customer=user_id,time=ts)`);
    }
    return [key, value];
  });

/** `customer=user_id,time=ts,type=event,…`: which column holds which field. */
export function parseColumns(text: string): ColumnMap {
  const map: Partial<Record<ColumnField, string>> = {};
  for (const [field, column] of pairs('--columns', text)) {
    if (!(COLUMN_FIELDS as readonly string[]).includes(field)) {
      throw new UsageError(`--columns: unknown field "${field}"; the fields are ${COLUMN_FIELDS.join(', ')}`);
    }
    map[field as ColumnField] = column;
  }
  const missing = REQUIRED_FIELDS.filter((field) => !map[field]);
  if (missing.length > 0)
    throw new UsageError(`--columns must name ${missing.join(', ')} (it names ${Object.keys(map).join(', ')})`);
  return map as ColumnMap;
}

/** `view=product.viewed,buy=order.placed`: which values of the type column become which detail-type. */
export function parseTypes(text: string): Record<string, ClickType> {
  const types: Record<string, ClickType> = {};
  for (const [value, detailType] of pairs('--types', text)) {
    if (!(CLICK_TYPES as readonly string[]).includes(detailType)) {
      throw new UsageError(`--types: "${detailType}" is not one of ${CLICK_TYPES.join(', ')}`);
    }
    types[value] = detailType as ClickType;
  }
  return types;
}

const EPOCH = /^\d{10}(\d{3})?$/;
const SPACED = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(:\d{2}(\.\d+)?)?)( UTC)?$/;

/** ISO 8601 with a zone, `YYYY-MM-DD HH:MM[:SS] [UTC]` (read as UTC), or epoch seconds or milliseconds. */
export function parseTime(text: string): string | undefined {
  const value = text.trim();
  if (EPOCH.test(value)) return new Date(Number(value) * (value.length === 10 ? 1000 : 1)).toISOString();
  const spaced = SPACED.exec(value);
  const iso = spaced ? `${spaced[1]}T${spaced[2]}Z` : value;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || !/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function mappedFormat(path: string, columns: ColumnMap, types: Record<string, ClickType>, currency: string): CsvFormat {
  const clicks = new ClickstreamMapper(basename(path), currency);
  const read = (row: Record<string, string>, field: ColumnField) => {
    const column = columns[field];
    return column === undefined ? '' : (row[column] ?? '');
  };
  return {
    name: `columns ${Object.entries(columns)
      .map(([field, column]) => `${field}=${column}`)
      .join(',')}`,
    map: (row, line) => {
      const occurredAt = parseTime(read(row, 'time'));
      if (!occurredAt) {
        throw new ReplayInputError(
          `${path}:${line}: column ${columns.time} "${read(row, 'time')}" is not a time ` +
            '(ISO 8601 with a zone, "YYYY-MM-DD HH:MM:SS" in UTC, or epoch seconds or milliseconds)',
        );
      }
      const customerId = read(row, 'customer');
      if (!customerId) throw new ReplayInputError(`${path}:${line}: column ${columns.customer} is empty`);
      const type = types[read(row, 'type')];
      return clicks.map({
        occurredAt,
        type,
        customerId,
        productId: read(row, 'product'),
        price: read(row, 'price'),
        session: read(row, 'cart'),
        category: read(row, 'category'),
      });
    },
  };
}

const hasAll = (header: readonly string[], columns: readonly string[]) => columns.every((c) => header.includes(c));

export interface CsvFormatOptions {
  columns?: ColumnMap;
  types?: Record<string, ClickType>;
  /** Currency of the prices in a `--columns` file (default USD). */
  currency?: string;
}

/**
 * The format of a CSV file from its header: the REES46 clickstream, the UCI invoices, or the `--columns` mapping.
 * A header that is none of them stops the replay with the columns each would need.
 */
export function csvFormatOf(header: readonly string[], path: string, options: CsvFormatOptions): CsvFormat {
  if (options.columns) {
    const missing = Object.values(options.columns).filter((column) => !header.includes(column));
    if (missing.length > 0) {
      throw new ReplayInputError(
        `${path}: --columns names ${missing.join(', ')}, not in the header (${header.join(', ')})`,
      );
    }
    const types = options.types ?? { ...REES46_TYPES, ...Object.fromEntries(CLICK_TYPES.map((t) => [t, t])) };
    return mappedFormat(path, options.columns, types, options.currency ?? 'USD');
  }
  if (hasAll(header, REES46_COLUMNS)) {
    const mapper = new Rees46Mapper(basename(path));
    return {
      name: 'REES46 clickstream',
      credit: 'REES46 / Open CDP, Kaggle data set mkechinov/ecommerce-behavior-data-from-multi-category-store',
      map: (row) => mapper.map(row),
    };
  }
  if (hasAll(header, UCI_INVOICE_COLUMNS)) {
    const mapper = new UciInvoiceMapper(basename(path));
    return {
      name: 'UCI Online Retail invoices',
      credit: 'Daqing Chen, Sai Liang Sain, Kun Guo (2012), Online Retail, UCI Machine Learning Repository, CC BY 4.0',
      map: (row) => {
        try {
          return mapper.map(row);
        } catch (error) {
          if (error instanceof UciRowError) throw new ReplayInputError(`${path}: ${error.message}`);
          throw error;
        }
      },
    };
  }
  throw new ReplayInputError(
    `${path}: the header (${header.join(', ') || 'empty'}) is not one the replay knows. Expected the REES46 ` +
      `clickstream columns (${REES46_COLUMNS.join(', ')}), the UCI invoice columns (${UCI_INVOICE_COLUMNS.join(', ')}), ` +
      'or name yours with --columns customer=<column>,time=<column>,type=<column>[,product=…,price=…,cart=…,category=…] ' +
      'and --types <value>=<detail-type>,…',
  );
}
