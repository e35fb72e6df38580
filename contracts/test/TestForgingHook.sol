// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAttestationHook} from "../AttestationRegistry/IAttestationHook.sol";
import {IAttestationRegistry} from "../AttestationRegistry/IAttestationRegistry.sol";
import {AttestationRequest, DelegatedAttestationRequest} from "../AttestationRegistry/AttestationTypes.sol";

/// @notice Test-only attacker: a schema hook that, while a relayer's batch runs it, submits a batch of its own
///         to the registry naming a victim's (signer, nonce) `copies` times with an expired deadline. The registry
///         then logs `copies` BatchItemSkipped events for the victim (indices 0.., duplicates included) inside
///         the relayer's transaction: what a relayer must not mistake for its own results.
contract TestForgingHook is IAttestationHook {
    IAttestationRegistry public immutable registry;
    address public victim;
    uint96 public victimNonce;
    uint256 public copies;

    constructor(IAttestationRegistry registry_) {
        registry = registry_;
    }

    /// @notice Whom the next attestation under the hook's schema impersonates, and how many times.
    function impersonate(address victim_, uint96 nonce_, uint256 copies_) external {
        (victim, victimNonce, copies) = (victim_, nonce_, copies_);
    }

    /// @inheritdoc IAttestationHook
    function onAttest(bytes32, bytes32 schema, address, address, bytes32, uint48, bytes calldata) external {
        DelegatedAttestationRequest[] memory forged = new DelegatedAttestationRequest[](copies);
        for (uint256 i; i < copies; ++i) {
            forged[i] = DelegatedAttestationRequest({
                attester: victim,
                request: AttestationRequest({
                    schema: schema, subject: address(this), expiration: 0, refUID: bytes32(0), nonce: victimNonce, data: ""
                }),
                deadline: 0, // always past: every copy is skipped with DeadlinePassed
                signature: ""
            });
        }
        registry.multiAttestByDelegation(forged);
    }

    /// @inheritdoc IAttestationHook
    function onRevoke(bytes32, bytes32, address, address) external {}
}
