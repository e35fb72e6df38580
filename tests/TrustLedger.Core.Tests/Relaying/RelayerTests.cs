using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Tests.Relaying;

/// <summary>The relayer against the real local node; the same suite for SQLite and PostgreSQL.</summary>
public abstract class RelayerTests(string databaseKind) : IAsyncLifetime
{
    private RelayHarness _h = null!;
    private readonly EthPrivateKey _alice = EthPrivateKey.Generate();
    private readonly EthPrivateKey _bob = EthPrivateKey.Generate();

    public async ValueTask InitializeAsync() => _h = await RelayHarness.StartAsync(databaseKind);

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task RelayedBatches_LandOnChain_AndEveryRequestIsConfirmed()
    {
        var requests = Enumerable.Range(0, 25).Select(i => _h.Sign(i % 2 == 0 ? _alice : _bob, RelayHarness.RandomAddress(), score: i % 5)).ToList();
        foreach (var r in requests)
            Assert.Equal(SubmissionOutcome.Accepted, (await _h.Intake.SubmitAsync(r)).Submission!.Outcome);
        var nonceBefore = await _h.RelayerNonceAsync();

        await _h.DrainAsync(_h.NewRelayer());

        foreach (var r in requests)
        {
            var stored = Assert.Single(await _h.Outbox.FindByUidAsync(r.Uid));
            Assert.Equal("confirmed", stored.Status);
            Assert.NotNull(stored.TxHash);
            Assert.True(await _h.IsValidOnChainAsync(r.Uid));
        }
        Assert.Equal(nonceBefore + 3, await _h.RelayerNonceAsync()); // 25 requests, batches of 10
    }

    [Fact]
    public async Task SameSignedRequestTwice_IsStoredOnceAndSentOnce()
    {
        var request = _h.Sign(_alice, RelayHarness.RandomAddress());

        var first = await _h.Intake.SubmitAsync(request);
        var second = await _h.Intake.SubmitAsync(request);
        await _h.DrainAsync(_h.NewRelayer());
        var third = await _h.Intake.SubmitAsync(request);

        Assert.Equal(SubmissionOutcome.Accepted, first.Submission!.Outcome);
        Assert.Equal(SubmissionOutcome.Duplicate, second.Submission!.Outcome);
        Assert.Equal(SubmissionOutcome.Duplicate, third.Submission!.Outcome);
        Assert.Equal(first.Submission.Request.Id, third.Submission.Request.Id);
        Assert.Equal("confirmed", third.Submission.Request.Status);
        Assert.Single(await _h.Outbox.FindByUidAsync(request.Uid));
    }

    [Fact]
    public async Task AnotherRequestWithAStoredNonce_IsRefused()
    {
        var nonce = RelayHarness.NextNonce();
        await _h.Intake.SubmitAsync(_h.Sign(_alice, RelayHarness.RandomAddress(), nonce: nonce));

        var (submission, rejection) = await _h.Intake.SubmitAsync(_h.Sign(_alice, RelayHarness.RandomAddress(), nonce: nonce));

        Assert.Null(submission);
        Assert.Equal("NonceAlreadyRequested", rejection!.Code);
    }

