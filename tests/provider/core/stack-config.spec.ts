// Stack config as the dynamic-provider host hands it over: the CLI passes text, but a YAML boolean or number
// passed as itself must read the same, not fail or count as unset.
import { expect } from "chai";
import { remoteChecksEnabled } from "../../../provider/core/check";
import { maxConcurrentRequests } from "../../../provider/core/http/http-settings";
import { setStackConfig, stackConfigValue } from "../../../provider/core/settings/stack-config";

describe("stack config values that are not text", () => {
  afterEach(() => setStackConfig({ get: () => undefined }));

  function configure(values: Record<string, unknown>): void {
    setStackConfig({ get: (key) => values[key] });
  }

  it("reads a boolean false as false: remote checks off", () => {
    configure({ "dataprotection:remoteChecks": false });
    expect(remoteChecksEnabled({})).to.equal(false);
  });

  it("reads a number as that number", () => {
    configure({ "dataprotection:maxConcurrentRequests": 4 });
    expect(maxConcurrentRequests({})).to.equal(4);
  });

  it("reads a map as its JSON, as the CLI passes it", () => {
    configure({ "openstack:endpointOverrides": { volumev3: "http://cinder.example/v3" } });
    expect(stackConfigValue("nothing-here", "endpointOverrides")).to.equal(
      '{"volumev3":"http://cinder.example/v3"}',
    );
  });
});
