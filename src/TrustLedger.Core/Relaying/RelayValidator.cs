using System.Collections.Concurrent;
using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Contracts.Standards;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Relaying;

/// <summary>Why a request was refused before any gas was spent. Codes name the registry's errors where one applies.</summary>
public sealed record RelayRejection(string Code, string Detail, string? Field = null);

/// <summary>
/// Checks a signed request against everything the registry would check, off chain, so a request
/// that would fail is refused with a precise reason instead of costing gas and a batch slot.
/// </summary>
public sealed class RelayValidator(IWeb3 web3, string registry, RegistryDomain domain, Outbox outbox, RelayerOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (SchemaRecord Record, SchemaDefinition? Definition)> _schemas = new(StringComparer.Ordinal);
    private readonly IntakeReads _reads = new(web3, registry);
    private readonly ConcurrentDictionary<string, (AllowedSchema? Entry, long Changes, DateTimeOffset ReadAt)> _allowed = new(StringComparer.Ordinal);

    /// <summary>How long an admin-allowed schema's entry is reused: another process's change to the list shows this late at most.</summary>
    private static readonly TimeSpan AllowedSchemaAge = TimeSpan.FromSeconds(1);

    public RegistryDomain Domain => domain;

    public Task<RelayRejection?> CheckAsync(SignedAttestation a, CancellationToken ct = default) => CheckAsync(a, signed: true, ct);

    /// <summary>
    /// Every check but the signature's: what typed-data endpoints run before handing out a request to
    /// sign, so a wallet is never asked to sign what intake would then refuse.
    /// </summary>
    public Task<RelayRejection?> CheckUnsignedAsync(SignedAttestation a, CancellationToken ct = default) => CheckAsync(a, signed: false, ct);

    private async Task<RelayRejection?> CheckAsync(SignedAttestation a, bool signed, CancellationToken ct)
    {
        if (CheckDeadline(a.Deadline) is { } late) return late;
        if (RelayLimits.CheckAbsoluteSize(a.Data, options) is { } huge) return huge;
        if (a.Nonce < 0 || a.Nonce > RegistryUids.MaxNonce) return new("MalformedRequest", "nonce must fit in 96 bits", "nonce");
        if (a.Subject == RegistryUids.ZeroAddress) return new("ZeroSubject", "the subject is the zero address", "subject");
        if (a.Subject == a.Attester) return new("SelfAttestation", $"{a.Attester} cannot attest about itself", "subject");
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (a.Expiration != 0 && a.Expiration <= (ulong)now)
            return new("ExpirationInPast", $"expiration {a.Expiration} is not after now ({now})", "expiration");
        // The two reads of the node, asked at once with those of every request arriving meanwhile (IntakeReads): one
        // round trip (behind the block the node is mining, while the relayer keeps it busy) for the whole group.
        var (hasCode, nonceUsed) = await _reads.SignerAsync(a.Attester, a.Nonce);
        if (signed && !await SignedByAsync(a.Attester, hasCode, domain.AttestationDigest(a), a.Signature))
            return new("InvalidSignature", $"the signature is not {a.Attester}'s over this request (EIP-712 domain {domain.Name} v{domain.Version}, chain {domain.ChainId}, contract {domain.VerifyingContract})", "signature");

        var schema = await SchemaAsync(a.Schema);
        if (schema is null) return new("UnknownSchema", $"no schema {a.Schema} is registered", "schema");
        if (schema.Value.Definition is not { } definition)
            return new("UnknownSchema", $"the definition of schema {a.Schema} cannot be read from its SchemaRegistered event", "schema");
        if (await CheckRelayedSchemaAsync(a.Schema, schema.Value.Record, ct) is { } notRelayed) return notRelayed;
        if (CheckDataLimits(a, definition) is { } badData) return badData;

        if (nonceUsed)
            return new("NonceUsed", $"nonce {a.Nonce} of {a.Attester} is used already", "nonce");
        if (a.RefUid != RegistryUids.ZeroBytes32 && !await AttestationKnownAsync(a.RefUid, ct))
            return new("UnknownRefUID", $"no attestation {a.RefUid} exists or awaits relaying", "refUID");
        return null;
    }

    public Task<RelayRejection?> CheckAsync(SignedRevocation r, CancellationToken ct = default) => CheckAsync(r, signed: true, ct);

    /// <inheritdoc cref="CheckUnsignedAsync(SignedAttestation, CancellationToken)"/>
    public Task<RelayRejection?> CheckUnsignedAsync(SignedRevocation r, CancellationToken ct = default) => CheckAsync(r, signed: false, ct);

    private async Task<RelayRejection?> CheckAsync(SignedRevocation r, bool signed, CancellationToken ct)
    {
        if (CheckDeadline(r.Deadline) is { } late) return late;
        if (r.Nonce < 0 || r.Nonce > RegistryUids.MaxNonce) return new("MalformedRequest", "nonce must fit in 96 bits", "nonce");
        var (hasCode, nonceUsed) = await _reads.SignerAsync(r.Revoker, r.Nonce);
        if (signed && !await SignedByAsync(r.Revoker, hasCode, domain.RevocationDigest(r), r.Signature))
            return new("InvalidSignature", $"the signature is not {r.Revoker}'s over this revocation", "signature");
        if (nonceUsed)
            return new("NonceUsed", $"nonce {r.Nonce} of {r.Revoker} is used already", "nonce");

        var record = (await web3.Eth.GetContractQueryHandler<GetAttestationFunction>()
            .QueryDeserializingToObjectAsync<GetAttestationOutput>(new GetAttestationFunction { Uid = Hex.Decode(r.Uid) }, registry)).Record;
        if (record.Uid.All(b => b == 0))
        {
            // Not on chain yet: fine if its attestation waits in our outbox, from the same attester.
            var queued = (await outbox.FindByUidAsync(r.Uid, ct)).FirstOrDefault(q => q.Kind == "attest" && q.Status is "pending" or "sent");
            if (queued is null) return new("UnknownAttestation", $"no attestation {r.Uid}", "uid");
            return queued.Signer == r.Revoker ? null : new("NotAttester", $"{r.Revoker} did not make attestation {r.Uid}", "uid");
        }
        if (!string.Equals(record.Attester, r.Revoker, StringComparison.OrdinalIgnoreCase))
            return new("NotAttester", $"{r.Revoker} did not make attestation {r.Uid}", "uid");
        if (!record.Revocable) return new("NotRevocable", $"attestation {r.Uid} is under a non-revocable schema", "uid");
        if (record.Revoked) return new("AlreadyRevoked", $"attestation {r.Uid} is revoked already", "uid");
        return null;
    }

    private RelayRejection? CheckDeadline(BigInteger deadline)
    {
        var now = time.GetUtcNow();
        var earliest = now.Add(options.MinDeadlineMargin).ToUnixTimeSeconds();
        if (deadline < earliest)
            return new("DeadlinePassed", $"deadline {deadline} leaves less than {options.MinDeadlineMargin.TotalSeconds:0} s to relay", "deadline");
        var latest = now.Add(options.MaxDeadlineAhead).ToUnixTimeSeconds();
        return deadline > latest
            ? new("DeadlineTooFar", $"deadline {deadline} is more than {options.MaxDeadlineAhead.TotalDays:0.#} days ahead (latest {latest}): a signature must not stay valid for ever", "deadline")
            : null;
    }

    /// <summary>
    /// Only the product's schemas are relayed, and those an admin listed (<see cref="RelaySchemas"/>); a schema with a
    /// hook only when the admin allowed that hook on purpose. Nobody else's contract runs on our gas.
    /// </summary>
    private async Task<RelayRejection?> CheckRelayedSchemaAsync(string schemaUid, SchemaRecord record, CancellationToken ct)
    {
        if (ProductSchemas.ByUid(schemaUid) is not null) return null;
        var allowed = await AllowedAsync(schemaUid, ct);
        if (allowed is null)
            return new("SchemaNotRelayed", $"schema {schemaUid} is not one the relayer relays: the product's schemas, and those an admin allowed", "schema");
        var hooked = !string.Equals(record.Hook, RegistryUids.ZeroAddress, StringComparison.OrdinalIgnoreCase);
        return hooked && !allowed.AllowHook
            ? new("SchemaNotRelayed", $"schema {schemaUid} has a hook ({record.Hook.ToLowerInvariant()}) an admin has not allowed", "schema")
            : null;
    }

    /// <summary>The admin's entry for a schema, read at most once a second (and after any change this process made), not once per request.</summary>
    private async Task<AllowedSchema?> AllowedAsync(string schemaUid, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_allowed.TryGetValue(schemaUid, out var cached) && cached.Changes == RelaySchemas.Changes && now - cached.ReadAt < AllowedSchemaAge)
            return cached.Entry;
        var changes = RelaySchemas.Changes;
        var entry = await RelaySchemas.FindAsync(outbox.Database, schemaUid, ct);
        _allowed[schemaUid] = (entry, changes, now);
        return entry;
    }

    /// <summary>The schema's size limits (<see cref="RelayLimits"/>), then the data's shape, then each text member's limit.</summary>
    private RelayRejection? CheckDataLimits(SignedAttestation a, Attestations.SchemaDefinition definition)
    {
        var limits = RelayLimits.For(a.Schema, definition, options);
        if (RelayLimits.CheckSize(a.Data, limits) is { } tooLarge) return tooLarge;
        if (!Hex.TryDecode(a.Data, out var data) || !definition.TryDecode(data, out var values))
            return new("DataDoesNotMatchSchema", $"data is not the ABI encoding of ({definition.Text})", "data");
        return RelayLimits.CheckMembers(values, limits);
    }

    /// <summary>
    /// The signature as the registry will check it (OpenZeppelin SignatureChecker): a signer with code
    /// answers ERC-1271 for the bytes as given; a signer without code needs 65 bytes r || s || v with
    /// low s and v = 27 or 28. Wallets that sign with v = 0 or 1 (some hardware wallets) mean the same
    /// signature, so for a signer without code v is normalised to 27/28 here, before validation and
    /// storage: intake accepts exactly what the chain will accept.
    /// </summary>
    public async Task<string> ForChainAsync(string signer, string signature)
    {
        if (!Hex.TryDecode(signature, out var sig) || sig.Length != EthSigner.SignatureSize || sig[64] > 1) return signature;
        if (await HasCodeAsync(signer)) return signature; // the contract decides what its bytes mean
        sig[64] += 27;
        return Hex.Encode(sig);
    }

    /// <summary>Exactly the registry's rule: ERC-1271 when the signer has code, else ECDSA with v = 27/28 and low s.</summary>
    private async Task<bool> SignedByAsync(string signer, bool hasCode, byte[] digest, string signature)
    {
        if (!Hex.TryDecode(signature, out var sig)) return false;
        if (!hasCode)
            return sig.Length == EthSigner.SignatureSize && sig[64] is 27 or 28
                   && EthSigner.TryRecoverAddress(digest, sig, out var recovered) && recovered.ToLowerHex() == signer;
        try
        {
            var magic = await web3.Eth.GetContractQueryHandler<IsValidSignatureFunction>()
                .QueryAsync<byte[]>(signer, new IsValidSignatureFunction { Hash = digest, Signature = sig });
            return magic is { Length: >= 4 } && magic.AsSpan(0, 4).SequenceEqual(IsValidSignatureFunction.MagicValue);
        }
        catch (Exception e) when (e is Nethereum.ABI.FunctionEncoding.SmartContractRevertException or Nethereum.JsonRpc.Client.RpcResponseException)
        {
            return false;
        }
    }

    private Task<bool> HasCodeAsync(string address) => _reads.HasCodeAsync(address);

    private async Task<bool> AttestationKnownAsync(string uid, CancellationToken ct)
    {
        var record = (await web3.Eth.GetContractQueryHandler<GetAttestationFunction>()
            .QueryDeserializingToObjectAsync<GetAttestationOutput>(new GetAttestationFunction { Uid = Hex.Decode(uid) }, registry)).Record;
        if (record.Uid.Any(b => b != 0)) return true;
        return (await outbox.FindByUidAsync(uid, ct)).Any(q => q.Kind == "attest" && q.Status is "pending" or "sent");
    }

    /// <summary>
    /// A registered schema and its parsed definition (from its SchemaRegistered event; the
    /// registry stores only the id). Schemas never change once registered, so this caches.
    /// </summary>
    public async Task<(SchemaRecord Record, SchemaDefinition? Definition)?> SchemaAsync(string uid)
    {
        if (_schemas.TryGetValue(uid, out var cached)) return cached;
        var record = (await web3.Eth.GetContractQueryHandler<GetSchemaFunction>()
            .QueryDeserializingToObjectAsync<GetSchemaOutput>(new GetSchemaFunction { Uid = Hex.Decode(uid) }, registry)).Record;
        if (record.Uid.All(b => b == 0)) return null;
        var filter = new NewFilterInput
        {
            Address = [registry],
            FromBlock = BlockParameter.CreateEarliest(),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [ABITypedRegistry.GetEvent<SchemaRegisteredEvent>().Sha3Signature.EnsureHexPrefix(), uid],
        };
        var logs = (await web3.Eth.Filters.GetLogs.SendRequestAsync(filter)).DecodeAllEvents<SchemaRegisteredEvent>();
        SchemaDefinition? definition = null;
        if (logs.Count > 0) SchemaDefinition.TryParse(logs[0].Event.Schema, out definition, out _);
        return _schemas[uid] = (record, definition);
    }
}
