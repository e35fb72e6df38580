using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Attestations;

public sealed record AttestationPageView(IReadOnlyList<AttestationView> Items, string? NextCursor);
