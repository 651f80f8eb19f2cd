/**
 * The provider plugin's process, as the Pulumi CLI starts `pulumi-resource-openstack-dataprotection`: it serves
 * `ResourceProvider` on a free port of 127.0.0.1 and prints the port as its first line on stdout (the engine's
 * address, its first argument, is not needed: progress goes to stdout and stderr, which the CLI shows).
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { systemClock, useClock } from "../core/clock";
import { cancellableClock } from "./cancellation";
import { resourceProviderServer } from "./server";

// The engine sends whole states: allow messages as large as the Pulumi CLI does.
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

function main(): void {
  const cancellation = new AbortController();
  useClock(cancellableClock(systemClock, cancellation.signal));
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  server.addService(ResourceProviderService, resourceProviderServer({ cancel: () => cancellation.abort() }));
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      console.error(`openstack-dataprotection plugin: cannot listen on 127.0.0.1: ${error.message}`);
      process.exit(1);
    }
    console.log(String(port));
  });
}

main();
