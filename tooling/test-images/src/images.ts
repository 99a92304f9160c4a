// What each test image is made of. Adding an image: a name here and a recipe below.
import { IMAGE_NODE_PATH } from "./base-rootfs.js";
import { binPath, installNpmPackage } from "./npm-package.js";
import { describeWorkspacePackage } from "./workspace-package.js";

/** The names of the test images {@link ensureTestImage} builds. */
export const TEST_IMAGE_NAMES = ["node", "everything", "example-clock", "example-notes", "gateway"] as const;

/**
 * A test image: `node` (just node; pass `-e <script>` as the command), `everything` (the MCP
 * reference server `@modelcontextprotocol/server-everything` over stdio), `example-clock` and
 * `example-notes` (this repository's example servers over stdio), `gateway` (`@mcpgw/server`,
 * the deployable HTTP gateway, set up as apps/server/Dockerfile sets up its image).
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
  /** Empty folders the image has, by path without the leading `/`, with their modes. */
  emptyDirs?: Readonly<Record<string, number>>;
}

const PATH = "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * What apps/server/Dockerfile's runtime stage sets, as import changes. The health check runs
 * more often than the Dockerfile's so that tests see "healthy" soon, and is sized for a busy
 * 2-core machine: a check (a node start-up inside the container) may take 30 s before it counts
 * as failed, and failures in the first minute, while the gateway starts, do not count at all.
 */
const GATEWAY_CHANGES = [
  `HEALTHCHECK --interval=2s --timeout=30s --start-period=60s --retries=3 CMD ${JSON.stringify([IMAGE_NODE_PATH, "/app/dist/healthcheck.js"])}`,
  "ENV NODE_ENV=production",
  "ENV MCPGW_HOME=/data",
  "ENV MCPGW_HOST=0.0.0.0",
  "ENV MCPGW_SECRETS=store:env:/run/secrets",
  "EXPOSE 8811",
  "USER node",
];

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
    case "gateway": {
      const server = await describeWorkspacePackage("apps/server");
      return {
        filesHash: server.inputsHash,
        changes: [entrypoint(["/app/dist/index.js"]), "WORKDIR /app", PATH, ...GATEWAY_CHANGES, label],
        appRoot: server.deploy,
        // The Dockerfile's /data belongs to `node`; an import makes every file root's, so the
        // test image's is writable by all, like /tmp. /run/secrets is in the default chain.
        emptyDirs: { data: 0o1777, "run/secrets": 0o755 },
      };
    }
  }
}
