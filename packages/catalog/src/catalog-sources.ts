// Where each catalog came from, so `catalog update` can read it again: Docker's `catalog.json`
// (`{"catalogs": {NAME: {displayName, url, lastUpdate}}}`), read and written as Docker does,
// other content of the file kept.
import { readFileIfExists, updateFile } from "@mcpgw/user-files";
import { ErrorCode, GatewayError } from "@mcpgw/core";

/** One catalog's source: a URL, or the absolute path of the file it was imported from. */
export interface CatalogSource {
  displayName: string;
  url?: string;
  /** ISO time of the last import or update. */
  lastUpdate?: string;
}

type IndexFile = { catalogs?: Record<string, CatalogSource> } & Record<string, unknown>;

/** The sources recorded in `file` (a home's `catalog.json`), by catalog name. */
export async function readCatalogSources(file: string): Promise<Record<string, CatalogSource>> {
  const text = await readFileIfExists(file);
  return text === undefined ? {} : { ...parseIndex(file, text).catalogs };
}

/** Records (or, with `undefined`, forgets) the source of catalog `name`, keeping the rest of the file. */
export async function setCatalogSource(file: string, name: string, source: CatalogSource | undefined): Promise<void> {
  await updateFile(file, (text) => {
    const index = text === undefined ? {} : parseIndex(file, text);
    const catalogs = { ...index.catalogs };
    if (source === undefined) {
      // Nothing recorded, nothing to write (and no file made just to say so).
      if (!(name in catalogs)) return text;
      delete catalogs[name];
    } else catalogs[name] = source;
    return `${JSON.stringify({ ...index, catalogs }, null, 2)}\n`;
  });
}

function parseIndex(file: string, text: string): IndexFile {
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new GatewayError(ErrorCode.CONFIG_INVALID, `${file} is not valid JSON: ${(error as Error).message}`, { suggestion: "fix or remove the file; it only records where catalogs came from" });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new GatewayError(ErrorCode.CONFIG_INVALID, `${file} must hold a JSON object with "catalogs"`, { suggestion: "fix or remove the file" });
  }
  return value as IndexFile;
}
