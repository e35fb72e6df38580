// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAttestationHook} from "./IAttestationHook.sol";
import {IAttestationRegistry} from "./IAttestationRegistry.sol";
import {
    AttestationRecord,
    AttestationRequest,
    DelegatedAttestationRequest,
    DelegatedRevocationRequest
} from "./AttestationTypes.sol";
import {DelegatedSignatures} from "./DelegatedSignatures.sol";
import {SchemaRegistry} from "./SchemaRegistry.sol";

/// @title TrustLedger attestation registry
/// @notice Endorsements and reciprocity events between businesses, at about a fifth of EAS's gas: one storage
///         slot per attestation (what validity, revocation and reciprocity checks need), the payload in the
///         event only. No owner, no admin, no proxy: the rules below are all there is.
/// @dev Storage: `_records[uid]` is one slot {subject, expiration, schemaIndex, flags}; the attester is the
///      uid's high 20 bytes. A slot with schemaIndex 0 but flags set is a burnt nonce (delegated revocation or
///      cancellation), never an attestation.
contract AttestationRegistry is SchemaRegistry, DelegatedSignatures {
    /// @dev Packed into one slot (20 + 6 + 4 + 1 bytes).
    struct StoredAttestation {
        address subject;
        uint48 expiration;
        uint32 schemaIndex; // 0 = no attestation in this slot
        uint8 flags;
    }

    uint8 private constant _REVOCABLE = 1; // copied from the schema so revoke needs no schema read
    uint8 private constant _HOOKED = 2; // the schema has a hook to call on revoke
    uint8 private constant _REVOKED = 4;
    uint8 private constant _NONCE_BURNT = 8; // marker of a nonce used by a revocation or a cancellation

    mapping(bytes32 uid => StoredAttestation) private _records;
    mapping(bytes32 uid => bytes32 confirmationUid) private _confirmations;

    /// @inheritdoc IAttestationRegistry
    function attest(AttestationRequest calldata request) external returns (bytes32) {
        return _attest(msg.sender, request);
    }

    /// @inheritdoc IAttestationRegistry
    function multiAttest(AttestationRequest[] calldata requests) external returns (bytes32[] memory uids) {
        uids = new bytes32[](requests.length);
        for (uint256 i; i < requests.length; ++i) {
            uids[i] = _attest(msg.sender, requests[i]);
        }
    }

    /// @inheritdoc IAttestationRegistry
    function attestByDelegation(DelegatedAttestationRequest calldata request) external returns (bytes32) {
        _checkDeadline(request.deadline);
        _checkSignature(request.attester, attestationDigest(request), request.signature);
        return _attest(request.attester, request.request);
    }

    /// @inheritdoc IAttestationRegistry
    /// @dev Each item runs as an external call to this contract so that a revert (bad signature, used nonce,
    ///      a hook's veto...) undoes only that item.
    function multiAttestByDelegation(DelegatedAttestationRequest[] calldata requests)
        external
        returns (bytes32[] memory uids)
    {
        uids = new bytes32[](requests.length);
        for (uint256 i; i < requests.length; ++i) {
            try this.attestByDelegation(requests[i]) returns (bytes32 uid) {
                uids[i] = uid;
            } catch (bytes memory reason) {
                emit BatchItemSkipped(i, requests[i].attester, requests[i].request.nonce, msg.sender, reason);
            }
        }
    }

    /// @inheritdoc IAttestationRegistry
    function revoke(bytes32 uid) external {
        _revoke(msg.sender, uid);
    }

    /// @inheritdoc IAttestationRegistry
    function multiRevoke(bytes32[] calldata uids) external {
        for (uint256 i; i < uids.length; ++i) {
            _revoke(msg.sender, uids[i]);
        }
    }

    /// @inheritdoc IAttestationRegistry
    function revokeByDelegation(DelegatedRevocationRequest calldata request) external {
        _checkDeadline(request.deadline);
        _burnNonce(request.revoker, request.nonce);
        _checkSignature(request.revoker, revocationDigest(request), request.signature);
        _revoke(request.revoker, request.uid);
    }

    /// @inheritdoc IAttestationRegistry
    function multiRevokeByDelegation(DelegatedRevocationRequest[] calldata requests)
        external
        returns (bool[] memory revoked)
    {
        revoked = new bool[](requests.length);
        for (uint256 i; i < requests.length; ++i) {
            try this.revokeByDelegation(requests[i]) {
                revoked[i] = true;
            } catch (bytes memory reason) {
                emit BatchItemSkipped(i, requests[i].revoker, requests[i].nonce, msg.sender, reason);
            }
        }
    }

    /// @inheritdoc IAttestationRegistry
    function cancelNonces(uint96[] calldata nonces) external {
        for (uint256 i; i < nonces.length; ++i) {
            _burnNonce(msg.sender, nonces[i]);
            emit NonceCancelled(msg.sender, nonces[i]);
        }
    }

    /// @inheritdoc IAttestationRegistry
    function isValid(bytes32 uid) public view returns (bool) {
        return _isValid(_records[uid]);
    }

    /// @inheritdoc IAttestationRegistry
    function isConfirmed(bytes32 uid) external view returns (bool) {
        return isValid(uid) && isValid(_confirmations[uid]);
    }

    /// @inheritdoc IAttestationRegistry
    function confirmationOf(bytes32 uid) external view returns (bytes32) {
        return _confirmations[uid];
    }

    /// @inheritdoc IAttestationRegistry
    function getAttestation(bytes32 uid) external view returns (AttestationRecord memory record) {
        StoredAttestation memory stored = _records[uid];
        if (stored.schemaIndex == 0) return record;
        record = AttestationRecord({
            uid: uid,
            schema: _schemaUids[stored.schemaIndex],
            attester: _attesterOf(uid),
            subject: stored.subject,
            expiration: stored.expiration,
            revocable: stored.flags & _REVOCABLE != 0,
            revoked: stored.flags & _REVOKED != 0
        });
    }

    /// @inheritdoc IAttestationRegistry
    function isNonceUsed(address signer, uint96 nonce) external view returns (bool) {
        return _isUsed(_records[uidOf(signer, nonce)]);
    }

    /// @inheritdoc IAttestationRegistry
    function uidOf(address attester, uint96 nonce) public pure returns (bytes32) {
        return bytes32((uint256(uint160(attester)) << 96) | nonce);
    }

    /// @dev Every rule of an attestation, shared by the direct and the delegated paths.
    function _attest(address attester, AttestationRequest calldata request) private returns (bytes32 uid) {
        SchemaEntry memory schema = _schemas[request.schema];
        if (schema.index == 0) revert UnknownSchema(request.schema);
        if (request.subject == attester) revert SelfAttestation(attester);
        if (request.subject == address(0)) revert ZeroSubject();
        if (request.expiration != 0 && request.expiration <= block.timestamp) {
            revert ExpirationInPast(request.expiration, block.timestamp);
        }
        uid = uidOf(attester, request.nonce);
        if (_isUsed(_records[uid])) revert NonceUsed(attester, request.nonce);
        bool confirms = request.refUID != 0 && _confirms(attester, request.subject, request.refUID);

        uint8 flags = (schema.revocable ? _REVOCABLE : 0) | (address(schema.hook) != address(0) ? _HOOKED : 0);
        _records[uid] = StoredAttestation({
            subject: request.subject,
            expiration: request.expiration,
            schemaIndex: schema.index,
            flags: flags
        });
        emit Attested(
            request.schema, attester, request.subject, uid, request.refUID, request.expiration, request.data
        );
        if (confirms) {
            _confirmations[request.refUID] = uid;
            emit Confirmed(request.refUID, uid);
        }
        if (flags & _HOOKED != 0) {
            schema.hook.onAttest(
                uid, request.schema, attester, request.subject, request.refUID, request.expiration, request.data
            );
        }
    }

    /// @dev Reverts if `refUID` names no attestation. True if the new attestation (attester -> subject) is the
    ///      counterparty's answer to a valid `refUID` (subject -> attester) that has no valid confirmation yet.
    function _confirms(address attester, address subject, bytes32 refUID) private view returns (bool) {
        StoredAttestation memory referenced = _records[refUID];
        if (referenced.schemaIndex == 0) revert UnknownRefUID(refUID);
        return referenced.subject == attester && _attesterOf(refUID) == subject && _isValid(referenced)
            && !isValid(_confirmations[refUID]);
    }

    /// @dev Every rule of a revocation, shared by the direct and the delegated paths.
    function _revoke(address revoker, bytes32 uid) private {
        StoredAttestation storage stored = _records[uid];
        (address subject, uint32 schemaIndex, uint8 flags) = (stored.subject, stored.schemaIndex, stored.flags);
        if (schemaIndex == 0) revert UnknownAttestation(uid);
        if (_attesterOf(uid) != revoker) revert NotAttester(uid, revoker);
        if (flags & _REVOCABLE == 0) revert NotRevocable(uid);
        if (flags & _REVOKED != 0) revert AlreadyRevoked(uid);

        stored.flags = flags | _REVOKED;
        emit Revoked(uid, revoker, subject);
        if (flags & _HOOKED != 0) {
            bytes32 schemaUid = _schemaUids[schemaIndex];
            IAttestationHook hook = _schemas[schemaUid].hook;
            try hook.onRevoke(uid, schemaUid, revoker, subject) {}
            catch {
                emit RevocationHookFailed(uid, hook);
            }
        }
    }

    /// @dev Marks `nonce` of `signer` used without an attestation; reverts if it is used already.
    function _burnNonce(address signer, uint96 nonce) private {
        bytes32 slot = uidOf(signer, nonce);
        if (_isUsed(_records[slot])) revert NonceUsed(signer, nonce);
        _records[slot].flags = _NONCE_BURNT;
    }

    function _isUsed(StoredAttestation memory stored) private pure returns (bool) {
        return stored.schemaIndex != 0 || stored.flags != 0;
    }

    function _isValid(StoredAttestation memory stored) private view returns (bool) {
        return stored.schemaIndex != 0 && stored.flags & _REVOKED == 0
            && (stored.expiration == 0 || block.timestamp < stored.expiration);
    }

    function _attesterOf(bytes32 uid) private pure returns (address) {
        return address(uint160(uint256(uid) >> 96));
    }
}
