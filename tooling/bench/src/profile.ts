// Reading V8 CPU profiles (`node --cpu-prof`) of the gateway: self time by function and by
// package, so that the bench says where mcpgw's time goes, not only how much it takes.
import { copyFile, mkdir, readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function (or package), in ms and as a share of the busy (non-idle) time. */
export interface SelfTime {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  /** Sampled wall time, ms. */
  totalMs: number;
  /** Time not idle: running JS, GC, native code. */
  busyMs: number;
  topFunctions: SelfTime[];
  byPackage: SelfTime[];
  /**
   * For the heaviest functions, the caller chain (innermost first) that accounts for most of
   * their self time: native frames such as `writeUtf8String` say little without it.
   */
  hotPaths: { name: string; percent: number; callers: string[] }[];
  /** Requests answered in the profiled window, when the section counted them. */
  calls?: number;
}

/** Node flags that make a process write its CPU profile into `dir` when it exits. */
export function cpuProfileArgs(dir: string): string[] {
  return ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"];
}

/**
 * Summarizes the (first) `.cpuprofile` written into `dir`, and copies it to `keepAs` (to open
 * in Chrome DevTools or speedscope) when given.
 */
export async function summarizeProfileDir(dir: string, options: SummarizeOptions & { keepAs?: string } = {}): Promise<ProfileSummary> {
  const { keepAs } = options;
  const file = (await readdir(dir)).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile in ${dir}: did the gateway exit cleanly?`);
  if (keepAs) {
    await mkdir(dirname(keepAs), { recursive: true });
    await copyFile(join(dir, file), keepAs);
  }
  return summarizeProfile(JSON.parse(await readFile(join(dir, file), "utf8")) as CpuProfile, options);
}

export interface SummarizeOptions {
  /** Leave out the samples of the first `skipMs` (the process's start-up and the warm-up). */
  skipMs?: number;
  /** How many functions and packages to rank; default 15. */
  top?: number;
}

/** Self time by function and by package of one profile. */
export function summarizeProfile(profile: CpuProfile, options: SummarizeOptions = {}): ProfileSummary {
  const top = options.top ?? 15;
  const skipUs = (options.skipMs ?? 0) * 1000;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let clock = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    clock += delta;
    if (clock < skipUs) continue;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  // Per function, self time by caller chain.
  const chains = new Map<string, Map<string, number>>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    totalUs += us;
    if (frame.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    const fn = frameName(frame);
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    const chain = callers(id, parent, byId).join(" ← ");
    const perChain = chains.get(fn) ?? new Map<string, number>();
    perChain.set(chain, (perChain.get(chain) ?? 0) + us);
    chains.set(fn, perChain);
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const rank = (map: Map<string, number>, n: number): SelfTime[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: round(us / 1000), percent: round((100 * us) / Math.max(1, busyUs)) }));
  const topFunctions = rank(functions, top);
  const hotPaths = topFunctions.slice(0, 6).map(({ name }) => {
    const [chain, us] = [...(chains.get(name) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    return { name, percent: round((100 * us) / Math.max(1, busyUs)), callers: chain ? chain.split(" ← ") : [] };
  });
  return { totalMs: round(totalUs / 1000), busyMs: round(busyUs / 1000), topFunctions, byPackage: rank(packages, top), hotPaths };
}

function frameName(frame: ProfileNode["callFrame"]): string {
  return `${frame.functionName || "(anonymous)"} ${location(frame.url, frame.lineNumber)}`.trim();
}

/**
 * Up to `depth` callers of a node, innermost first: the first caller as it is, then only frames
 * outside Node's internals (whose stream plumbing would fill the chain and say nothing).
 */
function callers(id: number, parent: Map<number, number>, byId: Map<number, ProfileNode>, depth = 5): string[] {
  const chain: string[] = [];
  for (let p = parent.get(id); p !== undefined && chain.length < depth; p = parent.get(p)) {
    const frame = byId.get(p)!.callFrame;
    if (frame.functionName === "(root)") break;
    if (chain.length > 0 && (frame.url.startsWith("node:") || frame.url === "")) continue;
    chain.push(frameName(frame));
  }
  return chain;
}

/** `pkg/file.js:line` for node_modules code, a repo-relative path for ours, `node:x` for Node's. */
function location(url: string, line: number): string {
  if (!url) return "";
  const path = url.replace(/^file:\/\//, "");
  const inModules = path.lastIndexOf("/node_modules/");
  const short = inModules >= 0 ? path.slice(inModules + "/node_modules/".length) : path.startsWith("/") ? relative(process.cwd(), path) : path;
  return `${short}:${line + 1}`;
}

/** The npm package (or workspace package, or Node internals, or V8's own buckets) a frame is in. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node: (Node.js internals)";
  const path = url.replace(/^file:\/\//, "");
  const inModules = path.lastIndexOf("/node_modules/");
  if (inModules >= 0) {
    const rest = path.slice(inModules + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(path);
  if (workspace) return `mcpgw ${workspace[1]}/${workspace[2]}`;
  return path;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
