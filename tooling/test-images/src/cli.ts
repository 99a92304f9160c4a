// `pnpm --filter @mcpgw/test-images build-images [names...]`: builds the named test images (all
// when none are named) and prints each one's reference and how long it took. `server` is the
// image apps/server/Dockerfile builds (its size is printed too), `base` the node:20-bookworm-slim
// it is built FROM; neither is built unless named.
import { GatewayError } from "@mcpgw/core";
import { ensureTestImageDetailed } from "./ensure-test-image.js";
import { TEST_IMAGE_NAMES } from "./images.js";
import { ensureBaseImage } from "./node-base-image.js";
import { ensureServerImage } from "./server-image.js";

const IMAGE_NAMES = [...TEST_IMAGE_NAMES, "base", "server"] as const;
type ImageName = (typeof IMAGE_NAMES)[number];

const USAGE = `usage: build-images [${IMAGE_NAMES.join("|")}]...`;

function isImageName(name: string): name is ImageName {
  return (IMAGE_NAMES as readonly string[]).includes(name);
}

/** Makes one image; its reference, whether it was built, and what else is worth saying. */
async function ensure(name: ImageName): Promise<{ reference: string; built: boolean; note?: string }> {
  switch (name) {
    case "base": {
      const base = await ensureBaseImage();
      return { ...base, note: base.standIn ? "stand-in" : "official" };
    }
    case "server": {
      const server = await ensureServerImage();
      return { ...server, note: `${server.size} bytes (${(server.size / 1e6).toFixed(0)} MB)${server.standInBase ? ", on the stand-in base" : ""}` };
    }
    default:
      return ensureTestImageDetailed(name);
  }
}

async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = args.filter((name) => !isImageName(name));
  if (unknown.length > 0) {
    process.stderr.write(`build-images: no test image named ${unknown.join(", ")}\n${USAGE}\n`);
    return 2;
  }
  const names = args.length > 0 ? args.filter(isImageName) : [...TEST_IMAGE_NAMES];
  for (const name of names) {
    const started = performance.now();
    const { reference, built, note } = await ensure(name);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stdout.write(`${reference}  ${built ? "built" : "present"} in ${seconds} s${note ? `  ${note}` : ""}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof GatewayError) {
      process.stderr.write(`build-images: ${error.message}\n`);
    } else {
      // Not an expected failure: a bug, so the stack helps.
      process.stderr.write(`build-images: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
