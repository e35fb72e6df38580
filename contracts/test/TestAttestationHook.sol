// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAttestationHook} from "../AttestationRegistry/IAttestationHook.sol";

/// @notice Test-only hook: re-emits what the registry passes, and rejects on demand.
contract TestAttestationHook is IAttestationHook {
    address public immutable registry;
    bool public rejectAttest;
    bool public rejectRevoke;

    event AttestSeen(
        bytes32 uid, bytes32 schema, address attester, address subject, bytes32 refUID, uint48 expiration, bytes data
    );
    event RevokeSeen(bytes32 uid, bytes32 schema, address attester, address subject);

    error NotRegistry(address caller);
    error AttestRejected(bytes32 uid);
    error RevokeRejected(bytes32 uid);

    constructor(address registry_) {
        registry = registry_;
    }

    /// @notice Makes the next calls revert (or not).
    function setRejecting(bool attest_, bool revoke_) external {
        (rejectAttest, rejectRevoke) = (attest_, revoke_);
    }

    /// @inheritdoc IAttestationHook
    function onAttest(
        bytes32 uid,
        bytes32 schema,
        address attester,
        address subject,
        bytes32 refUID,
        uint48 expiration,
        bytes calldata data
    ) external {
        if (msg.sender != registry) revert NotRegistry(msg.sender);
        if (rejectAttest) revert AttestRejected(uid);
        emit AttestSeen(uid, schema, attester, subject, refUID, expiration, data);
    }

    /// @inheritdoc IAttestationHook
    function onRevoke(bytes32 uid, bytes32 schema, address attester, address subject) external {
        if (msg.sender != registry) revert NotRegistry(msg.sender);
        if (rejectRevoke) revert RevokeRejected(uid);
        emit RevokeSeen(uid, schema, attester, subject);
    }
}
