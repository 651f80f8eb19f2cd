import { expect } from "chai";
import {
  createOnce,
  deleteOnce,
  LOST_ANSWER_LOOKS_MS,
  startOnce,
  type CreateOnceSpec,
} from "../../../provider/core/adoption";
import { useClock, type Clock } from "../../../provider/core/clock";
import { ProviderError } from "../../../provider/core/errors";
import { DEFAULT_RETRY_POLICY } from "../../../provider/core/http/http";
import type { Logger } from "../../../provider/core/log";

interface Backup {
  id: string;
  status: string;
}

/** A clock where sleeping advances time at once. */
function simulatedClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) };
}

/** A logger that keeps its lines. */
function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => void lines.push(message),
    warn: (message) => void lines.push(`warning: ${message}`),
  };
}

/** The error of a create request whose answer was lost: it may or may not have started the backup. */
function lostAnswer(): ProviderError {
  return new ProviderError("the connection was reset after the request was sent", {
    ambiguous: true,
    request: "POST /v3/p/backups",
  });
}

/** What one create request does. */
type Request = "answered" | "answer lost" | "lost, nothing made" | "lost, made 4 s later" | "lost, failed";

/**
 * An in-memory Cinder holding the backups that carry this create's marker. Create request n does `requests[n]`
 * (by default, the backup is made and its answer arrives).
 */
function fakeCinder(clock: Clock, marked: Backup[] = []) {
  const backups = marked.map((backup) => ({ backup, visibleAt: 0 }));
  const cinder = {
    starts: 0,
    looks: 0,
    requests: [] as Request[],
    spec(log: Logger): CreateOnceSpec<Backup> {
      return {
        findMarked: async () => {
          cinder.looks++;
          return backups.filter((entry) => entry.visibleAt <= clock.now()).map((entry) => entry.backup);
        },
        hasFailed: (backup) => backup.status === "error",
        describe: (backup) => `backup ${backup.id} (${backup.status})`,
        start: async () => {
          const request = cinder.requests[cinder.starts] ?? "answered";
          const backup = {
            id: `bk-${++cinder.starts}`,
            status: request === "lost, failed" ? "error" : "creating",
          };
          if (request !== "lost, nothing made") {
            backups.push({
              backup,
              visibleAt: clock.now() + (request === "lost, made 4 s later" ? 4000 : 0),
            });
          }
          if (request === "answered") return backup;
          throw lostAnswer();
        },
        log,
      };
    },
  };
  return cinder;
}

