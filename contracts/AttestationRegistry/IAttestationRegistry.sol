// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {IAttestationHook} from "./IAttestationHook.sol";
import {
    AttestationRecord,
    AttestationRequest,
    DelegatedAttestationRequest,
    DelegatedRevocationRequest,
    SchemaRecord
} from "./AttestationTypes.sol";

/// @title TrustLedger attestation registry
/// @notice Businesses attest about partners (endorsements, reciprocity events) under registered schemas,
///         directly or through a relayer with an EIP-712 signature. No admin: nobody can alter, delete or
///         block another party's attestation, and the contract cannot be upgraded or paused.
///
/// uid: `uid = bytes32(uint256(uint160(attester)) << 96 | nonce)`: the attester's address in the high 20
///      bytes, the 96-bit nonce in the low 12. A delegated attestation's uid is thus known from the signed
///      request alone, before it is mined; a direct one's from the request and the sender.
/// nonces: every attester (signer) owns 2^96 nonces, usable in any order. A nonce is used once it names a
///      storage record: an attestation (uid of the same value), or the marker a delegated revocation or a
///      `cancelNonces` call writes there. Direct and delegated requests share the space.
/// EIP-712: domain {name: "TrustLedger Attestations", version: "1", chainId, verifyingContract}
///      (read it with `eip712Domain()`), primary types
///      `Attest(address attester,bytes32 schema,address subject,uint48 expiration,bytes32 refUID,uint96 nonce,bytes data,uint256 deadline)`
///      `Revoke(address revoker,bytes32 uid,uint96 nonce,uint256 deadline)`.
///      Deadlines are unix seconds, accepted while `block.timestamp <= deadline`. ECDSA signatures must be
///      65 bytes with low s (EIP-2); a signer with code is asked through ERC-1271 instead.
/// Validity: `isValid(uid)` is false for an unknown uid, a revoked attestation, and from its expiration on.
interface IAttestationRegistry is IERC5267 {
    /// @notice A schema was registered.
    /// @param uid        `keccak256(abi.encodePacked(schema, hook, revocable))`
    /// @param registerer who registered it (no rights follow from that)
    /// @param hook       contract called on attest/revoke under the schema, or zero
    /// @param revocable  whether its attestations can be revoked
    /// @param schema     the definition, e.g. `address partner,uint8 score,string context`
    event SchemaRegistered(
        bytes32 indexed uid, address indexed registerer, IAttestationHook indexed hook, bool revocable, string schema
    );

    /// @notice An attestation was recorded. Carries everything needed to rebuild it without storage reads.
    /// @param schema     schema id
    /// @param attester   who attested (for a delegated attestation, the signer, not the relayer)
    /// @param subject    who it is about
    /// @param uid        `attester << 96 | nonce`
    /// @param refUID     referenced attestation, or 0
    /// @param expiration unix seconds, or 0 for none
    /// @param data       schema-encoded payload
    event Attested(
        bytes32 indexed schema,
        address indexed attester,
        address indexed subject,
        bytes32 uid,
        bytes32 refUID,
        uint48 expiration,
        bytes data
    );

    /// @notice An attestation was revoked by its attester (the revoker is always the attester).
    event Revoked(bytes32 indexed uid, address indexed attester, address indexed subject);

    /// @notice `uid` became confirmed by both sides: its subject attested back to its attester with
    ///         `refUID = uid`. `isConfirmed(uid)` turns false again if either attestation is revoked or expires.
    event Confirmed(bytes32 indexed uid, bytes32 indexed confirmationUid);

    /// @notice `signer` burnt `nonce` without using it, so no request signed with it can be executed.
    event NonceCancelled(address indexed signer, uint96 nonce);

    /// @notice A delegated batch skipped item `index` and left its nonce unused.
    /// @param index     the item's position in the batch
    /// @param signer    the item's attester or revoker
    /// @param nonce     the item's nonce
    /// @param submitter who sent the batch (`msg.sender`). A schema hook can call a batch function itself during
    ///                  someone else's batch; its events carry the hook as submitter, so a relayer reading its
    ///                  receipt keeps only the events of its own call: index, signer, nonce and submitter must match.
    /// @param reason    the revert data the single call would have produced (e.g. `InvalidSignature(...)`)
    event BatchItemSkipped(uint256 index, address indexed signer, uint96 nonce, address submitter, bytes reason);

    /// @notice The hook of a revoked attestation's schema reverted; the revocation stands regardless.
    event RevocationHookFailed(bytes32 indexed uid, IAttestationHook indexed hook);

    error SchemaAlreadyRegistered(bytes32 uid);
    error HookNotAContract(IAttestationHook hook);
    error UnknownSchema(bytes32 schema);
    error SelfAttestation(address attester);
    error ZeroSubject();
    error ExpirationInPast(uint48 expiration, uint256 timestamp);
    error UnknownRefUID(bytes32 refUID);
    error NonceUsed(address signer, uint96 nonce);
    error DeadlinePassed(uint256 deadline, uint256 timestamp);
    /// @param digest the EIP-712 digest the signature was checked against; compare it with the client's
    error InvalidSignature(address signer, bytes32 digest);
    error UnknownAttestation(bytes32 uid);
    error NotAttester(bytes32 uid, address caller);
    error NotRevocable(bytes32 uid);
    error AlreadyRevoked(bytes32 uid);

