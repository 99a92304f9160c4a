// The image's HEALTHCHECK: `node dist/healthcheck.js` exits 0 when the gateway's /health
// answers 200 within 3 s, 1 otherwise. The image has no curl or wget.
import { get as httpGet } from "node:http";
import { get as httpsGet } from "node:https";
import { healthUrl } from "./health-url.js";

const url = healthUrl(process.env);
// Unhealthy unless /health says otherwise, however the request ends.
process.exitCode = 1;
// Over HTTPS the certificate is not verified: this probe asks the process beside it, on
// loopback, whether it is alive; the certificate names the public host, not 127.0.0.1, and its
// CA need not be in the image. Clients verify it; the probe only checks that /health answers.
const signal = AbortSignal.timeout(3_000);
const request = url.startsWith("https:") ? httpsGet(url, { rejectUnauthorized: false, signal }) : httpGet(url, { signal });
request.on("response", (response) => {
  if (response.statusCode === 200) process.exitCode = 0;
  response.resume();
});
request.on("error", () => {});