    [Fact]
    public async Task ConcurrentSubmissions_WrittenTogether_AreEachAnsweredAsIfAlone()
    {
        // Intake writes concurrent submissions in one database transaction and asks the node their questions in one
        // JSON-RPC batch: a duplicate, a conflicting nonce and a bad request inside such a group are answered as alone.
        var distinct = Enumerable.Range(0, 24).Select(_ => _h.Sign(_alice, RelayHarness.RandomAddress())).ToList();
        var twice = _h.Sign(_bob, RelayHarness.RandomAddress());
        var nonce = RelayHarness.NextNonce();
        var (one, other) = (_h.Sign(_bob, RelayHarness.RandomAddress(), nonce: nonce), _h.Sign(_bob, RelayHarness.RandomAddress(), nonce: nonce));
        var forged = _h.Sign(_alice, RelayHarness.RandomAddress()) with { Attester = _bob.Address.ToLowerHex() };

        var answers = await Task.WhenAll(distinct.Concat([twice, twice, one, other, forged])
            .Select(request => Task.Run(() => _h.Intake.SubmitAsync(request))));

        var stored = answers[..24];
        Assert.All(stored, a => Assert.Equal(SubmissionOutcome.Accepted, a.Submission!.Outcome));
        Assert.Equal(24, stored.Select(a => a.Submission!.Request.Id).Distinct().Count());
        Assert.Equal([SubmissionOutcome.Accepted, SubmissionOutcome.Duplicate], answers[24..26].Select(a => a.Submission!.Outcome).Order());
        Assert.Equal(answers[24].Submission!.Request.Id, answers[25].Submission!.Request.Id);
        Assert.Single(answers[26..28], a => a.Submission?.Outcome == SubmissionOutcome.Accepted);
        Assert.Single(answers[26..28], a => a.Rejection?.Code == "NonceAlreadyRequested");
        Assert.Equal("InvalidSignature", answers[28].Rejection!.Code);
        foreach (var (request, answer) in distinct.Zip(stored))
            Assert.Equal(request.Uid, (await _h.Outbox.FindAsync(answer.Submission!.Request.Id))!.Uid);
        Assert.Equal(26L, await _h.ScalarAsync<long>("SELECT COUNT(*) FROM relay_requests"));
    }

    [Fact]
    public async Task AGroupTheDatabaseRefuses_IsWrittenAgainOneByOne_AndOnlyTheBadRowFails()
    {
        // A row the database refuses (a NOT NULL column left null) fails its group's transaction; the group is written
        // again one request at a time, so the bad one fails alone and the others grouped with it are committed.
        var gate = _h.Outbox.EnqueueAsync(RelayKind.Attest, "0x" + new string('1', 40), "1", "0x" + new string('a', 64), "d0", "{}");
        var calls = Enumerable.Range(0, 12).Select(i => Task.Run(() => _h.Outbox.EnqueueAsync(RelayKind.Attest, "0x" + new string('2', 40),
            $"{100 + i}", "0x" + new string('b', 64), $"d{i}", i == 5 ? null! : "{}"))).ToList();
        await gate;
        var outcomes = await Task.WhenAll(calls.Select(async c => { try { return (await c).Outcome.ToString(); } catch (System.Data.Common.DbException) { return "refused"; } }));

        Assert.Equal("refused", outcomes[5]);
        Assert.All(outcomes.Where((_, i) => i != 5), o => Assert.Equal(nameof(EnqueueOutcome.Created), o));
        Assert.Equal(12L, await _h.ScalarAsync<long>("SELECT COUNT(*) FROM relay_requests"));
    }

    public static TheoryData<string> BadRequests =>
    [
        "InvalidSignature:tampered", "InvalidSignature:otherChain", "InvalidSignature:otherContract", "InvalidSignature:otherSigner",
        "InvalidSignature:highS", "DeadlinePassed", "NonceUsed", "UnknownSchema", "DataDoesNotMatchSchema", "SelfAttestation",
        "ZeroSubject", "ExpirationInPast", "UnknownRefUID", "MalformedRequest",
        "DeadlineTooFar", "DeadlineTooFar:forever", "SchemaNotRelayed", "DataTooLarge", "FieldTooLong",
    ];

