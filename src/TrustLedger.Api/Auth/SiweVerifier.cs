using System.Text;
using Microsoft.Extensions.Options;
using Nethereum.JsonRpc.Client;
using TrustLedger.Contracts.Standards;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Auth;

/// <summary>
/// Checks a signed SIWE message against this service: domain, URI, chain, times, nonce and
/// signature (EIP-191 for keys, ERC-1271 for contract wallets). The nonce is consumed last,
/// only once everything else holds, so a bad attempt cannot burn a client's nonce.
/// </summary>
public sealed class SiweVerifier(ChainConnection chain, Nonces nonces, IOptions<AuthOptions> options, TimeProvider clock, ILogger<SiweVerifier> logger)
{
    public const int MaxMessageLength = 8 * 1024;
    public const int MaxSignatureBytes = 4 * 1024; // ERC-1271 wallets (multisigs) may send more than 65 bytes

    /// <summary>The proven address, or the first check that failed.</summary>
    public async Task<(EthAddress? Address, AuthProblem? Problem)> VerifyAsync(string text, string signatureHex, HttpRequest request, CancellationToken ct)
    {
        if (text.Length > MaxMessageLength)
            return Fail(AuthProblem.InvalidMessage($"the message is longer than {MaxMessageLength} characters"));
        if (!SiweMessage.TryParse(text, out var message, out var error)) return Fail(AuthProblem.InvalidMessage(error));
        if (!Hex.TryDecode(signatureHex, out var signature) || signature.Length is 0 or > MaxSignatureBytes || !signatureHex.StartsWith("0x", StringComparison.Ordinal))
            return Fail(AuthProblem.InvalidMessage($"the signature must be 0x-prefixed hex of 1 to {MaxSignatureBytes} bytes"));

        if (CheckBinding(message!, request) is { } mismatch) return Fail(mismatch);
        if (CheckTimes(message!) is { } timing) return Fail(timing);
        if (!await nonces.IsLiveAsync(message!.Nonce, ct))
            return Fail(AuthProblem.NonceInvalid("the nonce was not issued by POST /v1/auth/nonce, was used already, or has expired"));

        var address = EthAddress.Parse(message.Address);
        if (await CheckSignatureAsync(text, signature, address, ct) is { } bad) return Fail(bad);

        if (!await nonces.TryConsumeAsync(message.Nonce, ct))
            return Fail(AuthProblem.NonceInvalid("the nonce was used by another login a moment ago, or has just expired"));
        return (address, null);
    }

    private static (EthAddress?, AuthProblem?) Fail(AuthProblem problem) => (null, problem);

    private AuthProblem? CheckBinding(SiweMessage message, HttpRequest request)
    {
        var expectedDomain = string.IsNullOrEmpty(options.Value.Domain) ? request.Host.Value ?? "" : options.Value.Domain;
        if (!string.Equals(message.Domain, expectedDomain, StringComparison.OrdinalIgnoreCase))
            return AuthProblem.DomainMismatch($"the message is for '{message.Domain}'; this service signs in for '{expectedDomain}'");

        var uri = new Uri(message.Uri);
        if (message.Scheme is not null && !string.Equals(message.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase))
            return AuthProblem.UriMismatch($"the scheme before the domain ({message.Scheme}) differs from the URI's ({uri.Scheme})");
        if (!string.IsNullOrEmpty(options.Value.Origin))
        {
            var origin = new Uri(options.Value.Origin);
            if (!SameOrigin(uri, origin))
                return AuthProblem.UriMismatch($"the URI must be on {origin.GetLeftPart(UriPartial.Authority)}");
        }
        else
        {
            var schemes = request.IsHttps ? "https" : "http or https";
            var schemeOk = uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && !request.IsHttps);
            if (!schemeOk || !string.Equals(Authority(uri), expectedDomain, StringComparison.OrdinalIgnoreCase))
                return AuthProblem.UriMismatch($"the URI must be {schemes}://{expectedDomain}/...");
        }

        if (message.ChainId != chain.ChainId)
            return AuthProblem.ChainMismatch($"the message is for chain {message.ChainId}; this service runs on chain {chain.ChainId}");
        return null;
    }

    private AuthProblem? CheckTimes(SiweMessage message)
    {
        var now = clock.GetUtcNow();
        var skew = options.Value.ClockSkew;
        if (message.IssuedAtTime > now + skew)
            return AuthProblem.NotYetValid($"Issued At ({message.IssuedAt}) is in the future");
        if (message.NotBeforeTime is { } notBefore && notBefore > now + skew)
            return AuthProblem.NotYetValid($"the message is valid only from {message.NotBefore}");
        if (message.ExpirationTimeValue is { } expires && expires <= now - skew)
            return AuthProblem.Expired($"the message expired at {message.ExpirationTime}");
        return null;
    }

    private async Task<AuthProblem?> CheckSignatureAsync(string text, byte[] signature, EthAddress address, CancellationToken ct)
    {
        var hash = PersonalMessageHash(Encoding.UTF8.GetBytes(text));
        EthAddress? recovered = EthSigner.TryRecoverAddress(hash, signature, out var signer) ? signer : null;
        if (recovered == address) return null;

        // Not the key's own signature: maybe the address is a contract wallet that vouches for it.
        try
        {
            var code = await chain.Web3.Eth.GetCode.SendRequestAsync(address.ToLowerHex());
            if (code is { Length: > 2 } && await IsValidContractSignatureAsync(address, hash, signature)) return null;
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            logger.LogWarning("ERC-1271 check for {Address} failed: {Error}", address, e.Message);
            return AuthProblem.ChainUnavailable("cannot reach the chain to check a contract wallet's signature; try again");
        }
        ct.ThrowIfCancellationRequested();
        return AuthProblem.SignatureInvalid(recovered is { } other
            ? $"the signature is by {other}, not by {address}"
            : $"the signature does not recover and {address} does not accept it as a contract wallet (ERC-1271)");
    }

    private async Task<bool> IsValidContractSignatureAsync(EthAddress wallet, byte[] hash, byte[] signature)
    {
        try
        {
            var result = await chain.Web3.Eth.GetContractQueryHandler<IsValidSignatureFunction>().QueryAsync<byte[]>(
                wallet.ToLowerHex(), new IsValidSignatureFunction { Hash = hash, Signature = signature });
            return result is { Length: >= 4 } && result.AsSpan(0, 4).SequenceEqual(IsValidSignatureFunction.MagicValue);
        }
        catch (Exception e) when (!IsTransportFailure(e))
        {
            // Reverted, has no such function, or returned something that is not a bytes4: not a yes.
            return false;
        }
    }

    /// <summary>EIP-191 version 0x45 (personal_sign): keccak256("\x19Ethereum Signed Message:\n" + len + message).</summary>
    public static byte[] PersonalMessageHash(ReadOnlySpan<byte> message)
    {
        var prefix = Encoding.ASCII.GetBytes($"\u0019Ethereum Signed Message:\n{message.Length}");
        var hash = new byte[32];
        Keccak256.Hash(prefix, message, hash);
        return hash;
    }

    private static bool IsTransportFailure(Exception e) =>
        e is RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException or OperationCanceledException;

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static string Authority(Uri uri) => uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
}
