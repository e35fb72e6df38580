using System.Text;
using System.Text.Json;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Anchoring;

/// <summary>
/// What goes on chain for a credential (see docs/credentials.md, "Anchoring"):
/// <list type="bullet">
/// <item><b>anchor key</b> = keccak256(UTF-8 of the credential's id). Known before signing, so
///   credentialStatus.anchorKey can name it; the registry entry is looked up by it.</item>
/// <item><b>anchor hash</b> = keccak256 of the secured credential's canonical bytes: for an
///   embedded proof (EIP-712) the JCS (RFC 8785) form of the whole credential, proof included;
///   for VC-JOSE-COSE the ASCII bytes of the compact JWS. Binds the anchor to exactly one
///   signed artifact; whitespace or member order changes do not change it.</item>
/// </list>
/// </summary>
public static class CredentialAnchor
{
    public static byte[] Key(string credentialId) => Keccak256.Hash(Encoding.UTF8.GetBytes(credentialId));

    public static string KeyHex(string credentialId) => Hex.Encode(Key(credentialId));

    public static byte[] HashOfCredential(JsonElement securedCredential) => Keccak256.Hash(Jcs.Canonicalize(securedCredential));

    public static byte[] HashOfCredential(System.Text.Json.Nodes.JsonObject securedCredential) => Keccak256.Hash(Jcs.Canonicalize(securedCredential));

    public static byte[] HashOfJws(string compactJws) => Keccak256.Hash(Encoding.ASCII.GetBytes(compactJws));
}