    [Theory, MemberData(nameof(BadRequests))]
    public async Task BadRequest_IsRejectedWithItsCode_AndNothingIsStored(string @case)
    {
        var subject = RelayHarness.RandomAddress();
        var good = _h.Sign(_alice, subject);
        var request = @case switch
        {
            "InvalidSignature:tampered" => good with { Subject = RelayHarness.RandomAddress() },
            "InvalidSignature:otherChain" => _h.Sign(_alice, subject, domain: new RegistryDomain(_h.Domain.Name, _h.Domain.Version, 1, _h.Registry)),
            "InvalidSignature:otherContract" => _h.Sign(_alice, subject, domain: new RegistryDomain(_h.Domain.Name, _h.Domain.Version, _h.Domain.ChainId, RelayHarness.RandomAddress())),
            "InvalidSignature:otherSigner" => _h.Sign(_bob, subject) with { Attester = _alice.Address.ToLowerHex() },
            "InvalidSignature:highS" => good with { Signature = HighS(good.Signature) },
            "DeadlinePassed" => _h.Sign(_alice, subject, deadline: DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds()),
            "NonceUsed" => await UsedNonceRequestAsync(subject),
            "UnknownSchema" => _h.Sign(_alice, subject, schema: Hex.Encode(new byte[32].Select((_, i) => (byte)i).ToArray())),
            "DataDoesNotMatchSchema" => _h.Sign(_alice, subject, data: "0x1234"),
            "SelfAttestation" => _h.Sign(_alice, _alice.Address.ToLowerHex()),
            "ZeroSubject" => _h.Sign(_alice, RegistryUids.ZeroAddress),
            "ExpirationInPast" => _h.Sign(_alice, subject, expiration: (ulong)DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()),
            "UnknownRefUID" => _h.Sign(_alice, subject, refUid: RegistryUids.UidOf(_bob.Address.ToLowerHex(), 424242)),
            "MalformedRequest" => good with { Nonce = RegistryUids.MaxNonce + 1 },
            "DeadlineTooFar" => _h.Sign(_alice, subject, deadline: DateTimeOffset.UtcNow.AddDays(31).ToUnixTimeSeconds()),
            "DeadlineTooFar:forever" => _h.Sign(_alice, subject, deadline: (System.Numerics.BigInteger.One << 256) - 1),
            "SchemaNotRelayed" => _h.Sign(_alice, subject, schema: await _h.RegisterSchemaAsync($"uint8 score,string note{RelayHarness.NextNonce()}")),
            "DataTooLarge" => _h.Sign(_alice, subject, context: new string('x', 5_000)),  // beyond Relayer:MaxDataBytes (4096)
            "FieldTooLong" => _h.Sign(_alice, subject, context: new string('x', 2_000)),  // within it, beyond Relayer:MaxStringBytes (1024)
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };

        var (submission, rejection) = await _h.Intake.SubmitAsync(request);

        Assert.Null(submission);
        Assert.Equal(@case.Split(':')[0], rejection!.Code);
        Assert.Empty(await _h.Outbox.FindByUidAsync(request.Nonce <= RegistryUids.MaxNonce ? request.Uid : good.Uid));
    }

    [Theory]
    [InlineData(RelayStep.Signed)]
    [InlineData(RelayStep.Broadcast)]
    [InlineData(RelayStep.Mined)]
    public async Task CrashAtAnyStep_ThenRestart_LosesNothingAndSendsNothingTwice(RelayStep crashAt)
    {
        var requests = Enumerable.Range(0, 5).Select(_ => _h.Sign(_alice, RelayHarness.RandomAddress())).ToList();
        foreach (var r in requests) await _h.Intake.SubmitAsync(r);
        var nonceBefore = await _h.RelayerNonceAsync();
        var crashing = _h.NewRelayer();
        crashing.AfterStep = step => step == crashAt ? throw new SimulatedCrash() : Task.CompletedTask;

        await Assert.ThrowsAsync<SimulatedCrash>(async () => await _h.DrainAsync(crashing));
        await _h.DrainAsync(_h.NewRelayer()); // a new process: nothing but the database survived

        foreach (var r in requests)
        {
            Assert.Equal("confirmed", Assert.Single(await _h.Outbox.FindByUidAsync(r.Uid)).Status);
            Assert.True(await _h.IsValidOnChainAsync(r.Uid));
        }
        Assert.Equal(nonceBefore + 1, await _h.RelayerNonceAsync()); // one transaction, never a second
    }

