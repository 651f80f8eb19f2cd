import { expect } from "chai";
import { startSimulator, type Simulator } from "../../simulator";
import { call, login } from "./helpers";

describe("simulator: requests in flight per service", () => {
  let sim: Simulator;
  let token: string;
  const workloads = () => `${sim.url}/trilio/v1/${sim.credentials.projectId}/workloads`;

  before(async () => {
    sim = await startSimulator();
    token = await login(sim);
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it("counts requests from arrival to answer, per service and in all, and keeps the maximum", async () => {
    expect(sim.concurrency("trilio")).to.deep.equal({ current: 0, max: 0 });
    // The fault's delay holds every Trilio request long enough for all five to be in flight together.
    sim.faults.add({ service: "trilio", delayMs: 500, times: Infinity });
    await Promise.all([
      ...Array.from({ length: 5 }, () => call(workloads(), { headers: { "X-Auth-Token": token } })),
      ...Array.from({ length: 2 }, () => call(sim.authUrl)),
    ]);
    expect(sim.concurrency("trilio")).to.deep.equal({ current: 0, max: 5 });
    expect(sim.concurrency("keystone").max).to.be.within(1, 2);
    expect(sim.concurrency()).to.deep.include({ current: 0 });
    expect(sim.concurrency().max).to.be.at.least(5);
  });

  it("stops counting a request whose connection is reset, and reset() starts the maximum again", async () => {
    sim.faults.add({ service: "trilio", reset: true });
    await call(workloads(), { headers: { "X-Auth-Token": token } }).catch(() => undefined);
    expect(sim.concurrency("trilio")).to.deep.equal({ current: 0, max: 1 });
    sim.reset();
    expect(sim.concurrency("trilio")).to.deep.equal({ current: 0, max: 0 });
    expect(sim.concurrency("never-called")).to.deep.equal({ current: 0, max: 0 });
  });
});
