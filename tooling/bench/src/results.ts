import type { ColdCallResult } from "./sections/cold-call.js";
import type { HttpResult } from "./sections/http-throughput.js";
import type { ScaleResult } from "./sections/scale.js";
import type { SearchResult } from "./sections/search.js";
import type { StartupResult } from "./sections/startup.js";
import type { StdioResult } from "./sections/stdio-overhead.js";

/** The sections of the bench, by key, in the order they run. */
export const SECTIONS = ["stdio", "http", "startup", "coldCall", "scale", "search"] as const;
export type SectionKey = (typeof SECTIONS)[number];

export interface SectionResults {
  stdio?: StdioResult;
  http?: HttpResult;
  startup?: StartupResult;
  coldCall?: ColdCallResult;
  scale?: ScaleResult;
  search?: SearchResult;
}

/** One of the project's targets, against this run's numbers. */
export interface TargetCheck {
  section: SectionKey;
  target: string;
  measured: string;
  /** undefined when this run could not measure it. */
  met: boolean | undefined;
}

/** What `pnpm bench` writes to results/latest.json. */
export interface BenchResults {
  meta: {
    startedAt: string;
    durationS: number;
    quick: boolean;
    node: string;
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    /** 1-minute load average when the run started and ended: other work on the machine skews results. */
    loadAverage: { start: number; end: number };
    versions: Record<string, string>;
  };
  sections: SectionResults;
  /** Sections that failed, with why. */
  errors: Partial<Record<SectionKey, string>>;
  targets: TargetCheck[];
}
