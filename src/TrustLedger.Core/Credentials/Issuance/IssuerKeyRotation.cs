using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nethereum.Contracts;
using Nethereum.Web3;
using TrustLedger.Contracts.Standards;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Data;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>What a rotation did: the new signing key's generation, address and method, and the transactions.</summary>
public sealed record IssuerKeyRotationResult(int Generation, string SigningAddress, string VerificationMethod, string AddTransaction, string? RevokeTransaction);

/// <summary>Why a rotation could not happen (the API answers 409 or 503 with it).</summary>
public sealed class IssuerKeyRotationException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Rotates the issuer's signing key without changing its DID: the issuer's did:ethr identity (the
/// issuer key, owner of the identity in the ERC-1056 registry) adds the next signing key as a
/// veriKey delegate, in one transaction through the <see cref="TransactionSender"/> of the issuer
/// key (purpose "issuer-did"), and, when asked, revokes the previous one in a second. Signing keys
/// are derived one-way from the identity key by generation (<see cref="IssuerKeys.DeriveSigningKey"/>),
/// so nothing new is stored and every replica finds the current one by reading the registry
/// (<see cref="LoadAsync"/>, at start-up and after each rotation here). Credentials signed before
/// still verify: the verifier reads the DID as it stood at their validFrom.
/// </summary>
public sealed class IssuerKeyRotation(IssuerKeys keys, DidResolver dids, IWeb3 web3, ServiceKey issuer, Database db,
    TransactionOptions sending, ILogger logger, TimeProvider time)
{
    public const string Purpose = "issuer-did";
    /// <summary>Generations looked for in the registry: enough for a rotation a week for a year.</summary>
    public const int MaxGenerations = 64;
    private static readonly byte[] VeriKey = EthrDidHistory.StringToBytes32("veriKey");
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly TransactionSender _sender = new(web3, issuer.ToAccount(keys.ChainId), db, Purpose, sending, logger, time);

    /// <summary>Reads the registry and makes the newest live generation the signing key (none: the identity key signs).</summary>
    public Task<IssuerKeys.SigningDelegate?> LoadAsync(CancellationToken ct) => LoadAsync(keys, dids, ct);

    /// <summary>
    /// <see cref="LoadAsync(CancellationToken)"/> for <paramref name="keys"/>. The identity key (#controller) stays valid
    /// whatever the delegates do, so a failure here leaves the issuer signing with it, never with a revoked key.
    /// </summary>
    public static async Task<IssuerKeys.SigningDelegate?> LoadAsync(IssuerKeys keys, DidResolver dids, CancellationToken ct)
    {
        if (dids.Registry is null) return null;
        var resolution = await dids.ResolveAsync(keys.EthrDid, DidVersion.Latest, ct);
        if (resolution.Document is null)
        {
            keys.Use(null);
            throw new IssuerKeyRotationException("chain-unavailable", "the issuer's DID could not be read: " + resolution.Message);
        }
        var current = Find(keys, resolution.Document);
        keys.Use(current);
        return current;
    }

    public async Task<IssuerKeyRotationResult> RotateAsync(bool revokePrevious, TimeSpan validity, CancellationToken ct)
    {
        if (dids.Registry is not { } registry)
            throw new IssuerKeyRotationException("did-registry-not-configured", "no ERC-1056 registry is configured (Credentials:EthrDidRegistry)");
        if (!await _one.WaitAsync(TimeSpan.Zero, ct)) throw new IssuerKeyRotationException("rotation-in-progress", "a rotation of the issuer key is under way");
        try
        {
            await SettleAllAsync(ct); // a rotation interrupted earlier finishes first, so nonces and generations never cross
            var previous = await LoadAsync(ct);
            int generation = (previous?.Generation ?? 0) + 1;
            if (generation > MaxGenerations) throw new IssuerKeyRotationException("rotation-limit", $"the issuer has used all {MaxGenerations} signing generations");
            var next = keys.DeriveSigningKey(generation);
            string identity = keys.Address.ToLowerHex();
            string add = await SendAsync(registry.Registry, new AddDelegateFunction
            {
                Identity = identity, DelegateType = VeriKey, Delegate = next.Address.ToLowerHex(), Validity = new BigInteger(validity.TotalSeconds),
            }.GetCallData(), ct);
            string? revoke = null;
            if (revokePrevious && previous is not null)
                revoke = await SendAsync(registry.Registry, new RevokeDelegateFunction
                {
                    Identity = identity, DelegateType = VeriKey, Delegate = previous.Key.Address.ToLowerHex(),
                }.GetCallData(), ct);
            var current = await LoadAsync(ct);
            logger.LogInformation("issuer signing key rotated to generation {Generation} ({Address})", generation, next.Address);
            return new(generation, next.Address.ToString(), keys.EthrDid + "#" + (current?.Fragment ?? "?"), add, revoke);
        }
        finally { _one.Release(); }
    }

    private static IssuerKeys.SigningDelegate? Find(IssuerKeys keys, JsonObject document)
    {
        string[] addresses = [.. Enumerable.Range(1, MaxGenerations).Select(g => keys.DeriveSigningKey(g).Address.ToString())];
        var assertion = (document["assertionMethod"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet() ?? [];
        IssuerKeys.SigningDelegate? best = null;
        foreach (var method in (document["verificationMethod"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (method["id"]?.GetValue<string>() is not { } id || !assertion.Contains(id) || method["blockchainAccountId"]?.GetValue<string>() is not { } account) continue;
            int index = Array.IndexOf(addresses, account.Split(':')[^1]);
            if (index >= 0 && (best is null || index + 1 > best.Generation))
                best = new(index + 1, keys.DeriveSigningKey(index + 1), id[(id.IndexOf('#') + 1)..]);
        }
        return best;
    }

    private async Task<string> SendAsync(string registry, byte[] data, CancellationToken ct)
    {
        var estimate = await _sender.EstimateAsync(registry, data);
        if (estimate.Gas is not { } gas)
            throw new IssuerKeyRotationException("rotation-refused", "the registry refuses the change: " + estimate.Refusal?.Message);
        var tx = await _sender.SendAsync(null, registry, data, gas, (_, _, _) => Task.FromResult(true), ct)
            ?? throw new IssuerKeyRotationException("rotation-refused", "the transaction was not recorded");
        await SettleAllAsync(ct);
        return tx.TxHash;
    }

    /// <summary>Waits until none of the issuer key's transactions is in flight (bounded by the sender's own replacement rules and 2 minutes).</summary>
    private async Task SettleAllAsync(CancellationToken ct)
    {
        var until = time.GetUtcNow() + TimeSpan.FromMinutes(2);
        while (await _sender.SettleAsync(null, ct) is { } settlement)
        {
            if (settlement is Settlement.Waiting)
            {
                if (time.GetUtcNow() > until) throw new IssuerKeyRotationException("chain-unavailable", "the rotation transaction is not mined yet; it stays recorded and is settled by the next rotation");
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
                continue;
            }
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (settlement is Settlement.Mined mined) await _sender.MarkMinedAsync(connection, transaction, mined.Transaction.Nonce, mined.Receipt, ct);
            else if (settlement is Settlement.Dropped dropped) await _sender.MarkDroppedAsync(connection, transaction, dropped.Nonce, dropped.Reason, ct);
            await transaction.CommitAsync(ct);
            if (settlement is Settlement.Mined { Receipt.Status.Value: var status } && status != 1)
                throw new IssuerKeyRotationException("rotation-refused", "the registry transaction reverted");
            if (settlement is Settlement.Dropped gone) throw new IssuerKeyRotationException("rotation-refused", "the registry transaction was dropped: " + gone.Reason);
        }
    }
}