describe("createOnce", () => {
  let clock: ReturnType<typeof simulatedClock>;
  let restoreClock: () => void;
  beforeEach(() => {
    clock = simulatedClock();
    restoreClock = useClock(clock);
  });
  afterEach(() => restoreClock());

  it("adopts what an interrupted earlier attempt started, without sending the request", async () => {
    const log = recordingLog();
    const cinder = fakeCinder(clock, [{ id: "bk-0", status: "creating" }]);
    const result = await createOnce(cinder.spec(log));
    expect(result).to.deep.equal({ object: { id: "bk-0", status: "creating" }, adopted: true });
    expect(cinder.starts).to.equal(0);
    expect(log.lines).to.deep.equal([
      "adopting backup bk-0 (creating), started by an earlier attempt that was interrupted",
    ]);
  });

  it("of several marked objects, adopts the first that has not failed, naming the failed ones", async () => {
    const log = recordingLog();
    const cinder = fakeCinder(clock, [
      { id: "bk-a", status: "error" },
      { id: "bk-b", status: "creating" },
      { id: "bk-c", status: "available" },
    ]);
    const result = await createOnce(cinder.spec(log));
    expect(result).to.deep.equal({ object: { id: "bk-b", status: "creating" }, adopted: true });
    expect(cinder.starts).to.equal(0);
    expect(log.lines).to.deep.equal([
      "not adopting backup bk-a (error), which carries this resource's marker: it failed",
      "adopting backup bk-b (creating), started by an earlier attempt that was interrupted",
    ]);
  });

  it("never adopts a marked object that failed: it names it and sends the request", async () => {
    const log = recordingLog();
    const cinder = fakeCinder(clock, [{ id: "bk-0", status: "error" }]);
    const result = await createOnce(cinder.spec(log));
    expect(result).to.deep.equal({ object: { id: "bk-1", status: "creating" }, adopted: false });
    expect(cinder.starts).to.equal(1);
    expect(log.lines).to.deep.equal([
      "not adopting backup bk-0 (error), which carries this resource's marker: it failed",
    ]);
  });

  it("sends the request exactly once when nothing carries the marker", async () => {
    const log = recordingLog();
    const cinder = fakeCinder(clock);
    const result = await createOnce(cinder.spec(log));
    expect(result).to.deep.equal({ object: { id: "bk-1", status: "creating" }, adopted: false });
    expect(cinder.starts).to.equal(1);
    expect(cinder.looks).to.equal(1);
    expect(clock.sleeps).to.deep.equal([]);
    expect(log.lines).to.deep.equal([]);
  });

  it("fails at once, sending nothing again, when the request is refused", async () => {
    for (const refusal of [
      new ProviderError("Invalid volume: volume must be available or in-use", { status: 400 }),
      new TypeError("fetch failed"),
    ]) {
      const cinder = fakeCinder(clock);
      const spec = {
        ...cinder.spec(recordingLog()),
        start: async (): Promise<Backup> => {
          cinder.starts++;
          throw refusal;
        },
      };
      const error = await createOnce(spec).catch((e: unknown) => e);
      expect(error).to.equal(refusal);
      expect(cinder.starts).to.equal(1);
      expect(cinder.looks).to.equal(1);
    }
    expect(clock.sleeps).to.deep.equal([]);
  });

  it("adopts what a request whose answer was lost started, without sending it again", async () => {
    const log = recordingLog();
    const cinder = fakeCinder(clock);
    cinder.requests = ["answer lost"];
    const result = await createOnce(cinder.spec(log));
    expect(result).to.deep.equal({ object: { id: "bk-1", status: "creating" }, adopted: true });
    expect(cinder.starts).to.equal(1);
    expect(clock.sleeps).to.deep.equal([]);
    expect(log.lines).to.deep.equal([
      "the request's answer was lost, but it started backup bk-1 (creating): adopting it",
    ]);
  });

  it("after a lost answer, looks again 2 s and 5 s later for what a slow server started", async () => {
    expect(LOST_ANSWER_LOOKS_MS).to.deep.equal([0, 2_000, 5_000]);
    const log = recordingLog();
    const cinder = fakeCinder(clock);
    cinder.requests = ["lost, made 4 s later"];
    const result = await createOnce(cinder.spec(log));
    expect(result).to.deep.equal({ object: { id: "bk-1", status: "creating" }, adopted: true });
    expect(cinder.starts).to.equal(1);
    expect(clock.sleeps).to.deep.equal([2_000, 3_000]);
    expect(log.lines).to.deep.equal([
      "the request's answer was lost, but it started backup bk-1 (creating): adopting it",
    ]);
  });

  it("sends the request again when the lost answer started nothing within 5 s", async () => {
    const log = recordingLog();
    const cinder = fakeCinder(clock);
    cinder.requests = ["lost, nothing made"];
    const result = await createOnce(cinder.spec(log));
    expect(result).to.deep.equal({ object: { id: "bk-2", status: "creating" }, adopted: false });
    expect(cinder.starts).to.equal(2);
    expect(cinder.looks).to.equal(1 + LOST_ANSWER_LOOKS_MS.length);
    expect(clock.sleeps).to.deep.equal([2_000, 3_000]);
    expect(log.lines).to.deep.equal([
      "the request's answer was lost and it started nothing within 5s: sending it again",
    ]);
  });

  it("does not adopt a failed object a lost answer started: it names it and sends the request again", async () => {
    const log = recordingLog();
    const cinder = fakeCinder(clock);
    cinder.requests = ["lost, failed"];
    const result = await createOnce(cinder.spec(log));
    expect(result).to.deep.equal({ object: { id: "bk-2", status: "creating" }, adopted: false });
    expect(cinder.starts).to.equal(2);
    expect(log.lines).to.include(
      "not adopting backup bk-1 (error), which carries this resource's marker: it failed",
    );
    expect(log.lines.at(-1)).to.equal(
      "the request's answer was lost and it started nothing within 5s: sending it again",
    );
  });

  it("gives up with the lost answer's error after as many requests as the HTTP layer makes", async () => {
    const cinder = fakeCinder(clock);
    cinder.requests = Array(20).fill("lost, nothing made");
    const error = await createOnce(cinder.spec(recordingLog())).catch((e: unknown) => e);
    expect(ProviderError.isInstance(error) && error.ambiguous).to.equal(true);
    expect((error as Error).message).to.equal("the connection was reset after the request was sent");
    expect(cinder.starts).to.equal(DEFAULT_RETRY_POLICY.maxAttempts);
  });
});

