import type { ImagePullEvent, LayerProgress } from "@mcpgw/core";
import { formatBytes } from "@mcpgw/core";

/** One line of the engine's pull stream (`POST /images/create`). */
export interface EnginePullEvent {
  status?: string;
  id?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

/** The engine names layers by the first 12 hex digits of their digest. */
const LAYER_ID = /^[0-9a-f]{12}$/;

/**
 * The state of one pull's layers, fed the engine's events in order. Events that are not about
 * a layer (`Pulling from …`, `Digest: …`, `Status: …`) are left out.
 */
export class PullProgress {
  readonly #layers = new Map<string, LayerProgress>();
  /** Each downloaded layer's size, from its `Downloading` events. */
  readonly #downloaded = new Map<string, number>();
  readonly #present = new Set<string>();

  /** Takes one event; says whether a layer changed. */
  take(event: EnginePullEvent): boolean {
    const { id, status } = event;
    if (id === undefined || status === undefined || !LAYER_ID.test(id) || status.startsWith("Pulling from")) return false;
    const { current, total } = event.progressDetail ?? {};
    if (status === "Already exists") this.#present.add(id);
    if (status === "Downloading" && total !== undefined && total > 0) this.#downloaded.set(id, total);
    this.#layers.set(id, { id, status, ...(current !== undefined && total !== undefined && total > 0 ? { current, total } : {}) });
    return true;
  }

  /** Every layer seen so far, in the order the engine first named them. */
  get layers(): LayerProgress[] {
    return [...this.#layers.values()];
  }

  /** The pull as finished, for the log and the display. */
  finished(image: string, durationMs: number): Extract<ImagePullEvent, { kind: "pulled" }> {
    const bytes = [...this.#downloaded.values()].reduce((sum, size) => sum + size, 0);
    return { kind: "pulled", image, layers: this.#layers.size, present: this.#present.size, bytes, durationMs };
  }
}

/**
 * The one line a finished pull leaves in the log.
 * @example describePull(event) // "pulled 127.0.0.1:5000/mcp/everything:1 (3 layers, 41.2 MB) in 2.3 s"
 */
export function describePull(pulled: Extract<ImagePullEvent, { kind: "pulled" }>): string {
  const { layers, present, bytes } = pulled;
  const parts =
    layers === 0
      ? ["up to date"]
      : [`${layers} layer${layers === 1 ? "" : "s"}`, ...(present > 0 ? [`${present} already present`] : []), ...(bytes > 0 ? [formatBytes(bytes)] : [])];
  return `pulled ${pulled.image} (${parts.join(", ")}) in ${(pulled.durationMs / 1000).toFixed(1)} s`;
}
