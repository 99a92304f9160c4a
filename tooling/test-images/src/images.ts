// What each test image is made of. Adding an image: a name here and a recipe below.
import { IMAGE_NODE_PATH } from "./base-rootfs.js";
import { binPath, installNpmPackage } from "./npm-package.js";
import { describeWorkspacePackage } from "./workspace-package.js";

/** The names of the test images {@link ensureTestImage} builds. */
export const TEST_IMAGE_NAMES = ["node", "everything", "example-clock", "example-notes"] as const;

/**
 * A test image: `node` (just node; pass `-e <script>` as the command), `everything` (the MCP
 * reference server `@modelcontextprotocol/server-everything` over stdio), `example-clock` and
 * `example-notes` (this repository's example servers over stdio). The gateway's own image is
 * the one apps/server/Dockerfile builds: see ensureServerImage.
 */
export type TestImageName = (typeof TEST_IMAGE_NAMES)[number];

/** The repository every test image is in: `mcpgw-test/<name>:<content hash>`. */
export const TEST_IMAGE_REPOSITORY = "mcpgw-test";

/** The label on every test image (its value is the image's name), which finds untagged leftovers too. */
export const TEST_IMAGE_LABEL = "mcpgw-test";

/** The server-everything release the `everything` image runs. */
export const EVERYTHING_PACKAGE = { name: "@modelcontextprotocol/server-everything", version: "2026.8.31", bin: "mcp-server-everything" };

/** What an image is made of, besides the base rootfs. */
export interface ImagePlan {
  /** Hash of the image's own files; with the base's hash and `changes` it makes the tag. */
  filesHash: string;
  /** Dockerfile instructions applied at import. */
  changes: string[];
  /** Makes the folder whose `app/` becomes /app; absent for images without one. */
  appRoot?: () => Promise<string>;
}

const PATH = "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function entrypoint(args: string[]): string {
  return `ENTRYPOINT ${JSON.stringify([IMAGE_NODE_PATH, ...args])}`;
}

/** Works out an image's plan; may install or build its files when the cache lacks them. */
export async function planImage(name: TestImageName): Promise<ImagePlan> {
  const label = `LABEL ${TEST_IMAGE_LABEL}=${name}`;
  switch (name) {
    case "node":
      return { filesHash: "", changes: [entrypoint([]), PATH, label] };
    case "everything": {
      const { name: pkg, version, bin } = EVERYTHING_PACKAGE;
      const installed = await installNpmPackage(pkg, version);
      const main = `/app/node_modules/${pkg}/${binPath(installed.manifest, bin)}`;
      return {
        filesHash: installed.contentHash,
        changes: [entrypoint([main, "stdio"]), "WORKDIR /app", PATH, label],
        appRoot: () => Promise.resolve(installed.root),
      };
    }
    case "example-clock":
    case "example-notes": {
      const servers = await describeWorkspacePackage("packages/example-servers");
      const script = name === "example-clock" ? "clock" : "notes";
      return {
        filesHash: servers.inputsHash,
        changes: [entrypoint([`/app/dist/${script}.js`]), "WORKDIR /app", PATH, label],
        appRoot: servers.deploy,
      };
    }
  }
}
