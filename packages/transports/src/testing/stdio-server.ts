// Test support (not built): a process serving the test factory over its stdio, through the
// package's public `@mcpgw/transports/stdio` entry. Run it with tsx and
// `--conditions=@mcpgw/source`. What happens to sessions is reported on stderr, one line each.
import { serveStdio } from "@mcpgw/transports/stdio";
import { createTestSessionFactory } from "./test-session-factory.js";

const factory = createTestSessionFactory();
const session = serveStdio({
  createServer(info) {
    process.stderr.write(`session ${info.transport} ${info.era} ${info.id}\n`);
    return factory.createServer(info);
  },
  sessionClosed(id) {
    process.stderr.write(`closed ${id}\n`);
  },
});
await session.closed;
process.stderr.write("stdio ended\n");
