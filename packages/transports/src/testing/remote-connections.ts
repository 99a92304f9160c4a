// Remote connections opened by a test, and closed after each: the remote connector against real
// servers on 127.0.0.1, with a v1 SDK client on top when a test wants one.
import { silentLogger } from "@mcpgw/core";
import type { Connection, RemoteServerSpec } from "@mcpgw/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { createRemoteConnector } from "../connect/remote-connector.js";
import type { RemoteConnectorOptions } from "../connect/remote-connector.js";

const opened: Connection[] = [];

/** Opens `spec` through a remote connector with `options`; {@link closeRemotes} closes it. */
export async function connectRemote(spec: RemoteServerSpec, options: RemoteConnectorOptions = {}): Promise<Connection> {
  const connection = await createRemoteConnector(options).connect(spec, { logger: silentLogger });
  opened.push(connection);
  return connection;
}

/** A v1 SDK client on a connection's transport, initialized. */
export async function v1Client(connection: Connection): Promise<Client> {
  const client = new Client({ name: "transports-test", version: "0.0.0" });
  await client.connect(connection.transport as unknown as Transport);
  return client;
}

/** Closes every connection {@link connectRemote} opened; for `afterEach`. */
export async function closeRemotes(): Promise<void> {
  await Promise.all(opened.splice(0).map((connection) => connection.close()));
}
