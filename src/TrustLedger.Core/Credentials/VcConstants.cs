namespace TrustLedger.Core.Credentials;

/// <summary>The fixed names of the formats we issue and accept; change none of them without a new context version.</summary>
public static class VcConstants
{
    /// <summary>VC Data Model 2.0 base context; must be the first @context entry.</summary>
    public const string CredentialsV2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>VC Data Model 1.1 base context; accepted on verification for credentials issued by others (e.g. Veramo).</summary>
    public const string CredentialsV1Context = "https://www.w3.org/2018/credentials/v1";

    /// <summary>The W3C examples context (only an @vocab); the VC 2.0 test suite's credentials use it.</summary>
    public const string CredentialsExamplesV2Context = "https://www.w3.org/ns/credentials/examples/v2";

    /// <summary>
    /// TrustLedger's own context under the example base, as credentials issued before issue 17 name it.
    /// New credentials name <see cref="CredentialUrls.Context"/> (under Credentials:PublicBaseUrl); this one is still known.
    /// </summary>
    public const string TrustLedgerContext = CredentialUrls.ExampleBase + CredentialUrls.ContextPath;

    public const string VerifiableCredentialType = "VerifiableCredential";
    public const string EnvelopedCredentialType = "EnvelopedVerifiableCredential";
    public const string EndorsementCredentialType = "EndorsementCredential";
    public const string ReciprocityCredentialType = "ReciprocityCredential";
    public const string ReputationCredentialType = "ReputationCredential";

    /// <summary>credentialStatus type that points at an on-chain anchor (see docs/credentials.md).</summary>
    public const string AnchorStatusType = "TrustLedgerAnchorStatus";

    public const string Eip712ProofType = "EthereumEip712Signature2021";
    public const string AssertionMethod = "assertionMethod";
    public const string Authentication = "authentication";
    public const string VerifiablePresentationType = "VerifiablePresentation";
    public const string EnvelopedPresentationType = "EnvelopedVerifiablePresentation";

    /// <summary>EIP-712 domain our EIP-712 credentials use (the shape Veramo's credential-eip712 uses), plus chainId.</summary>
    public const string Eip712DomainName = "VerifiableCredential";
    public const string Eip712DomainVersion = "1";
    public const string Eip712PrimaryType = "VerifiableCredential";
    public const string Eip712PresentationPrimaryType = "VerifiablePresentation";

    /// <summary>VC-JOSE-COSE: JOSE header typ and cty, and the data: URL prefix of an enveloped credential.</summary>
    public const string JwtType = "vc+jwt";
    public const string JwtContentType = "vc";
    public const string EnvelopeDataUrlPrefix = "data:application/vc+jwt,";
    public const string JwsAlgorithm = "ES256K";

    /// <summary>VC-JOSE-COSE for presentations: typ vp+jwt, cty vp, and the data: URL prefix of an EnvelopedVerifiablePresentation.</summary>
    public const string PresentationJwtType = "vp+jwt";
    public const string PresentationJwtContentType = "vp";
    public const string PresentationEnvelopeDataUrlPrefix = "data:application/vp+jwt,";
}
