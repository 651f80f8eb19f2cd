/**
 * Errors as the engine reads them from a provider plugin: the message a user sees (the resource code's errors are
 * already worded for users and redacted), and for a resource that exists although its create or update failed,
 * a `pulumirpc.ErrorResourceInitFailed` detail with its id and outputs, so that the engine keeps it in the state
 * (never orphaned, never made twice), as the dynamic-provider host encodes it.
 */
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { isPartialFailure } from "../core/errors";
import type { Props } from "../core/resource";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The gRPC error for `error`; `outputsOf` puts a partially created resource's outputs in wire form. */
export function grpcErrorOf(error: unknown, outputsOf: (props: Props) => Struct): grpc.ServiceError {
  const message = error instanceof Error ? error.message : String(error);
  const metadata = new grpc.Metadata();
  if (isPartialFailure(error)) {
    const failure = new provproto.ErrorResourceInitFailed();
    failure.setId(error.id);
    failure.setProperties(outputsOf(error.properties));
    failure.setReasonsList(error.reasons ?? [message]);
    const detail = new Any();
    detail.pack(failure.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(detail);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}