describe("startOnce", () => {
  let clock: ReturnType<typeof simulatedClock>;
  let restoreClock: () => void;
  beforeEach(() => {
    clock = simulatedClock();
    restoreClock = useClock(clock);
  });
  afterEach(() => restoreClock());

  it("sends the request without looking first: the caller has looked its own way", async () => {
    const cinder = fakeCinder(clock, [{ id: "bk-0", status: "creating" }]);
    const result = await startOnce(cinder.spec(recordingLog()));
    expect(result).to.deep.equal({ object: { id: "bk-1", status: "creating" }, adopted: false });
    expect(cinder.looks).to.equal(0);
  });

  it("after a lost answer, adopts what the request started", async () => {
    const cinder = fakeCinder(clock);
    cinder.requests = ["answer lost"];
    const result = await startOnce(cinder.spec(recordingLog()));
    expect(result).to.deep.equal({ object: { id: "bk-1", status: "creating" }, adopted: true });
    expect(cinder.starts).to.equal(1);
  });
});

describe("deleteOnce", () => {
  /** A delete of backup bk-1 whose request does `send`, with the backup then found deleting (or not). */
  function deletion(send: () => Promise<string>, deleting: boolean) {
    const log = recordingLog();
    const counts = { sends: 0, reads: 0 };
    const spec = {
      send: async () => {
        counts.sends++;
        return send();
      },
      isDeleting: async () => {
        counts.reads++;
        return deleting;
      },
      subject: "backup bk-1",
      log,
    };
    return { spec, counts, log };
  }

  it("sends the delete once and returns its answer, reading nothing more", async () => {
    const { spec, counts, log } = deletion(async () => "202 Accepted", true);
    expect(await deleteOnce(spec)).to.deep.equal({ joined: false, answer: "202 Accepted" });
    expect(counts).to.deep.equal({ sends: 1, reads: 0 });
    expect(log.lines).to.deep.equal([]);
  });

  it("joins the delete an interrupted attempt started when the API refuses it as one in the wrong state", async () => {
    for (const status of [400, 409]) {
      const { spec, counts, log } = deletion(async () => {
        throw new ProviderError("Invalid backup: Backup status must be available or error", { status });
      }, true);
      expect(await deleteOnce(spec), String(status)).to.deep.equal({ joined: true });
      expect(counts).to.deep.equal({ sends: 1, reads: 1 });
      expect(log.lines).to.deep.equal([
        "backup bk-1 is being deleted already (an earlier attempt was interrupted): waiting for it",
      ]);
    }
  });

  it("fails with the API's refusal when the object is not being deleted", async () => {
    const refusal = new ProviderError("Invalid backup: Incremental backups exist for this backup", {
      status: 400,
    });
    const { spec, counts, log } = deletion(async () => {
      throw refusal;
    }, false);
    expect(await deleteOnce(spec).catch((e: unknown) => e)).to.equal(refusal);
    expect(counts).to.deep.equal({ sends: 1, reads: 1 });
    expect(log.lines).to.deep.equal([]);
  });

  it("passes any other failure through without reading the object", async () => {
    const failures = [
      new ProviderError("Backup bk-1 could not be found", { status: 404 }),
      new ProviderError("internal error", { status: 500 }),
      new ProviderError("the connection was reset", { ambiguous: true }),
      Object.assign(new Error("conflict"), { status: 409 }),
    ];
    for (const failure of failures) {
      const { spec, counts } = deletion(async () => {
        throw failure;
      }, true);
      expect(await deleteOnce(spec).catch((e: unknown) => e), failure.message).to.equal(failure);
      expect(counts).to.deep.equal({ sends: 1, reads: 0 });
    }
  });
});
