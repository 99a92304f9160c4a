// `pnpm bench [--quick] [--only stdio,http,startup,coldCall,scale,search] [--no-profile] [--out FILE]
//`: runs the bench, prints its tables and writes them with its JSON
// (results/latest.{json,txt}, or results/quick.{json,txt} for --quick, so that a smoke run never
// overwrites a full one).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FULL, QUICK } from "./config.js";
import { BENCH_DIR } from "./paths.js";
import { formatReport } from "./report.js";
import type { SectionKey } from "./results.js";
import { SECTIONS } from "./results.js";
import { runBench } from "./run-bench.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    "no-profile": { type: "boolean", default: false },
    out: { type: "string" },
    help: { type: "boolean", default: false },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(`usage: pnpm bench [--quick] [--only ${SECTIONS.join(",")}] [--no-profile] [--out FILE]\n`);
  process.exit(0);
}

const only = values.only?.split(",").map((s) => s.trim()) as SectionKey[] | undefined;
const unknown = only?.filter((s) => !SECTIONS.includes(s));
if (unknown?.length) {
  process.stderr.write(`unknown section(s): ${unknown.join(", ")}; there are: ${SECTIONS.join(", ")}\n`);
  process.exit(2);
}
const config = { ...(values.quick ? QUICK : FULL) };
if (values["no-profile"]) config.profile = false;
// Every wait inside is bounded; this bounds the whole, whatever happens.
setTimeout(() => {
  process.stderr.write(`[bench] gave up after ${config.limitMs / 60_000} minutes\n`);
  process.exit(1);
}, config.limitMs).unref();
const out = values.out ? resolve(process.env.INIT_CWD ?? process.cwd(), values.out) : join(BENCH_DIR, "results", values.quick ? "quick.json" : "latest.json");

const results = await runBench(config, { ...(only ? { only } : {}), onProgress: (m) => process.stderr.write(`[bench] ${m}\n`) });
const report = formatReport(results);
process.stdout.write(report);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
await writeFile(out.replace(/\.json$/, "") + ".txt", report);
process.stdout.write(`\nJSON: ${out}\n`);
process.exit(Object.keys(results.errors).length > 0 ? 1 : 0);
