import type { SseSession } from "./legacy-sse.js";
import type { StreamableSession } from "./streamable-session.js";

/** A session the HTTP app keeps: 2025-11-25 Streamable HTTP, or legacy SSE. */
export type HttpSession = StreamableSession | SseSession;
