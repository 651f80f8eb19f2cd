/**
 * A `pulumirpc.Engine` gRPC service inside the program runner, so that the program's `pulumi.log.*` calls (and
 * the SDK's own error logging) reach the engine as diagnostics with a severity and a URN, as with the CLI.
 */
import type * as grpcModule from "@grpc/grpc-js";
import type * as engrpcModule from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as engprotoModule from "@pulumi/pulumi/proto/engine_pb";
import type * as emptyModule from "google-protobuf/google/protobuf/empty_pb";
import type { RunnerMessage } from "./protocol";
import type { Severity } from "./types";

/** A running log service. */
export interface LogServer {
  /** `host:port` to put in `PULUMI_NODEJS_ENGINE`. */
  address: string;
  close(): void;
}

/** `LogSeverity` values (DEBUG = 0 … ERROR = 3); debug messages are dropped, as the CLI hides them. */
const SEVERITIES: (Severity | undefined)[] = [undefined, "info", "warning", "error"];

/**
 * Starts the service with the gRPC and protobuf modules of the program's `@pulumi/pulumi`.
 * @param load a `require` that resolves from the program's `@pulumi/pulumi` folder.
 * @param send forwards a log message to the engine.
 */
export async function startLogServer(
  load: NodeJS.Require,
  send: (m: RunnerMessage) => void,
): Promise<LogServer> {
  const grpc = load("@grpc/grpc-js") as typeof grpcModule;
  const engrpc = load("./proto/engine_grpc_pb") as typeof engrpcModule;
  const engproto = load("./proto/engine_pb") as typeof engprotoModule;
  const { Empty } = load("google-protobuf/google/protobuf/empty_pb") as typeof emptyModule;
  let rootUrn = "";
  const server = new grpc.Server();
  server.addService(engrpc.EngineService, {
    log(call, callback) {
      const severity = SEVERITIES[call.request.getSeverity()];
      if (severity)
        send({ kind: "log", severity, message: call.request.getMessage(), urn: call.request.getUrn() });
      callback(null, new Empty());
    },
    getRootResource(_call, callback) {
      callback(null, new engproto.GetRootResourceResponse().setUrn(rootUrn));
    },
    setRootResource(call, callback) {
      rootUrn = call.request.getUrn();
      callback(null, new engproto.SetRootResourceResponse());
    },
    startDebugging(_call, callback) {
      callback(null, new Empty());
    },
    requirePulumiVersion(_call, callback) {
      callback(null, new engproto.RequirePulumiVersionResponse());
    },
  } satisfies engrpcModule.IEngineServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}
