using System.Text;
using TrustLedger.Api.Auth;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>The EIP-4361 parser alone: what the ABNF allows is read back exactly, anything else is refused.</summary>
public sealed class SiweMessageTests
{
    private const string Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    // Written and signed by ethers v6 (Wallet(hardhat key #0).signMessage), as a browser app would.
    private const string EthersMessage =
        "app.trustledger.dev wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\n" +
        "Sign in to TrustLedger.\n\nURI: https://app.trustledger.dev\nVersion: 1\nChain ID: 31337\nNonce: Qk3xV9hT2mPa7LcR0sYdWe8u\n" +
        "Issued At: 2026-01-01T00:00:00.000Z";
    private const string EthersSignature =
        "0x2c104858e4cb4d11fd36d68a929e3f20ca571a9e3b44c88e7b696fea3a4d3a015d847dc1000bbfca1348cfe3691b67871be1e68a7a4b2a9e4ce9beb7c1429fe91c";

    private const string Full =
        "https://service.org wants you to sign in with your Ethereum account:\n" + Address + "\n\n" +
        "I accept the ServiceOrg Terms of Service: https://service.org/tos\n\n" +
        "URI: https://service.org/login\nVersion: 1\nChain ID: 1\nNonce: 32891756\nIssued At: 2021-09-30T16:25:24Z\n" +
        "Expiration Time: 2021-10-01T16:25:24.000Z\nNot Before: 2021-09-30T16:00:00+02:00\nRequest ID: some-request_1:2@x\n" +
        "Resources:\n- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/\n- https://example.com/my-web2-claim.json";

