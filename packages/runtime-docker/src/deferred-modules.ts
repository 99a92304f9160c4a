// dockerode requires, at load time, two modules mcpgw does not use on its paths: BuildKit's gRPC
// session support (`dockerode/lib/session.js`, used only by `buildImage` with BuildKit) and
// docker-modem's SSH agent (`docker-modem/lib/ssh.js`, used only for `ssh://` engines). Together
// they are about two thirds of dockerode's load time, paid by the first container start.
// Both export a single function; each is registered in the require cache as a function that
// loads the real module on its first call, so they keep working when they are used.
import { createRequire, Module } from "node:module";

let deferred = false;

/** Registers the deferred stand-ins once, before dockerode is first loaded. */
export function deferUnusedDockerodeModules(): void {
  if (deferred) return;
  deferred = true;
  const requireHere = createRequire(import.meta.url);
  const dockerodeMain = requireHere.resolve("dockerode");
  const requireInDockerode = createRequire(dockerodeMain);
  const modemMain = requireInDockerode.resolve("docker-modem");
  defer(requireInDockerode.resolve("./session.js"));
  defer(createRequire(modemMain).resolve("./ssh.js"));
}

function defer(path: string): void {
  const cache = Module.createRequire(path).cache; // the one require cache, as every require sees it
  if (cache[path]) return;
  let real: ((...args: unknown[]) => unknown) | undefined;
  const stand = new Module(path);
  stand.filename = path;
  stand.loaded = true;
  stand.exports = function deferredModule(this: unknown, ...args: unknown[]): unknown {
    if (!real) {
      delete cache[path];
      real = Module.createRequire(path)(path) as (...args: unknown[]) => unknown;
      cache[path] = Object.assign(stand, { exports: real });
    }
    return real.apply(this, args);
  };
  cache[path] = stand;
}
