// The certificate and key of an HTTPS gateway: what a pair that does not load is told as (the
// file at fault named, the key never quoted), and reloads when the files change, in place or
// by a Kubernetes-style symlink swap, keeping the served pair through a broken renewal.
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogFields, Logger } from "@mcpgw/core";
import { GatewayError } from "@mcpgw/core";
import { createTestCa, within } from "@mcpgw/tooling/testing";
import type { TestCa, TestCertificate } from "@mcpgw/tooling/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LoadedTls, TlsFiles } from "./tls-files.js";
import { loadTlsFiles, watchTlsFiles } from "./tls-files.js";

interface Entry {
  level: string;
  message: string;
  fields: LogFields;
}

/** A logger whose entries a test can wait for, one after another. */
function waitingLogger(): Logger & { entries: Entry[]; next(): Promise<Entry> } {
  const entries: Entry[] = [];
  let read = 0;
  let wake: (() => void) | undefined;
  const record = (level: string) => (message: string, fields: LogFields = {}) => {
    entries.push({ level, message, fields });
    wake?.();
  };
  const next = async (): Promise<Entry> => {
    while (read >= entries.length) await new Promise<void>((resolve) => (wake = resolve));
    return entries[read++]!;
  };
  const logger: Logger = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error"), child: () => logger };
  return Object.assign(logger, { entries, next: () => within(next(), "the next log entry") });
}

/** Replaces `file` at once, as renewal tools do: written beside it, renamed over it. */
async function replace(file: string, content: string): Promise<void> {
  await writeFile(`${file}.new`, content);
  await rename(`${file}.new`, file);
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe("TLS files", () => {
  let root: string;
  let ca: TestCa;
  let first: TestCertificate;
  let second: TestCertificate;
  let third: TestCertificate;
  let dir: string;
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "mcpgw-tls-files-"));
    ca = await createTestCa(root);
    [first, second, third] = await Promise.all([ca.issue("first"), ca.issue("second"), ca.issue("third")]);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A fresh folder holding `cert` as cert.pem and `key`'s key as key.pem. */
  async function serveFiles(cert: TestCertificate, key: TestCertificate = cert): Promise<TlsFiles> {
    dir = await mkdtemp(join(root, "files-"));
    const files = { certFile: join(dir, "cert.pem"), keyFile: join(dir, "key.pem") };
    await copyFile(cert.certFile, files.certFile);
    await copyFile(key.keyFile, files.keyFile);
    return files;
  }

  it("loads a certificate and its key, with the subject and end date to tell", async () => {
    const loaded = await loadTlsFiles(await serveFiles(first));
    expect(loaded.subject).toBe("CN=first");
    expect(Date.parse(loaded.validTo)).toBeGreaterThan(Date.now());
    expect(String(loaded.material.cert)).toBe(first.cert);
  });

  it("names a missing file", async () => {
    const files = await serveFiles(first);
    await rm(files.keyFile);
    const error = await failure(loadTlsFiles(files));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe(`the TLS key file ${files.keyFile} does not exist`);
  });

  it("names a certificate file that holds no certificate", async () => {
    const files = await serveFiles(first);
    await writeFile(files.certFile, "not a certificate\n");
    const error = await failure(loadTlsFiles(files));
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.message).toContain(`the TLS certificate file ${files.certFile} holds no PEM certificate`);
  });

  it("names a key file that holds no key, without quoting it", async () => {
    const files = await serveFiles(first);
    const broken = first.key.replace(/\n[A-Za-z0-9+/=]{20,}\n/, "\nnot-base64-at-all\n");
    await writeFile(files.keyFile, broken);
    const error = await failure(loadTlsFiles(files));
    expect(error.message).toContain(`the TLS key file ${files.keyFile} holds no PEM private key`);
    for (const line of first.key.split("\n").filter((l) => l.length > 20)) expect(JSON.stringify(error)).not.toContain(line);
  });

  it("names a key that is not the certificate's, without quoting it", async () => {
    const files = await serveFiles(first, second);
    const error = await failure(loadTlsFiles(files));
    expect(error.message).toBe(`the TLS key file ${files.keyFile} is not the key of the certificate in ${files.certFile}`);
    for (const line of second.key.split("\n").filter((l) => l.length > 20)) expect(error.message + JSON.stringify(error.data)).not.toContain(line);
  });

  describe("watched", () => {
    /** Watches `files`, served with `served`; what `apply` is given is recorded. */
    function watch(files: TlsFiles, served: LoadedTls) {
      const logger = waitingLogger();
      const applied: LoadedTls[] = [];
      stops.push(watchTlsFiles(files, served, (next) => applied.push(next), logger));
      return { logger, applied };
    }

    it("applies a renewed pair written over the old one, telling its subject and end date", async () => {
      const files = await serveFiles(first);
      const { logger, applied } = watch(files, await loadTlsFiles(files));
      await writeFile(files.keyFile, second.key);
      await writeFile(files.certFile, second.cert);
      // A file seen half written, or the new key with the old certificate, is told and the old pair kept.
      let entry = await logger.next();
      while (entry.level === "warn") entry = await logger.next();
      expect(entry).toMatchObject({ level: "info", message: "TLS certificate reloaded: new connections get it", fields: { subject: "CN=second", cert: files.certFile } });
      expect(applied.map((t) => String(t.material.cert))).toEqual([second.cert]);
      for (const e of logger.entries) expect(JSON.stringify(e)).not.toContain(second.key.split("\n")[1]!);
    });

    it("keeps the served pair through a renewal half done, and applies it once complete", async () => {
      const files = await serveFiles(first);
      const { logger, applied } = watch(files, await loadTlsFiles(files));
      await replace(files.certFile, third.cert);
      expect(await logger.next()).toMatchObject({
        level: "warn",
        message: "TLS certificate not reloaded: still serving the previous one",
        fields: { error: `the TLS key file ${files.keyFile} is not the key of the certificate in ${files.certFile}` },
      });
      expect(applied).toEqual([]);
      await replace(files.keyFile, third.key);
      expect(await logger.next()).toMatchObject({ level: "info", fields: { subject: "CN=third" } });
      expect(applied.map((t) => t.subject)).toEqual(["CN=third"]);
    });

    it("applies a pair swapped in by renaming a symlink, as a Kubernetes secret volume does", async () => {
      dir = await mkdtemp(join(root, "volume-"));
      const version = async (name: string, cert: TestCertificate) => {
        await mkdir(join(dir, name));
        await writeFile(join(dir, name, "tls.crt"), cert.cert);
        await writeFile(join(dir, name, "tls.key"), cert.key);
      };
      await version("..v1", first);
      await symlink("..v1", join(dir, "..data"));
      await symlink("..data/tls.crt", join(dir, "tls.crt"));
      await symlink("..data/tls.key", join(dir, "tls.key"));
      const files = { certFile: join(dir, "tls.crt"), keyFile: join(dir, "tls.key") };
      const { logger, applied } = watch(files, await loadTlsFiles(files));

      await version("..v2", second);
      await symlink("..v2", join(dir, "..data_tmp"));
      await rename(join(dir, "..data_tmp"), join(dir, "..data"));
      expect(await logger.next()).toMatchObject({ level: "info", fields: { subject: "CN=second" } });
      expect(applied.map((t) => String(t.material.cert))).toEqual([await readFile(files.certFile, "utf8")]);
    });
  });
});
