// A temp home for the fault cases: its servers receive the fault suite's secret from a `.env`
// file given with `--secrets`, so every gateway the suite starts holds a secret the leak check
// can look for. And the memory a gateway holds, as the cases that stress it read it.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import type { TempHome } from "../../support/cli.js";
import type { GatewayProcess } from "../../support/gateway.js";
import type { CatalogEntry } from "../../support/servers.js";
import { writeHome } from "../../support/servers.js";
import { FAULT_SECRET, FAULT_SECRET_ENV, recordGateway } from "./leak-check.js";

/** The secret's name in the catalog; the `.env` file holds it under its normalised form, FAULT_API_KEY. */
export const FAULT_SECRET_NAME = "fault.api_key";

/** `entry` with the fault secret declared, so its server receives it as {@link FAULT_SECRET_ENV}. */
export function withFaultSecret(entry: CatalogEntry): CatalogEntry {
  return { ...entry, secrets: [{ name: FAULT_SECRET_NAME, env: FAULT_SECRET_ENV }] };
}

/**
 * Writes the home's catalog and registry (every server declaring the fault secret) and a
 * `.env` file holding the secret; returns the `gateway run` arguments that read it.
 */
export async function writeFaultHome(home: TempHome, servers: Record<string, CatalogEntry>, enabled?: readonly string[]): Promise<string[]> {
  await writeHome(home, Object.fromEntries(Object.entries(servers).map(([name, entry]) => [name, withFaultSecret(entry)])), enabled);
  const dotenv = home.path("fault.env");
  await writeFile(dotenv, `FAULT_API_KEY=${FAULT_SECRET}\n`, { mode: 0o600 });
  return ["--secrets", dotenv];
}

/**
 * Ends a case: stops its gateway, keeps what it printed for the leak check, removes its home.
 * Returns the containers the gateway left running (the harness removed them).
 */
export async function stopFaultGateway(gateway: GatewayProcess | undefined, home: TempHome | undefined): Promise<string[]> {
  const exit = await gateway?.stop();
  if (gateway) recordGateway("gateway", gateway);
  await home?.[Symbol.asyncDispose]();
  return exit?.leftoverContainers ?? [];
}

/** The resident set size of process `pid`, in bytes, from /proc/<pid>/status. */
export function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}
