// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IAttestationRegistry} from "./IAttestationRegistry.sol";
import {AttestationRequest, DelegatedAttestationRequest, DelegatedRevocationRequest} from "./AttestationTypes.sol";

/// @notice EIP-712 digests and signature checks for delegated (relayed) requests.
/// @dev OpenZeppelin's EIP712 caches the domain separator and rebuilds it if the chain id changes (a fork),
///      so a signature for one chain or one deployment is never valid on another.
abstract contract DelegatedSignatures is IAttestationRegistry, EIP712 {
    /// @notice EIP-712 type hash of a delegated attestation.
    bytes32 public constant ATTEST_TYPEHASH = keccak256(
        "Attest(address attester,bytes32 schema,address subject,uint48 expiration,bytes32 refUID,uint96 nonce,bytes data,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of a delegated revocation.
    bytes32 public constant REVOKE_TYPEHASH =
        keccak256("Revoke(address revoker,bytes32 uid,uint96 nonce,uint256 deadline)");

    constructor() EIP712("TrustLedger Attestations", "1") {}

    /// @inheritdoc IAttestationRegistry
    function attestationDigest(DelegatedAttestationRequest calldata delegated) public view returns (bytes32) {
        AttestationRequest calldata request = delegated.request;
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    ATTEST_TYPEHASH,
                    delegated.attester,
                    request.schema,
                    request.subject,
                    request.expiration,
                    request.refUID,
                    request.nonce,
                    keccak256(request.data),
                    delegated.deadline
                )
            )
        );
    }

    /// @inheritdoc IAttestationRegistry
    function revocationDigest(DelegatedRevocationRequest calldata request) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(REVOKE_TYPEHASH, request.revoker, request.uid, request.nonce, request.deadline))
        );
    }

    /// @dev Reverts unless `deadline` (unix seconds) has not passed yet.
    function _checkDeadline(uint256 deadline) internal view {
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
    }

    /// @dev EOA: 65-byte ECDSA with low s (OpenZeppelin ECDSA rejects high s and bad v). Signer with code:
    ///      ERC-1271 `isValidSignature` must return its magic value.
    function _checkSignature(address signer, bytes32 digest, bytes calldata signature) internal view {
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature)) {
            revert InvalidSignature(signer, digest);
        }
    }
}
