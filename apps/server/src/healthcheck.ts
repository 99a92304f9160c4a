// The image's HEALTHCHECK: `node dist/healthcheck.js` exits 0 when the gateway's /health
// answers 200 within 3 s, 1 otherwise. The image has no curl or wget.
import { healthUrl } from "./health-url.js";

try {
  const response = await fetch(healthUrl(process.env), { signal: AbortSignal.timeout(3_000) });
  process.exitCode = response.status === 200 ? 0 : 1;
} catch {
  process.exitCode = 1;
}