    [Fact]
    public void Parse_EthersSignedMessage_ReadsEveryFieldAndTheSignatureRecoversItsAddress()
    {
        Assert.True(SiweMessage.TryParse(EthersMessage, out var message, out var error), error);

        Assert.Equal("app.trustledger.dev", message!.Domain);
        Assert.Null(message.Scheme);
        Assert.Equal(Address, message.Address);
        Assert.Equal("Sign in to TrustLedger.", message.Statement);
        Assert.Equal("https://app.trustledger.dev", message.Uri);
        Assert.Equal(31337, message.ChainId);
        Assert.Equal("Qk3xV9hT2mPa7LcR0sYdWe8u", message.Nonce);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), message.IssuedAtTime);
        Assert.Equal(EthersMessage, message.ToString());
        var hash = SiweVerifier.PersonalMessageHash(Encoding.UTF8.GetBytes(EthersMessage));
        Assert.True(EthSigner.TryRecoverAddress(hash, Hex.Decode(EthersSignature), out var signer));
        Assert.Equal(Address, signer.ToString());
    }

    // Written by the siwe npm package 3.0.0 (new SiweMessage({...}).prepareMessage()).
    [Theory]
    [InlineData("localhost wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\nSign in to TrustLedger.\n\nURI: http://localhost/\nVersion: 1\nChain ID: 31337\nNonce: Qk3xV9hT2mPa7LcR0sYdWe8u\nIssued At: 2026-01-01T00:00:00.000Z")]
    [InlineData("https://app.example wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\n\nURI: https://app.example\nVersion: 1\nChain ID: 1\nNonce: Qk3xV9hT2mPa7LcR0sYdWe8u\nIssued At: 2026-01-01T00:00:00.000Z\nExpiration Time: 2026-01-02T00:00:00.000Z\nNot Before: 2026-01-01T00:00:00.000Z\nRequest ID: abc\nResources:\n- https://example.com/a")]
    public void Parse_SiweLibraryOutput_RoundTrips(string text)
    {
        Assert.True(SiweMessage.TryParse(text, out var message, out var error), error);
        Assert.Equal(text, message!.ToString());
    }

    [Fact]
    public void PersonalMessageHash_MatchesEthersHashMessage()
    {
        // ethers.hashMessage("hello")
        Assert.Equal("0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750",
            Hex.Encode(SiweVerifier.PersonalMessageHash("hello"u8)));
    }

    [Fact]
    public void Parse_MessageWithEveryOptionalField_ReadsThemAndWritesTheSameText()
    {
        Assert.True(SiweMessage.TryParse(Full, out var message, out var error), error);

        Assert.Equal("https", message!.Scheme);
        Assert.Equal("service.org", message.Domain);
        Assert.Equal(new DateTimeOffset(2021, 10, 1, 16, 25, 24, TimeSpan.Zero), message.ExpirationTimeValue);
        Assert.Equal(new DateTimeOffset(2021, 9, 30, 14, 0, 0, TimeSpan.Zero), message.NotBeforeTime);
        Assert.Equal("some-request_1:2@x", message.RequestId);
        Assert.Equal(2, message.Resources!.Count);
        Assert.Equal(Full, message.ToString());
    }

    [Fact]
    public void Parse_MessageWithoutStatement_HasTwoEmptyLinesAfterTheAddress()
    {
        var text = "localhost:3000 wants you to sign in with your Ethereum account:\n" + Address +
                   "\n\n\nURI: http://localhost:3000\nVersion: 1\nChain ID: 31337\nNonce: abcdefgh\nIssued At: 2021-09-30t16:25:24z";

        Assert.True(SiweMessage.TryParse(text, out var message, out var error), error);

        Assert.Null(message!.Statement);
        Assert.Equal("localhost:3000", message.Domain);
        Assert.Equal(new DateTimeOffset(2021, 9, 30, 16, 25, 24, TimeSpan.Zero), message.IssuedAtTime);
        Assert.Equal(text, message.ToString());
    }

    [Fact]
    public void Parse_EmptyResourceList_IsAllowed()
    {
        Assert.True(SiweMessage.TryParse(EthersMessage + "\nResources:", out var message, out var error), error);
        Assert.Empty(message!.Resources!);
    }

    [Theory]
    [InlineData("CR LF line ends", "\n", "\r\n")]
    [InlineData("trailing newline", "Issued At: 2026-01-01T00:00:00.000Z", "Issued At: 2026-01-01T00:00:00.000Z\n")]
    [InlineData("lower-case address", Address, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")]
    [InlineData("wrong checksum", Address, "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266")]
    [InlineData("short address", Address, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb9226")]
    [InlineData("no empty line after the address", Address + "\n\n", Address + "\n")]
    [InlineData("header wording", "wants you to sign in with", "wants you to sign into")]
    [InlineData("domain with a space", "app.trustledger.dev wants", "app trustledger.dev wants")]
    [InlineData("statement with a quote", "Sign in to TrustLedger.", "Sign in to \"TrustLedger\".")]
    [InlineData("statement not ASCII", "Sign in to TrustLedger.", "Connexion à TrustLedger.")]
    [InlineData("statement over two lines", "Sign in to TrustLedger.", "Sign in\nto TrustLedger.")]
    [InlineData("relative URI", "URI: https://app.trustledger.dev", "URI: /login")]
    [InlineData("URI with a space", "URI: https://app.trustledger.dev", "URI: https://app.trustledger.dev/a b")]
    [InlineData("version 2", "Version: 1", "Version: 2")]
    [InlineData("hex chain id", "Chain ID: 31337", "Chain ID: 0x7a69")]
    [InlineData("negative chain id", "Chain ID: 31337", "Chain ID: -1")]
    [InlineData("short nonce", "Qk3xV9hT2mPa7LcR0sYdWe8u", "Qk3xV9h")]
    [InlineData("nonce with a dash", "Qk3xV9hT2mPa7LcR0sYdWe8u", "Qk3xV9hT-mPa7LcR0sYdWe8u")]
    [InlineData("date without zone", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000")]
    [InlineData("month 13", "2026-01-01T00:00:00.000Z", "2026-13-01T00:00:00.000Z")]
    [InlineData("date words", "2026-01-01T00:00:00.000Z", "yesterday")]
    [InlineData("fields reordered", "Version: 1\nChain ID: 31337", "Chain ID: 31337\nVersion: 1")]
    [InlineData("field name case", "Nonce: ", "nonce: ")]
    [InlineData("unknown field", "Issued At: 2026-01-01T00:00:00.000Z", "Issued At: 2026-01-01T00:00:00.000Z\nFoo: bar")]
    [InlineData("optional fields reordered", "Issued At: 2026-01-01T00:00:00.000Z",
        "Issued At: 2026-01-01T00:00:00.000Z\nNot Before: 2026-01-01T00:00:00.000Z\nExpiration Time: 2026-01-02T00:00:00.000Z")]
    [InlineData("field twice", "Issued At: 2026-01-01T00:00:00.000Z", "Issued At: 2026-01-01T00:00:00.000Z\nExpiration Time: 2026-01-02T00:00:00.000Z\nExpiration Time: 2026-01-02T00:00:00.000Z")]
    [InlineData("request id with a space", "Issued At: 2026-01-01T00:00:00.000Z", "Issued At: 2026-01-01T00:00:00.000Z\nRequest ID: a b")]
    [InlineData("resource without dash", "Issued At: 2026-01-01T00:00:00.000Z", "Issued At: 2026-01-01T00:00:00.000Z\nResources:\nhttps://example.com")]
    [InlineData("resource not a URI", "Issued At: 2026-01-01T00:00:00.000Z", "Issued At: 2026-01-01T00:00:00.000Z\nResources:\n- not a uri")]
    [InlineData("missing nonce", "Nonce: Qk3xV9hT2mPa7LcR0sYdWe8u\n", "")]
    public void Parse_OffTheGrammar_IsRefused(string why, string find, string replaceWith)
    {
        var text = EthersMessage.Replace(find, replaceWith);
        Assert.NotEqual(EthersMessage, text);

        Assert.False(SiweMessage.TryParse(text, out var message, out var error), why);
        Assert.Null(message);
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("app.trustledger.dev wants you to sign in with your Ethereum account:")]
    public void Parse_TruncatedText_IsRefused(string text)
    {
        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}
