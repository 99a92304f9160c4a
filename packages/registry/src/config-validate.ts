import type { ConfigItem } from "@mcpgw/catalog";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { ConfigFile } from "./config-file.js";

type PropertySchema = Record<string, unknown>;

/**
 * Checks a server's config values against its catalog entry's `config:` list (a JSON-Schema-like
 * object per config name): required keys present, types and enums right. One error per problem,
 * each naming the server and key and saying how to set it.
 */
export function validateServerConfig(server: string, items: readonly ConfigItem[], config: ConfigFile): GatewayError[] {
  const errors: GatewayError[] = [];
  for (const item of items) {
    const scope = item.name ?? server;
    const values = config[scope];
    const properties = (item.properties ?? {}) as Record<string, PropertySchema>;
    if (values !== undefined && !isObject(values)) {
      errors.push(new GatewayError(ErrorCode.CONFIG_INVALID, `config "${scope}" of server "${server}" must be a map of values`));
      continue;
    }
    for (const key of item.required ?? []) {
      if (values?.[key] === undefined || values[key] === null) {
        const example = exampleFor(properties[key]);
        errors.push(
          new GatewayError(ErrorCode.CONFIG_MISSING, `server "${server}" needs config value ${scope}.${key}${describe(properties[key])}`, {
            data: { server, key: `${scope}.${key}` },
            suggestion: `mcpgw config write '${scope}: {${key}: ${example}}'`,
          }),
        );
      }
    }
    for (const [key, value] of Object.entries(values ?? {})) {
      const schema = properties[key];
      if (!schema || value === undefined || value === null) continue;
      const problem = checkValue(value, schema);
      if (problem) {
        errors.push(
          new GatewayError(ErrorCode.CONFIG_INVALID, `config value ${scope}.${key} of server "${server}" ${problem}`, {
            data: { server, key: `${scope}.${key}` },
            suggestion: `mcpgw config write '${scope}: {${key}: ${exampleFor(schema)}}'`,
          }),
        );
      }
    }
  }
  return errors;
}

function checkValue(value: unknown, schema: PropertySchema): string | undefined {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === "string" ? [schema.type] : [];
  if (types.length > 0 && !types.some((t) => isType(value, t))) return `must be ${types.join(" or ")}, not ${typeName(value)}`;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    return `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`;
  }
  if (Array.isArray(value) && isObject(schema.items)) {
    for (const [i, item] of value.entries()) {
      const problem = checkValue(item, schema.items);
      if (problem) return `[${i}] ${problem}`;
    }
  }
  return undefined;
}

function isType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return true;
  }
}

function typeName(value: unknown): string {
  return Array.isArray(value) ? "a list" : isObject(value) ? "a map" : typeof value;
}

function exampleFor(schema: PropertySchema | undefined): string {
  switch (schema?.type) {
    case "array":
      return "[...]";
    case "boolean":
      return "true";
    case "number":
    case "integer":
      return "0";
    default:
      return '"..."';
  }
}

function describe(schema: PropertySchema | undefined): string {
  return typeof schema?.description === "string" ? ` (${schema.description})` : "";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