    /// @notice Registers a schema. Anyone may; the id is deterministic, so one definition (with the same hook
    ///         and flag) exists once.
    /// @param schema    definition string, ABI types and names (`uint8 rating,bytes32 category,string comment`)
    /// @param hook      contract to call on attest/revoke, or zero for none
    /// @param revocable whether attestations under it may be revoked
    /// @return uid `keccak256(abi.encodePacked(schema, hook, revocable))`
    function registerSchema(string calldata schema, IAttestationHook hook, bool revocable)
        external
        returns (bytes32 uid);

    /// @notice Records an attestation by `msg.sender`.
    /// @dev Reverts with UnknownSchema, SelfAttestation, ZeroSubject, ExpirationInPast, UnknownRefUID,
    ///      NonceUsed, or the hook's error.
    /// @return uid `msg.sender << 96 | request.nonce`
    function attest(AttestationRequest calldata request) external returns (bytes32 uid);

    /// @notice Records several attestations by `msg.sender`, atomically: one bad item reverts them all.
    /// @return uids in request order
    function multiAttest(AttestationRequest[] calldata requests) external returns (bytes32[] memory uids);

    /// @notice Records an attestation signed by `request.attester`; anyone may submit it.
    /// @dev Reverts with DeadlinePassed, InvalidSignature, then as `attest`.
    /// @return uid `request.attester << 96 | request.request.nonce`
    function attestByDelegation(DelegatedAttestationRequest calldata request) external returns (bytes32 uid);

    /// @notice Records signed attestations from any number of attesters. An item that would revert is skipped
    ///         (`BatchItemSkipped` with the revert data, nonce left unused); the others go through.
    /// @return uids in request order, zero for skipped items
    function multiAttestByDelegation(DelegatedAttestationRequest[] calldata requests)
        external
        returns (bytes32[] memory uids);

    /// @notice Revokes an attestation of `msg.sender` under a revocable schema.
    /// @dev Reverts with UnknownAttestation, NotAttester, NotRevocable, AlreadyRevoked.
    function revoke(bytes32 uid) external;

    /// @notice Revokes several attestations of `msg.sender`, atomically.
    function multiRevoke(bytes32[] calldata uids) external;

    /// @notice Revokes an attestation for its attester, who signed `request`; consumes the request's nonce.
    /// @dev Reverts with DeadlinePassed, NonceUsed, InvalidSignature, then as `revoke`.
    function revokeByDelegation(DelegatedRevocationRequest calldata request) external;

    /// @notice Signed revocations from any number of revokers; an item that would revert is skipped
    ///         (`BatchItemSkipped`), the others go through.
    /// @return revoked in request order, false for skipped items
    function multiRevokeByDelegation(DelegatedRevocationRequest[] calldata requests)
        external
        returns (bool[] memory revoked);

    /// @notice Burns unused nonces of `msg.sender`, invalidating requests signed with them. Atomic.
    /// @dev Reverts with NonceUsed if one of them is used already.
    function cancelNonces(uint96[] calldata nonces) external;

    /// @notice True iff `uid` names an attestation that is neither revoked nor expired.
    function isValid(bytes32 uid) external view returns (bool);

    /// @notice True iff `uid` is valid and its subject attested back to its attester with `refUID = uid`
    ///         in an attestation that is itself still valid.
    function isConfirmed(bytes32 uid) external view returns (bool);

    /// @notice The counterparty attestation that confirmed `uid`, or 0 (it may since have become invalid).
    function confirmationOf(bytes32 uid) external view returns (bytes32);

    /// @notice The stored part of an attestation; all fields zero for an unknown uid.
    function getAttestation(bytes32 uid) external view returns (AttestationRecord memory);

    /// @notice A registered schema; all fields zero for an unknown id.
    function getSchema(bytes32 uid) external view returns (SchemaRecord memory);

    /// @notice Whether `signer` has used (or cancelled) `nonce`.
    function isNonceUsed(address signer, uint96 nonce) external view returns (bool);

    /// @notice The uid an attestation by `attester` with `nonce` gets: `attester << 96 | nonce`.
    function uidOf(address attester, uint96 nonce) external pure returns (bytes32);

    /// @notice The EIP-712 digest the attester signs for `request` (its `signature` field is ignored).
    function attestationDigest(DelegatedAttestationRequest calldata request) external view returns (bytes32);

    /// @notice The EIP-712 digest the revoker signs for `request` (its `signature` field is ignored).
    function revocationDigest(DelegatedRevocationRequest calldata request) external view returns (bytes32);
}
