import { ErrorCode, GatewayError } from "@mcpgw/core";

/** Names of catalogs in a store: they are file stems, so nothing that could leave the folder. */
export const CATALOG_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Whether `name` can name a catalog in a store. */
export function isCatalogName(name: string): boolean {
  return CATALOG_NAME.test(name);
}

/** Throws INVALID_ARGUMENT unless `name` can name a catalog in a store. */
export function assertCatalogName(name: string): void {
  if (!isCatalogName(name)) {
    throw new GatewayError(
      ErrorCode.INVALID_ARGUMENT,
      `${JSON.stringify(name)} is not a catalog name: use letters, digits, '_', '.', '-', starting with a letter or digit`,
    );
  }
}
