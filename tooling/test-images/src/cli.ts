// `pnpm --filter @mcpgw/test-images build-images [names...]`: builds the named test images (all
// when none are named) and prints each one's reference and how long it took.
import { GatewayError } from "@mcpgw/core";
import { ensureTestImageDetailed } from "./ensure-test-image.js";
import { TEST_IMAGE_NAMES, type TestImageName } from "./images.js";

const USAGE = `usage: build-images [${TEST_IMAGE_NAMES.join("|")}]...`;

function isTestImageName(name: string): name is TestImageName {
  return (TEST_IMAGE_NAMES as readonly string[]).includes(name);
}

async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = args.filter((name) => !isTestImageName(name));
  if (unknown.length > 0) {
    process.stderr.write(`build-images: no test image named ${unknown.join(", ")}\n${USAGE}\n`);
    return 2;
  }
  const names = args.length > 0 ? args.filter(isTestImageName) : [...TEST_IMAGE_NAMES];
  for (const name of names) {
    const started = performance.now();
    const { reference, built } = await ensureTestImageDetailed(name);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stdout.write(`${reference}  ${built ? "built" : "present"} in ${seconds} s\n`);
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
