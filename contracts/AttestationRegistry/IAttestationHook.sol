// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Optional per-schema callback of the attestation registry
/// @notice A schema registered with a hook has it called after every attestation and revocation under the
///         schema, once the registry's own state and events are written. Reward programs use it.
/// @dev An implementation must check that `msg.sender` is the registry it trusts and that `schema` is one it
///      serves: anyone can call it, and anyone can register a schema naming any hook.
interface IAttestationHook {
    /// @notice Called after an attestation under the hook's schema was recorded.
    /// @dev Reverting rejects the attestation (the whole call; in a delegated batch, just that item).
    /// @param uid        the new attestation's uid
    /// @param schema     its schema id
    /// @param attester   who attested (the signer for a delegated attestation)
    /// @param subject    who it is about
    /// @param refUID     the attestation it refers to, or 0
    /// @param expiration unix seconds, or 0 for none
    /// @param data       the schema-encoded payload
    function onAttest(
        bytes32 uid,
        bytes32 schema,
        address attester,
        address subject,
        bytes32 refUID,
        uint48 expiration,
        bytes calldata data
    ) external;

    /// @notice Called after an attestation under the hook's schema was revoked.
    /// @dev Cannot veto: the registry ignores a revert here (and emits `RevocationHookFailed`), because an
    ///      attester's right to withdraw their own word must not depend on a third party's contract.
    /// @param uid      the revoked attestation
    /// @param schema   its schema id
    /// @param attester who attested and now revoked
    /// @param subject  who it was about
    function onRevoke(bytes32 uid, bytes32 schema, address attester, address subject) external;
}
