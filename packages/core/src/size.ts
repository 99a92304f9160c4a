import { ErrorCode, GatewayError } from "./errors.js";

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * Bytes of a size as Docker writes it (`512m`, `2Gb`, `1.5GiB`, `1048576`): units are binary,
 * as Docker's `--memory` takes them.
 * @example parseSize("2Gb") // 2147483648
 */
export function parseSize(size: string | number): number {
  if (typeof size === "number") return size;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(size.trim());
  if (!match) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `"${size}" is not a size: write it like 512Mb or 2Gb`);
  return Math.round(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
}

/**
 * A byte count for people, in decimal units as Docker prints them (`41.2 MB`).
 * @example formatBytes(41_234_567) // "41.2 MB"
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = -1;
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
