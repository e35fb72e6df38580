// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAttestationHook} from "./IAttestationHook.sol";

/// @notice What an attester asks the registry to record. Used as is by `attest` and `multiAttest`.
/// @param schema   id of a registered schema (see `IAttestationRegistry.registerSchema`)
/// @param subject  who the attestation is about; never the attester, never the zero address
/// @param expiration unix seconds after which the attestation stops being valid; 0 = never expires
/// @param refUID   uid of an earlier attestation this one refers to; 0 = none. A reference to an attestation
///                 whose attester is this one's subject and whose subject is this one's attester confirms it
/// @param nonce    chosen by the attester, unused so far; the uid is `attester << 96 | nonce`
/// @param data     the payload, ABI-encoded per the schema string; kept in the event only, never in storage
struct AttestationRequest {
    bytes32 schema;
    address subject;
    uint48 expiration;
    bytes32 refUID;
    uint96 nonce;
    bytes data;
}

/// @notice An attestation request signed by `attester` that anyone (our relayer) may submit. The attester signs
///         the EIP-712 type `Attest(address attester,bytes32 schema,address subject,uint48 expiration,
///         bytes32 refUID,uint96 nonce,bytes data,uint256 deadline)`: `attester`, the fields of `request` in
///         order, then `deadline`. The uid is `attester << 96 | request.nonce`, known before mining.
/// @param request   exactly what the attester would send to `attest` itself
/// @param deadline  unix seconds; the request is accepted while `block.timestamp <= deadline`
/// @param signature 65-byte ECDSA signature (r, s, v; low s) of an EOA, or anything an ERC-1271 wallet accepts
struct DelegatedAttestationRequest {
    address attester;
    AttestationRequest request;
    uint256 deadline;
    bytes signature;
}

/// @notice A revocation signed by `revoker`: EIP-712 type `Revoke(address revoker,bytes32 uid,uint96 nonce,
///         uint256 deadline)`, the fields below but `signature`.
///         It consumes `nonce` from the revoker's nonce space like an attestation would.
struct DelegatedRevocationRequest {
    address revoker;
    bytes32 uid;
    uint96 nonce;
    uint256 deadline;
    bytes signature;
}

/// @notice What the registry keeps of an attestation (one storage slot plus what the uid encodes).
///         `refUID` and `data` live in the `Attested` event only.
struct AttestationRecord {
    bytes32 uid;
    bytes32 schema;
    address attester;
    address subject;
    uint48 expiration;
    bool revocable;
    bool revoked;
}

/// @notice A registered schema. The definition string itself lives in the `SchemaRegistered` event only.
struct SchemaRecord {
    bytes32 uid;
    IAttestationHook hook;
    bool revocable;
}
