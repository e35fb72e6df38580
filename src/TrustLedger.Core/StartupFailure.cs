namespace TrustLedger.Core;

/// <summary>
/// A problem with configuration or environment found at start-up (an unreachable RPC or database,
/// a missing key): the host reports its message as one line and exits 1, without a stack trace.
/// </summary>
public class StartupFailure(string message, Exception? inner = null) : Exception(message, inner);