    [Theory]
    [InlineData(RelayStep.Signed)]
    [InlineData(RelayStep.Broadcast)]
    [InlineData(RelayStep.Mined)]
    public async Task CrashAtTheSecondOfSeveralBatches_ThenRestart_LosesNothingAndSendsNothingTwice(RelayStep crashAt)
    {
        var requests = Enumerable.Range(0, 25).Select(i => _h.Sign(i % 2 == 0 ? _alice : _bob, RelayHarness.RandomAddress())).ToList();
        foreach (var r in requests) await _h.Intake.SubmitAsync(r);
        var nonceBefore = await _h.RelayerNonceAsync();
        var crashing = _h.NewRelayer();
        var seen = 0;
        crashing.AfterStep = step => step == crashAt && Interlocked.Increment(ref seen) == 2 ? throw new SimulatedCrash() : Task.CompletedTask;

        await Assert.ThrowsAsync<SimulatedCrash>(async () => await _h.DrainAsync(crashing));
        await _h.DrainAsync(_h.NewRelayer()); // a new process: nothing but the database survived

        foreach (var r in requests)
        {
            Assert.Equal("confirmed", Assert.Single(await _h.Outbox.FindByUidAsync(r.Uid)).Status);
            Assert.True(await _h.IsValidOnChainAsync(r.Uid));
        }
        Assert.Equal(nonceBefore + 3, await _h.RelayerNonceAsync()); // batches of 10: three transactions, none twice
    }

    [Fact]
    public async Task ItemThatFailsOnChain_FailsAlone_WithTheRegistryError()
    {
        var doomed = _h.Sign(_alice, RelayHarness.RandomAddress());
        var fine = _h.Sign(_bob, RelayHarness.RandomAddress());
        await _h.Intake.SubmitAsync(doomed);
        await _h.Intake.SubmitAsync(fine);
        // The attester attests directly with the same nonce after we accepted the request.
        await BurnNonceAsync(doomed);

        await _h.DrainAsync(_h.NewRelayer());

        var failed = Assert.Single(await _h.Outbox.FindByUidAsync(doomed.Uid));
        Assert.Equal("failed", failed.Status);
        Assert.Equal("NonceUsed", failed.ErrorCode);
        Assert.Equal("confirmed", Assert.Single(await _h.Outbox.FindByUidAsync(fine.Uid)).Status);
    }

    [Fact]
    public async Task Revocation_IsRelayed_AndTheAttestationStopsBeingValid()
    {
        var attestation = _h.Sign(_alice, RelayHarness.RandomAddress());
        await _h.Intake.SubmitAsync(attestation);
        await _h.DrainAsync(_h.NewRelayer());

        var (submission, rejection) = await _h.Intake.SubmitAsync(_h.SignRevocation(_alice, attestation.Uid));
        Assert.Null(rejection);
        await _h.DrainAsync(_h.NewRelayer());

        Assert.Equal("confirmed", (await _h.Outbox.FindAsync(submission!.Request.Id))!.Status);
        Assert.False(await _h.IsValidOnChainAsync(attestation.Uid));
        var again = await _h.Intake.SubmitAsync(_h.SignRevocation(_alice, attestation.Uid));
        Assert.Equal("AlreadyRevoked", again.Rejection!.Code);
        var stranger = await _h.Intake.SubmitAsync(_h.SignRevocation(_bob, attestation.Uid));
        Assert.Equal("NotAttester", stranger.Rejection!.Code);
    }

    private async Task<SignedAttestation> UsedNonceRequestAsync(string subject)
    {
        var first = _h.Sign(_alice, subject);
        await BurnNonceAsync(first);
        return _h.Sign(_alice, RelayHarness.RandomAddress(), nonce: first.Nonce);
    }

    /// <summary>Uses a request's nonce on chain behind the relayer's back (a direct delegated submission).</summary>
    private async Task BurnNonceAsync(SignedAttestation request) =>
        await _h.Web3.Eth.GetContractTransactionHandler<TrustLedger.Contracts.AttestationRegistry.AttestByDelegationFunction>()
            .SendRequestAndWaitForReceiptAsync(_h.Registry, new() { Request = request.ToContract() });

    /// <summary>The malleable twin of a low-s signature: s' = n - s, v flipped.</summary>
    private static string HighS(string signature)
    {
        var sig = Hex.Decode(signature);
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(sig.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var flipped = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(sig, 32, 32);
        flipped.CopyTo(sig, 64 - flipped.Length);
        sig[64] = (byte)(sig[64] == 27 ? 28 : 27);
        return Hex.Encode(sig);
    }

    private sealed class SimulatedCrash : Exception;
}

public sealed class SqliteRelayerTests() : RelayerTests("sqlite");

public sealed class PostgresRelayerTests() : RelayerTests("postgres");
