namespace TrustLedger.Core; internal static class Placeholder;
