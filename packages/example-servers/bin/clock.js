#!/usr/bin/env node
// The `mcpgw-example-clock` command: the clock MCP server over stdio.
import { main } from "../dist/clock.js";

await main();
