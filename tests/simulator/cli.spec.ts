import { expect } from "chai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { portFromArgs } from "../../simulator/main";
import { call } from "./helpers";

const MAIN = resolve(__dirname, "../../simulator/main.js");

describe("simulator: CLI (npm run simulator)", () => {
  it("reads the port from --port, --port= or SIMULATOR_PORT, default 0", () => {
    expect(portFromArgs([], {})).to.equal(0);
    expect(portFromArgs(["--port", "8123"], {})).to.equal(8123);
    expect(portFromArgs(["--port=8124"], { SIMULATOR_PORT: "1" })).to.equal(8124);
    expect(portFromArgs([], { SIMULATOR_PORT: "8125" })).to.equal(8125);
    expect(() => portFromArgs(["--port", "http"], {})).to.throw(RangeError);
  });

  it("prints the openrc exports and the seeded data, serves, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, SIMULATOR_PORT: "0" } });
    try {
      let output = "";
      child.stdout.setEncoding("utf8");
      while (!output.includes("Press Ctrl-C")) {
        const [chunk] = (await once(child.stdout, "data")) as [string];
        output += chunk;
      }
      const env = Object.fromEntries(
        [...output.matchAll(/^export (OS_\w+)=(.*)$/gm)].map((match) => [match[1] ?? "", match[2] ?? ""]),
      );
      expect(Object.keys(env)).to.include.members([
        "OS_AUTH_URL",
        "OS_USERNAME",
        "OS_PASSWORD",
        "OS_PROJECT_NAME",
        "OS_USER_DOMAIN_NAME",
        "OS_PROJECT_DOMAIN_NAME",
        "OS_REGION_NAME",
        "OS_INTERFACE",
        "OS_IDENTITY_API_VERSION",
      ]);
      expect(output).to.match(/workload [0-9a-f-]{36} web: web-1, web-2/);
      const version = await call<{ version: { id: string } }>(env.OS_AUTH_URL ?? "");
      expect(version.body.version.id).to.equal("v3.14");
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = (await exited) as [number | null];
      expect(code).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
