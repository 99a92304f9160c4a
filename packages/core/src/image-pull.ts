/**
 * When the Docker runtime pulls an image, as Docker's `docker run --pull`: `missing` (the
 * default) pulls an image the engine does not have; `always` pulls each image before its first
 * start in the gateway's life, even when present; `never` refuses an image that is not present.
 */
export const PULL_POLICIES = ["missing", "always", "never"] as const;

export type PullPolicy = (typeof PULL_POLICIES)[number];

/** One layer of an image being pulled, as the engine last reported it. */
export interface LayerProgress {
  /** The layer's short id, as the engine names it (12 hex digits). */
  id: string;
  /** The engine's words: `Waiting`, `Downloading`, `Extracting`, `Pull complete`, `Already exists`… */
  status: string;
  /** Bytes done of the current step (download, then extraction), when the engine says. */
  current?: number;
  total?: number;
}

/**
 * What happens while an image is pulled: for a progress display (`progress` carries every
 * layer's state each time one changes) and for the log (`started`, then `pulled` or `failed`).
 */
export type ImagePullEvent =
  | { kind: "started"; image: string; owner: string }
  | { kind: "progress"; image: string; layers: readonly LayerProgress[] }
  | {
      kind: "pulled";
      image: string;
      /** Layers of the image. */
      layers: number;
      /** Of those, the ones the engine had already (nothing downloaded). */
      present: number;
      /** Bytes downloaded (compressed layers). */
      bytes: number;
      durationMs: number;
    }
  | { kind: "failed"; image: string; reason: string };
