import { expect } from "chai";
import { HostSession } from "../../engine/host-session";
import { ChildProcesses } from "../../engine/processes";
import { BASIC_PROJECT, FixtureStack, until } from "./fixture";

/** True while a process with this id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("engine: no process left behind", function () {
  this.timeout(60_000);
  const stack = new FixtureStack();

  after(() => stack.dispose());

  it("a failed Configure stops the provider host it started", async () => {
    const children = new ChildProcesses();
    const session = new HostSession(
      { projectDir: BASIC_PROJECT, project: "engine-fixture", stack: "dev", children },
      // A value protobuf cannot carry: how an unsupported config type used to fail Configure.
      { "engine-fixture:broken": undefined as never },
    );
    let error: unknown;
    await session.get().catch((e: unknown) => (error = e));
    expect(String(error)).to.include("Unexpected struct type");
    expect(children.pids).to.have.length(1);
    expect(alive(children.pids[0]), "the host is still running").to.equal(false);
  });

  it("a program that crashes leaves no runner", async () => {
    const engine = stack.engine([], { config: { things: "not json" } });
    const result = await engine.up();
    expect(result.ok).to.equal(false);
    expect(result.error).to.match(/Running program .* failed with an unhandled exception/);
    expect(engine.processIds).to.have.length(1);
    expect(engine.processIds.filter(alive)).to.deep.equal([]);
  });

  it("a runner that dies mid-run: the run ends and the provider host is stopped too", async () => {
    const engine = stack.engine([{ name: "slow", slowMs: 30_000 }]);
    const run = engine.up();
    await until(() => stack.calls("create-started").some((c) => c.label === "slow"));
    const [runner, host] = engine.processIds;
    expect(host).to.equal(engine.host!.pid);
    process.kill(runner, "SIGKILL");
    const result = await run;
    expect(result.ok).to.equal(false);
    expect(result.error).to.match(/program runner exited \(SIGKILL\) before the program finished/);
    expect([runner, host].filter(alive)).to.deep.equal([]);
  });
});
