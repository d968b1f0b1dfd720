// A Redis server of a test's own, for fault tests that stop and restart it: the shared Redis
// (127.0.0.1:6379) is never stopped (team conventions). No persistence, so a restart comes
// back empty, as a production Redis without persistence does (DESIGN.md, rule 1).
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM; it saves nothing) and resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty; resolves once it accepts connections. */
  start(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.kill("SIGTERM");
      await exited;
    },
    async start() {
      if (child) throw new Error(`redis-server on port ${port} is running already`);
      child = await launch(port);
    },
  };
  await server.start();
  return server;
}

/** redis-server on 127.0.0.1:port, no persistence; resolves when it says it accepts connections. */
function launch(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: string) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) {
        cleanup();
        resolve(child);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${output}`));
    };
    const cleanup = () => {
      child.stdout?.off("data", onData);
      child.stdout?.resume(); // keep draining its log so it never blocks on a full pipe
      child.off("exit", onExit);
    };
    child.stdout?.setEncoding("utf8").on("data", onData);
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.once("exit", onExit);
    child.once("error", reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
