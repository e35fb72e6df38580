// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAttestationHook} from "./IAttestationHook.sol";
import {IAttestationRegistry} from "./IAttestationRegistry.sol";
import {SchemaRecord} from "./AttestationTypes.sol";

/// @notice Schema storage of the registry. A schema is one slot keyed by its id plus one reverse entry
///         keyed by a 32-bit index, so that an attestation's slot can name its schema in 4 bytes.
abstract contract SchemaRegistry is IAttestationRegistry {
    /// @dev One slot: everything `attest` needs from a schema in a single SLOAD.
    struct SchemaEntry {
        uint32 index; // 1-based; 0 = not registered
        bool revocable;
        IAttestationHook hook;
    }

    mapping(bytes32 schemaUid => SchemaEntry) internal _schemas;
    mapping(uint32 index => bytes32 schemaUid) internal _schemaUids;
    /// @dev Starts at 1 (set in the constructor) so the first registration pays a 5k, not 22k, write.
    uint32 private _nextSchemaIndex;

    constructor() {
        _nextSchemaIndex = 1;
    }

    /// @inheritdoc IAttestationRegistry
    function registerSchema(string calldata schema, IAttestationHook hook, bool revocable)
        external
        returns (bytes32 uid)
    {
        uid = keccak256(abi.encodePacked(schema, hook, revocable));
        if (_schemas[uid].index != 0) revert SchemaAlreadyRegistered(uid);
        if (address(hook) != address(0) && address(hook).code.length == 0) revert HookNotAContract(hook);

        uint32 index = _nextSchemaIndex++;
        _schemas[uid] = SchemaEntry({index: index, revocable: revocable, hook: hook});
        _schemaUids[index] = uid;
        emit SchemaRegistered(uid, msg.sender, hook, revocable, schema);
    }

    /// @inheritdoc IAttestationRegistry
    function getSchema(bytes32 uid) external view returns (SchemaRecord memory record) {
        SchemaEntry memory entry = _schemas[uid];
        if (entry.index != 0) record = SchemaRecord({uid: uid, hook: entry.hook, revocable: entry.revocable});
    }
}
